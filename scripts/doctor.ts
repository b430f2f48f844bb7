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
import { preflight } from "./preflight";

const options = {
    remote: { type: "boolean", default: false },
    "secrets-file": { type: "string" },
    offline: { type: "boolean", default: false },
    "require-cloudflare": { type: "boolean", default: false },
    config: { type: "string", default: "wrangler.toml" },
    "dev-vars": { type: "string", default: process.env.DEV_VARS_FILE ?? ".dev.vars" },
} as const;

let values: ReturnType<typeof parseArgs<{ options: typeof options }>>["values"];
try {
  ({ values } = parseArgs({ options }));
} catch (error) {
  console.error(`doctor: ${(error as Error).message}`);
  console.error("usage: npm run doctor -- [--remote | --secrets-file FILE] [--offline] [--require-cloudflare] [--config wrangler.toml] [--dev-vars .dev.vars]");
  process.exit(2);
}

process.env.WRANGLER_SEND_METRICS ??= "false";

process.exitCode = await preflight(
  { config: values.config!, devVars: values["dev-vars"]!, secretsFile: values["secrets-file"], remote: values.remote, offline: values.offline, requireCloudflare: values["require-cloudflare"] },
  { line: (text) => console.log(text), problem: (text) => console.error(text) },
);
