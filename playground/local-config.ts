/**
 * What `npm start` gives the Worker: `.dev.vars` values where they exist, and local stand-ins
 * with generated values for whatever service has no credentials there (OpenAI without a key,
 * Twilio without an account SID, auth token and sender). Local secrets are generated once and
 * kept beside the local state, so summary links and replay keep working across restarts.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { settingProblems, type SettingName } from "../src/config/setting-forms";

export type DevVars = Record<string, string>;

export interface ServiceModes {
  openai: "stand-in" | "real";
  twilio: "stand-in" | "real";
}

/** `KEY=value` lines of a `.dev.vars` file (comments, blank lines and surrounding quotes ignored). */
export function parseDevVars(text: string): DevVars {
  const vars: DevVars = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith("#")) continue;
    vars[match[1]!] = match[2]!.replace(/^(["'])(.*)\1$/, "$2");
  }
  return vars;
}

export function readDevVars(path = ".dev.vars"): DevVars {
  return existsSync(path) ? parseDevVars(readFileSync(path, "utf8")) : {};
}

/** The settings in `.dev.vars` that switch each service from its stand-in to the real one, all of them needed. */
export const REAL_SERVICE_SETTINGS: Record<keyof ServiceModes, readonly SettingName[]> = {
  openai: ["OPENAI_API_KEY"],
  twilio: ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_NUMBER"],
};

/** Why each service still uses its stand-in (its settings missing, placeholders or malformed), or null when the real one is used. */
export function standInReasons(devVars: DevVars): Record<keyof ServiceModes, string | null> {
  const reason = (names: readonly SettingName[]) => {
    const problems = settingProblems(devVars, names, names);
    return problems.length ? problems.map((p) => `${p.name} ${p.problem}`).join("; ") : null;
  };
  return { openai: reason(REAL_SERVICE_SETTINGS.openai), twilio: reason(REAL_SERVICE_SETTINGS.twilio) };
}

export function serviceModes(devVars: DevVars): ServiceModes {
  const reasons = standInReasons(devVars);
  return { openai: reasons.openai ? "stand-in" : "real", twilio: reasons.twilio ? "stand-in" : "real" };
}

export interface LocalSecrets {
  TWILIO_AUTH_TOKEN: string;
  LINK_SIGNING_SECRET: string;
}

const secretsFile = (persistDir: string) => join(persistDir, "playground-secrets.json");

/** The local secrets kept under the persist directory, or null when `npm start` never ran there. Never writes. */
export function readLocalSecrets(persistDir: string): LocalSecrets | null {
  const file = secretsFile(persistDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as LocalSecrets) : null;
}

/** The local secrets of this persist directory, generated on first use. */
export function localSecrets(persistDir: string): LocalSecrets {
  const existing = readLocalSecrets(persistDir);
  if (existing) return existing;
  const created = { TWILIO_AUTH_TOKEN: randomBytes(16).toString("hex"), LINK_SIGNING_SECRET: randomBytes(32).toString("base64url") };
  mkdirSync(persistDir, { recursive: true });
  writeFileSync(secretsFile(persistDir), JSON.stringify(created, null, 2), { mode: 0o600 });
  return created;
}

const workerUrlFile = (persistDir: string) => join(persistDir, "playground-worker-url.txt");

/** Remembers the origin the local Worker runs on, so replay builds the same links as the Worker did. */
export function recordWorkerUrl(persistDir: string, url: string): void {
  mkdirSync(persistDir, { recursive: true });
  writeFileSync(workerUrlFile(persistDir), `${url}\n`);
}

/** The origin the last `npm start` of this persist directory ran its Worker on, or null. */
export function recordedWorkerUrl(persistDir: string): string | null {
  const file = workerUrlFile(persistDir);
  return existsSync(file) ? readFileSync(file, "utf8").trim() || null : null;
}

export const LOCAL_ACCOUNT_SID = "AC000000000000000000000000000000aa";
export const LOCAL_ASSISTANT_NUMBER = "whatsapp:+14155238886";
export const LOCAL_STYLIST_NUMBER = "+15550001111";
export const DEFAULT_WORKER_PORT = 8787;

/** The vars every local run shares, `npm start` and replay alike: `.dev.vars` first, then local values. */
export function localVars(devVars: DevVars, workerUrl: string, secrets: LocalSecrets | null): Record<string, string> {
  const linkSecret = devVars.LINK_SIGNING_SECRET || secrets?.LINK_SIGNING_SECRET;
  return {
    ...devVars,
    PUBLIC_BASE_URL: devVars.PUBLIC_BASE_URL || workerUrl,
    STYLIST_WHATSAPP_NUMBER: devVars.STYLIST_WHATSAPP_NUMBER || LOCAL_STYLIST_NUMBER,
    ...(linkSecret ? { LINK_SIGNING_SECRET: linkSecret } : {}),
  };
}

/** The Worker's vars for `npm start`. `standIns` is the stand-ins' origins, when any service uses them. */
export function workerVars(options: {
  devVars: DevVars;
  modes: ServiceModes;
  workerUrl: string;
  secrets: LocalSecrets;
  standIns?: { openaiBaseUrl: string; twilioBaseUrl: string };
}): Record<string, string> {
  const { modes, standIns, secrets } = options;
  const vars = localVars(options.devVars, options.workerUrl, secrets);
  if (modes.openai === "stand-in") {
    if (!standIns) throw new Error("the OpenAI stand-in is needed but not running");
    Object.assign(vars, { OPENAI_API_KEY: "sk-local-stand-in", OPENAI_BASE_URL: standIns.openaiBaseUrl });
  }
  if (modes.twilio === "stand-in") {
    if (!standIns) throw new Error("the Twilio stand-in is needed but not running");
    Object.assign(vars, {
      TWILIO_ACCOUNT_SID: LOCAL_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: secrets.TWILIO_AUTH_TOKEN,
      TWILIO_WHATSAPP_NUMBER: LOCAL_ASSISTANT_NUMBER,
      TWILIO_API_BASE_URL: standIns.twilioBaseUrl,
      TWILIO_MESSAGING_BASE_URL: standIns.twilioBaseUrl,
    });
  }
  return vars;
}
