/**
 * What `npm start` gives the Worker: `.dev.vars` values where they exist, and local stand-ins
 * with generated values for whatever service has no credentials there (OpenAI without a key,
 * Twilio without an account SID, auth token and sender). Local secrets are generated once and
 * kept beside the local state, so summary links and replay keep working across restarts.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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

const present = (vars: DevVars, name: string) => (vars[name] ?? "").trim() !== "";

export function serviceModes(devVars: DevVars): ServiceModes {
  return {
    openai: present(devVars, "OPENAI_API_KEY") ? "real" : "stand-in",
    twilio: ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_NUMBER"].every((name) => present(devVars, name)) ? "real" : "stand-in",
  };
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
    });
  }
  return vars;
}
