/**
 * The preflight behind `npm run doctor` (ADR 021.1-3): checks the deployment as it would run,
 * in seconds, before anything slow. wrangler.toml's bindings, every setting's form, the secrets
 * present (by name, never printing a value), then, where a network and keys are available,
 * OpenAI (the key, the models and their shutdown dates), Twilio (the account SID and token) and
 * PUBLIC_BASE_URL's /health.
 *
 * Where the secrets come from: `.dev.vars` by default (as `wrangler dev` reads them, over
 * wrangler.toml's [vars]); a secrets file (the JSON `wrangler deploy --secrets-file` uploads);
 * or, remotely, the names the deployed Worker has (`wrangler secret list`; their values cannot
 * be read back, so the checks that need them say so).
 */
import type { CliEnv } from "./cli";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { experimental_readRawConfig } from "wrangler";
import { parseDevVars, readDevVars } from "../playground/local-config";
import { loadConfig } from "../src/config/settings";
import { linkSecretFinding } from "./preflight-link-secret";
import { networkFindings, offlineModelFindings } from "./preflight-network";
import { bindingFindings, settingFindings, type Finding, type SettingsSource, type WranglerConfig } from "./preflight-settings";

export interface PreflightOptions {
  /** Path of wrangler.toml. */
  config: string;
  /** Path of .dev.vars, read when neither `secretsFile` nor `remote` is given. */
  devVars: string;
  secretsFile?: string;
  remote?: boolean;
  offline?: boolean;
  /** CI's "Cloudflare side first" (ADR 030.8): the account must be reachable; what could not be checked there fails. */
  requireCloudflare?: boolean;
  /** The environment `wrangler` runs in and CLOUDFLARE_API_TOKEN is read from: the process's unless given. */
  env?: CliEnv;
}

/** Where the report goes: `line` for each line, `problem` for the closing line when something failed. */
export interface PreflightOutput {
  line(text: string): void;
  problem(text: string): void;
}

const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");

/** `wrangler ARGS` on the account: its output, or the one line that says why it failed. */
function wrangler(args: string[], configPath: string, env: CliEnv): { output: string } | { failure: string } {
  const run = spawnSync("wrangler", [...args, "--config", configPath], { encoding: "utf8", env: env as NodeJS.ProcessEnv });
  const output = plain(`${run.stdout ?? ""}\n${run.stderr ?? ""}`);
  if (run.status === 0) return { output };
  const lines = output.split("\n").map((l) => l.trim());
  const reason = lines.find((l) => /enable R2/i.test(l)) ?? lines.find((l) => /error|not found|auth|login|token|fetch/i.test(l));
  return { failure: reason ?? run.error?.message ?? `wrangler ${args.join(" ")} exited ${run.status}` };
}

/** The deployed Worker's secret names, or the one line that says why they could not be listed. */
/** `wrangler ARGS` against the config being checked. */
type Wrangler = (args: string[]) => ReturnType<typeof wrangler>;

function deployedSecretNames(run: Wrangler): string[] | string {
  const listed = run(["secret", "list", "--format", "json"]);
  if ("failure" in listed) return listed.failure;
  try {
    return (JSON.parse(listed.output.slice(listed.output.indexOf("["), listed.output.lastIndexOf("]") + 1)) as Array<{ name: string }>).map((s) => s.name);
  } catch {
    return "wrangler secret list printed no JSON";
  }
}

/** With --remote: the KV namespace and the bucket exist on the account (and R2 is enabled). */
function accountBindingFindings(config: WranglerConfig, run: Wrangler, required: boolean, env: CliEnv): Finding[] {
  if (required && !env.CLOUDFLARE_API_TOKEN) {
    return [{ verdict: "fail", subject: "Cloudflare", detail: "CLOUDFLARE_API_TOKEN is not set: add it (and CLOUDFLARE_ACCOUNT_ID) to the repository's secrets" }];
  }
  const findings = accountFindings(config, run);
  return required ? findings.map((f) => (f.verdict === "skip" ? { ...f, verdict: "fail" } : f)) : findings;
}

function accountFindings(config: WranglerConfig, run: Wrangler): Finding[] {
  const kvId = config.kv_namespaces?.find((b) => b.binding === "CHAT_HISTORY")?.id;
  const bucket = config.r2_buckets?.find((b) => b.binding === "MEDIA_BUCKET")?.bucket_name;
  const findings: Finding[] = [];
  const namespaces = run(["kv", "namespace", "list"]);
  if ("failure" in namespaces) {
    findings.push({ verdict: "skip", subject: "KV CHAT_HISTORY on the account", detail: `not checked: ${namespaces.failure}` });
  } else {
    let ids: string[] = [];
    try {
      ids = (JSON.parse(namespaces.output.slice(namespaces.output.indexOf("["), namespaces.output.lastIndexOf("]") + 1)) as Array<{ id: string }>).map((n) => n.id);
    } catch {
      ids = [];
    }
    findings.push(
      ids.includes(String(kvId))
        ? { verdict: "ok", subject: "KV CHAT_HISTORY on the account", detail: `namespace ${kvId} exists` }
        : { verdict: "fail", subject: "KV CHAT_HISTORY on the account", detail: `no KV namespace ${kvId} on this account: create it (\`npx wrangler kv namespace create CHAT_HISTORY\`) and put its id in wrangler.toml` },
    );
  }
  const buckets = run(["r2", "bucket", "list"]);
  if ("failure" in buckets) {
    findings.push(
      /enable R2/i.test(buckets.failure)
        ? { verdict: "fail", subject: "R2 MEDIA_BUCKET on the account", detail: "R2 is not enabled on this account: enable it once in the Cloudflare dashboard (R2 Object Storage)" }
        : { verdict: "skip", subject: "R2 MEDIA_BUCKET on the account", detail: `not checked: ${buckets.failure}` },
    );
  } else {
    const names = [...buckets.output.matchAll(/^\s*name:\s+(\S+)/gm)].map((m) => m[1]);
    findings.push(
      names.includes(String(bucket))
        ? { verdict: "ok", subject: "R2 MEDIA_BUCKET on the account", detail: `bucket ${bucket} exists` }
        : { verdict: "fail", subject: "R2 MEDIA_BUCKET on the account", detail: `no bucket ${bucket} on this account: \`npx wrangler r2 bucket create ${bucket}\`` },
    );
  }
  return findings;
}

/**
 * The secrets file, read as `wrangler deploy --secrets-file` reads it: JSON, else `.env` lines.
 * What is wrong with it is said by position only: its text holds the secrets.
 */
export function readSecretsFile(path: string): { values: Record<string, string> } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: `cannot read the secrets file ${path}: ${code === "ENOENT" ? "no such file" : (code ?? "unreadable")}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const lines = parseDevVars(text);
    if (Object.keys(lines).length) return { values: lines };
    return { problem: `the secrets file ${path} is not valid JSON (${jsonErrorPosition(text, error)}) nor KEY=value lines` };
  }
  if (!json || typeof json !== "object" || Array.isArray(json) || Object.values(json).some((v) => typeof v !== "string")) {
    return { problem: `the secrets file ${path} is JSON but not one object of names to text values` };
  }
  return { values: json as Record<string, string> };
}

/** Where JSON.parse stopped, as "line L, column C", taken from its message's offset (never its quoted text). */
function jsonErrorPosition(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `line ${lineColumn[1]}, column ${lineColumn[2]}`;
  const offset = Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

function settingsSource(options: PreflightOptions, config: WranglerConfig, run: Wrangler): { source: SettingsSource; note?: Finding } | { problem: string } {
  const vars = config.vars ?? {};
  if (options.secretsFile) {
    const read = readSecretsFile(options.secretsFile);
    if ("problem" in read) return read;
    return { source: { vars, overrides: read.values, overridesFrom: `the secrets file ${options.secretsFile}` } };
  }
  if (options.remote) {
    const names = deployedSecretNames(run);
    if (typeof names === "string") {
      const why = `could not list the deployed Worker's secrets: ${names} (\`npx wrangler login\` or CLOUDFLARE_API_TOKEN; a Worker never deployed has none yet, use --secrets-file)`;
      return {
        source: { vars, overrides: {}, overridesFrom: "the deployed Worker", secretsNotChecked: why },
        note: { verdict: "skip", subject: "secrets on the deployed Worker", detail: `not checked: ${why}` },
      };
    }
    return { source: { vars, overrides: {}, overridesFrom: "the deployed Worker", deployedSecretNames: names } };
  }
  return { source: { vars, overrides: readDevVars(options.devVars), overridesFrom: options.devVars } };
}

const MARK: Record<Finding["verdict"], string> = { ok: "ok  ", warn: "warn", fail: "FAIL", skip: "skip" };

/** Runs every check, writes the report, and returns the exit code: 1 when any check failed. */
export async function preflight(options: PreflightOptions, output: PreflightOutput): Promise<number> {
  if (!existsSync(options.config)) {
    output.problem(`doctor: ${options.config} not found (run it from the repository's root, or pass --config)`);
    return 1;
  }
  const config = experimental_readRawConfig({ config: options.config }).rawConfig as WranglerConfig;
  const findings: Finding[] = [];
  const report = (finding: Finding) => {
    findings.push(finding);
    output.line(`  ${MARK[finding.verdict]}  ${finding.subject}: ${finding.detail}`);
  };
  const env = options.env ?? process.env;
  const run: Wrangler = (args) => wrangler(args, options.config, env);
  const chosen = settingsSource(options, config, run);
  if ("problem" in chosen) {
    output.problem(`doctor: ${chosen.problem}`);
    return 1;
  }
  const { source, note } = chosen;

  output.line(`doctor: wrangler.toml (${options.config})`);
  bindingFindings(config).forEach(report);
  // The account's side whenever wrangler can act on it: --remote, or a token in the environment (ADR 030.8).
  if (options.remote || options.requireCloudflare || env.CLOUDFLARE_API_TOKEN) {
    accountBindingFindings(config, run, options.requireCloudflare ?? false, env).forEach(report);
  }

  const local = !options.secretsFile && !options.remote ? "; this machine's, for `npm start`: `--remote` or `--secrets-file FILE` checks production's" : "";
  output.line(`doctor: settings (wrangler.toml's [vars], secrets from ${source.overridesFrom}${local})`);
  if (note) report(note);
  settingFindings(source).forEach(report);

  output.line("doctor: providers");
  const network = options.offline
    ? [...offlineModelFindings({ ...source.vars, ...source.overrides }), { verdict: "skip", subject: "network", detail: "not checked (--offline): OpenAI's key and models, Twilio's credentials, PUBLIC_BASE_URL's /health" } satisfies Finding]
    : await networkFindings({ ...source.vars, ...source.overrides });
  network.forEach(report);
  const linkSecret = source.overrides.LINK_SIGNING_SECRET;
  const publicBaseUrl = loadConfig(source.vars).publicBaseUrl;
  // Only for a secret about to be deployed (a secrets file), with a network and a public origin that passed their checks.
  if (options.secretsFile && !options.offline && linkSecret && publicBaseUrl && !findings.some((f) => f.verdict === "fail" && ["LINK_SIGNING_SECRET", "PUBLIC_BASE_URL"].includes(f.subject))) {
    report(await linkSecretFinding(linkSecret, publicBaseUrl, run));
  }

  const failed = findings.filter((f) => f.verdict === "fail");
  const warned = findings.filter((f) => f.verdict === "warn");
  const skipped = findings.filter((f) => f.verdict === "skip");
  if (failed.length) {
    output.problem(`doctor: ${failed.length} problem(s): ${failed.map((f) => f.subject).join(", ")}. See docs/operations.md.`);
    return 1;
  }
  output.line(`doctor: no problems${warned.length ? `, ${warned.length} warning(s)` : ""}${skipped.length ? `; not checked: ${skipped.map((f) => f.subject).join(", ")}` : ""}.`);
  return 0;
}
