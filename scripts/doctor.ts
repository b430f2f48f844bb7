/**
 * `npm run doctor -- [--remote | --secrets-file FILE] [--offline] [--config wrangler.toml] [--dev-vars .dev.vars]`
 *
 * The preflight (ADR 021): checks the deployment as it would run, in seconds, before anything
 * slow. wrangler.toml's bindings, every setting's form, the secrets present (by name, never
 * printing a value), then, where a network and keys are available, OpenAI (the key, the models
 * and their shutdown dates), Twilio (the account SID and token) and PUBLIC_BASE_URL's /health.
 *
 * Where the secrets come from: `.dev.vars` by default (as `wrangler dev` reads them, over
 * wrangler.toml's [vars]); `--secrets-file` the JSON file `wrangler deploy --secrets-file`
 * uploads; `--remote` the names the deployed Worker has (`wrangler secret list`; their values
 * cannot be read back, so the checks that need them say so). Exit 1 when any check fails.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { experimental_readRawConfig } from "wrangler";
import { readDevVars } from "../playground/local-config";
import { networkFindings } from "./preflight-network";
import { bindingFindings, settingFindings, type Finding, type SettingsSource, type WranglerConfig } from "./preflight-settings";

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

function readWranglerConfig(path: string): WranglerConfig {
  if (!existsSync(path)) {
    console.error(`doctor: ${path} not found (run it from the repository's root, or pass --config)`);
    process.exit(1);
  }
  return experimental_readRawConfig({ config: path }).rawConfig as WranglerConfig;
}

/** The deployed Worker's secret names, or the one line that says why they could not be listed. */
function deployedSecretNames(configPath: string): string[] | string {
  const listed = spawnSync("wrangler", ["secret", "list", "--format", "json", "--config", configPath], { encoding: "utf8" });
  if (listed.status !== 0) {
    const reason = `${listed.stderr ?? ""}\n${listed.stdout ?? ""}`.split("\n").map((l) => l.replace(/\x1b\[[0-9;]*m/g, "").trim()).find((l) => /error|not found|auth|login|token|fetch/i.test(l));
    return reason ?? listed.error?.message ?? `wrangler secret list exited ${listed.status}`;
  }
  try {
    return (JSON.parse(listed.stdout.slice(listed.stdout.indexOf("["))) as Array<{ name: string }>).map((s) => s.name);
  } catch {
    return "wrangler secret list printed no JSON";
  }
}

function settingsSource(config: WranglerConfig): { source: SettingsSource; note?: Finding } {
  const vars = config.vars ?? {};
  if (values["secrets-file"]) {
    const secrets = JSON.parse(readFileSync(values["secrets-file"], "utf8")) as Record<string, string>;
    return { source: { vars, overrides: secrets, overridesFrom: "the secrets file" } };
  }
  if (values.remote) {
    const names = deployedSecretNames(values.config!);
    if (typeof names === "string") {
      return {
        source: { vars, overrides: {}, overridesFrom: "the deployed Worker", deployedSecretNames: [] },
        note: { verdict: "fail", subject: "secrets", detail: `could not list the deployed Worker's secrets: ${names} (\`npx wrangler login\` or CLOUDFLARE_API_TOKEN; a Worker never deployed has none yet)` },
      };
    }
    return { source: { vars, overrides: {}, overridesFrom: "the deployed Worker", deployedSecretNames: names } };
  }
  const devVarsPath = values["dev-vars"]!;
  return { source: { vars, overrides: readDevVars(devVarsPath), overridesFrom: devVarsPath } };
}

const MARK: Record<Finding["verdict"], string> = { ok: "ok  ", warn: "warn", fail: "FAIL", skip: "skip" };
const findings: Finding[] = [];
function report(finding: Finding): void {
  findings.push(finding);
  console.log(`  ${MARK[finding.verdict]}  ${finding.subject}: ${finding.detail}`);
}

const config = readWranglerConfig(values.config!);
const { source, note } = settingsSource(config);

console.log(`doctor: wrangler.toml (${values.config})`);
bindingFindings(config).forEach(report);

console.log(`doctor: settings (wrangler.toml's [vars], secrets from ${source.overridesFrom})`);
if (note) report(note);
settingFindings(source).forEach(report);

console.log("doctor: providers");
const network = values.offline
  ? [{ verdict: "skip", subject: "network", detail: "not checked (--offline): OpenAI's key and models, Twilio's credentials, PUBLIC_BASE_URL's /health" } satisfies Finding]
  : await networkFindings({ ...source.vars, ...source.overrides });
network.forEach(report);

const failed = findings.filter((f) => f.verdict === "fail");
const warned = findings.filter((f) => f.verdict === "warn");
const skipped = findings.filter((f) => f.verdict === "skip");
if (failed.length) {
  console.error(`doctor: ${failed.length} problem(s): ${failed.map((f) => f.subject).join(", ")}. See docs/operations.md.`);
  process.exit(1);
}
console.log(`doctor: no problems${warned.length ? `, ${warned.length} warning(s)` : ""}${skipped.length ? `; not checked: ${skipped.map((f) => f.subject).join(", ")}` : ""}.`);
