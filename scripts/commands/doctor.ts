/**
 * `npm run doctor -- [--remote | --secrets-file FILE] [--offline] [--require-cloudflare] [--config wrangler.toml] [--dev-vars .dev.vars]`
 *
 * The preflight (ADR 021, scripts/preflight.ts): one line per check (`ok`, `warn`, `FAIL`,
 * `skip`), naming the setting and what to do; exit 1 when any check fails. `--remote` lists the
 * deployed Worker's secrets; `--secrets-file` reads the file the deploy uploads; `--offline`
 * skips the providers, saying so. The account's KV namespace and bucket are checked with
 * `--remote` or whenever CLOUDFLARE_API_TOKEN is set; `--require-cloudflare` (CI) fails when they
 * cannot be checked.
 */
import { parseArgs } from "node:util";
import type { Command } from "../cli";
import { preflight } from "../preflight";

const USAGE = "usage: npm run doctor -- [--remote | --secrets-file FILE] [--offline] [--require-cloudflare] [--config wrangler.toml] [--dev-vars .dev.vars]";

export const doctor: Command = async (argv, env, io) => {
  const options = {
    remote: { type: "boolean", default: false },
    "secrets-file": { type: "string" },
    offline: { type: "boolean", default: false },
    "require-cloudflare": { type: "boolean", default: false },
    config: { type: "string", default: "wrangler.toml" },
    "dev-vars": { type: "string", default: env.DEV_VARS_FILE ?? ".dev.vars" },
  } as const;
  let values: ReturnType<typeof parseArgs<{ options: typeof options }>>["values"];
  try {
    ({ values } = parseArgs({ args: argv, options }));
  } catch (error) {
    io.stderr(`doctor: ${(error as Error).message}`);
    io.stderr(USAGE);
    return 2;
  }
  return preflight(
    {
      config: values.config!,
      devVars: values["dev-vars"]!,
      secretsFile: values["secrets-file"],
      remote: values.remote,
      offline: values.offline,
      requireCloudflare: values["require-cloudflare"],
      env: { ...env, WRANGLER_SEND_METRICS: env.WRANGLER_SEND_METRICS ?? "false" },
    },
    { line: io.stdout, problem: io.stderr },
  );
};
