/**
 * The doctor's offline checks (ADR 021): wrangler.toml's bindings, every setting's form, and the
 * secrets present by name. Values of secrets are never printed.
 */
import { SETTING_FORMS, SETTING_NAMES, settingProblems, WEBHOOK_REQUIRED } from "../src/config/setting-forms";

export type Verdict = "ok" | "warn" | "fail" | "skip";

export interface Finding {
  verdict: Verdict;
  subject: string;
  detail: string;
}

export const SECRET_NAMES = SETTING_NAMES.filter((name) => SETTING_FORMS[name].secret);

interface Binding {
  binding?: unknown;
  id?: unknown;
  bucket_name?: unknown;
}

export interface WranglerConfig {
  name?: unknown;
  vars?: Record<string, unknown>;
  kv_namespaces?: Binding[];
  r2_buckets?: Binding[];
}

export function bindingFindings(config: WranglerConfig): Finding[] {
  const kv = config.kv_namespaces?.find((b) => b.binding === "CHAT_HISTORY");
  const r2 = config.r2_buckets?.find((b) => b.binding === "MEDIA_BUCKET");
  const kvId = typeof kv?.id === "string" ? kv.id : "";
  const bucket = typeof r2?.bucket_name === "string" ? r2.bucket_name : "";
  return [
    !kv
      ? { verdict: "fail", subject: "KV CHAT_HISTORY", detail: "no [[kv_namespaces]] binding named CHAT_HISTORY in wrangler.toml" }
      : !/^[0-9a-f]{32}$/.test(kvId) || /^0+$/.test(kvId)
        ? { verdict: "fail", subject: "KV CHAT_HISTORY", detail: `id "${kvId}" is not a real namespace id: put the id that \`npx wrangler kv namespace create CHAT_HISTORY\` printed in wrangler.toml` }
        : { verdict: "ok", subject: "KV CHAT_HISTORY", detail: `namespace ${kvId}` },
    !r2
      ? { verdict: "fail", subject: "R2 MEDIA_BUCKET", detail: "no [[r2_buckets]] binding named MEDIA_BUCKET in wrangler.toml" }
      : !/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)
        ? { verdict: "fail", subject: "R2 MEDIA_BUCKET", detail: `bucket_name "${bucket}" is not a valid R2 bucket name (3-63 lowercase letters, digits, hyphens)` }
        : { verdict: "ok", subject: "R2 MEDIA_BUCKET", detail: `bucket ${bucket} (create it once with \`npx wrangler r2 bucket create ${bucket}\`)` },
  ];
}

export interface SettingsSource {
  /** wrangler.toml's [vars]. */
  vars: Record<string, unknown>;
  /** Values that override [vars] and supply the secrets (.dev.vars locally, or the deploy's secrets file); secrets among them are checked, never printed. */
  overrides: Record<string, string>;
  /** Where the overrides were read, for the messages: ".dev.vars", "the secrets file". */
  overridesFrom: string;
  /** Secret names the deployed Worker has (`wrangler secret list`), when their values cannot be known. */
  deployedSecretNames?: readonly string[];
  /** Why the deployed Worker's secrets could not be listed: each secret is then "not checked", never "missing". */
  secretsNotChecked?: string;
}

/** Every setting: present when required, right in form when present; secrets by name only. */
export function settingFindings(source: SettingsSource): Finding[] {
  const values: Record<string, unknown> = { ...source.vars, ...source.overrides };
  const findings: Finding[] = [];
  for (const name of SETTING_NAMES) {
    const secret = SETTING_FORMS[name].secret;
    const inVars = typeof source.vars[name] === "string" && (source.vars[name] as string).trim() !== "";
    if (secret && inVars) {
      findings.push({ verdict: "fail", subject: name, detail: "is a secret but has a value in wrangler.toml's [vars]: remove it there and use `npx wrangler secret put " + name + "`" });
      continue;
    }
    if (secret && source.secretsNotChecked) {
      findings.push({ verdict: "skip", subject: name, detail: `not checked: ${source.secretsNotChecked}` });
      continue;
    }
    if (secret && source.deployedSecretNames) {
      findings.push(
        source.deployedSecretNames.includes(name)
          ? { verdict: "ok", subject: name, detail: `set on the deployed Worker (its form cannot be read back)` }
          : !WEBHOOK_REQUIRED.includes(name)
            ? { verdict: "ok", subject: name, detail: "not set on the deployed Worker (optional)" }
            : { verdict: "fail", subject: name, detail: `missing on the deployed Worker: \`npx wrangler secret put ${name}\`` },
      );
      continue;
    }
    const problem = settingProblems(values, WEBHOOK_REQUIRED, [name]).find((p) => p.name === name);
    const value = typeof values[name] === "string" ? (values[name] as string).trim() : "";
    if (problem) {
      const where = name in source.overrides || secret ? `in ${source.overridesFrom}` : "in wrangler.toml's [vars]";
      findings.push({ verdict: "fail", subject: name, detail: `${problem.problem} ${where}` });
    } else if (!value) {
      findings.push(
        name === "PUBLIC_BASE_URL"
          ? { verdict: "warn", subject: name, detail: "unset: signatures are checked against each request's own origin; set it to the origin Twilio calls" }
          : { verdict: "ok", subject: name, detail: "unset (optional, the default applies)" },
      );
    } else {
      findings.push({ verdict: "ok", subject: name, detail: secret ? `set in ${source.overridesFrom}` : value });
    }
  }
  return findings;
}
