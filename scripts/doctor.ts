/**
 * `npm run doctor -- [--remote | --secrets-file FILE] [--offline] [--config wrangler.toml] [--dev-vars .dev.vars]`
 *
 * The preflight (ADR 021, scripts/preflight.ts): one line per check (`ok`, `warn`, `FAIL`,
 * `skip`), naming the setting and what to do; exit 1 when any check fails. `--remote` lists the
 * deployed Worker's secrets; `--secrets-file` reads the file the deploy uploads; `--offline`
 * skips the providers, saying so.
 */
import { parseArgs } from "node:util";
import { preflight } from "./preflight";

const { values } = parseArgs({
  options: {
    remote: { type: "boolean", default: false },
    "secrets-file": { type: "string" },
    offline: { type: "boolean", default: false },
    config: { type: "string", default: "wrangler.toml" },
    "dev-vars": { type: "string", default: process.env.DEV_VARS_FILE ?? ".dev.vars" },
  },
});

process.env.WRANGLER_SEND_METRICS ??= "false";

process.exitCode = await preflight(
  { config: values.config!, devVars: values["dev-vars"]!, secretsFile: values["secrets-file"], remote: values.remote, offline: values.offline },
  { line: (text) => console.log(text), problem: (text) => console.error(text) },
);
