/**
 * The form of every setting (ADR 015.3): what a value must look like, read by the Worker before it
 * records a message and by `npm run doctor` before a deploy. A value that only looks like one
 * (a placeholder such as `sk-...`) counts as missing.
 */
import { ACCOUNT_SID, WHATSAPP_ADDRESS } from "../utils/twilio-identifiers";

export type SettingName =
  | "OPENAI_API_KEY"
  | "OPENAI_BASE_URL"
  | "OPENAI_MODEL"
  | "OPENAI_TRANSCRIPTION_MODEL"
  | "TWILIO_ACCOUNT_SID"
  | "TWILIO_AUTH_TOKEN"
  | "TWILIO_AUTH_TOKEN_SECONDARY"
  | "TWILIO_WHATSAPP_NUMBER"
  | "TWILIO_API_BASE_URL"
  | "TWILIO_DELETE_MEDIA_AFTER_INGEST"
  | "TWILIO_MESSAGING_BASE_URL"
  | "PUBLIC_BASE_URL"
  | "STYLIST_WHATSAPP_NUMBER"
  | "STYLIST_NAME"
  | "STYLIST_CITY"
  | "STYLIST_BOOKING_URL"
  | "LINK_SIGNING_SECRET"
  | "RETENTION_DAYS"
  | "OPENAI_DAILY_CALL_CAP"
  | "CF_ACCESS_TEAM_DOMAIN"
  | "CF_ACCESS_AUD"
  | "TWILIO_CONTENT_BASE_URL"
  | "TWILIO_FOLLOW_UP_CONTENT_SID";

export interface SettingForm {
  /** Kept out of wrangler.toml and never printed. */
  secret: boolean;
  /** What is wrong with a value that is present, or null when its form is right. */
  problem(value: string): string | null;
}

export const MIN_LINK_SECRET_LENGTH = 16;

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Text that stands for a value in an example file: `sk-...`, `<your key>`, `your-auth-token`, `changeme`. */
export function isPlaceholder(value: string): boolean {
  return /\.\.\.|…|[<>{}]|^your[-_ ]|^(changeme|change-me|replace-?me|todo|xxx+|placeholder)$/i.test(value.trim());
}

function parsedUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** https, or http on this machine (the playground and the doctor's stand-ins). */
const secureOrLocal = (url: URL) => url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));

const baseUrl = (value: string) => {
  const url = parsedUrl(value);
  if (!url || !/^https?:$/.test(url.protocol)) return "not an http(s) URL";
  return secureOrLocal(url) ? null : "not https";
};

/** An https origin (http on this machine), without a path; `example` follows the complaint. */
function originProblem(value: string, example: string): string | null {
  const url = parsedUrl(value);
  if (!url || !secureOrLocal(url)) return `not an https origin${example}`;
  return url.pathname.replace(/\/+$/, "") || url.search || url.hash ? "not an origin (it has a path)" : null;
}

const secretText = (value: string) => (/\s/.test(value) ? "contains spaces" : null);

const E164_DIGITS = /^[1-9]\d{6,14}$/;

export const SETTING_FORMS: Record<SettingName, SettingForm> = {
  OPENAI_API_KEY: { secret: true, problem: secretText },
  OPENAI_BASE_URL: { secret: false, problem: baseUrl },
  OPENAI_MODEL: { secret: false, problem: (v) => (/^[\w.:-]+$/.test(v) ? null : "not a model name") },
  OPENAI_TRANSCRIPTION_MODEL: { secret: false, problem: (v) => (/^[\w.:-]+$/.test(v) ? null : "not a model name") },
  TWILIO_ACCOUNT_SID: { secret: false, problem: (v) => (ACCOUNT_SID.test(v) ? null : "not AC followed by 32 hex digits") },
  TWILIO_AUTH_TOKEN: { secret: true, problem: secretText },
  TWILIO_AUTH_TOKEN_SECONDARY: { secret: true, problem: secretText },
  TWILIO_WHATSAPP_NUMBER: { secret: false, problem: (v) => (WHATSAPP_ADDRESS.test(v) ? null : "not whatsapp:+ and an E.164 number") },
  TWILIO_API_BASE_URL: { secret: false, problem: baseUrl },
  TWILIO_MESSAGING_BASE_URL: { secret: false, problem: baseUrl },
  PUBLIC_BASE_URL: { secret: false, problem: (v) => originProblem(v, "") },
  STYLIST_WHATSAPP_NUMBER: {
    secret: false,
    problem: (v) => (E164_DIGITS.test(v.replace(/^\+/, "").replace(/[\s().-]/g, "")) ? null : "not an E.164 number (digits, e.g. +5215512345678)"),
  },
  STYLIST_NAME: { secret: false, problem: () => null },
  STYLIST_CITY: { secret: false, problem: () => null },
  STYLIST_BOOKING_URL: {
    secret: false,
    problem: (v) => {
      const url = parsedUrl(v);
      return url && url.protocol === "https:" ? null : "not an https URL";
    },
  },
  LINK_SIGNING_SECRET: {
    secret: true,
    problem: (v) => secretText(v) ?? (v.length < MIN_LINK_SECRET_LENGTH ? `too short (at least ${MIN_LINK_SECRET_LENGTH} characters)` : null),
  },
  TWILIO_DELETE_MEDIA_AFTER_INGEST: { secret: false, problem: (v) => (/^(true|false|on|off|yes|no|1|0)$/i.test(v) ? null : "not true or false") },
  RETENTION_DAYS: { secret: false, problem: (v) => (/^[1-9]\d{0,4}$/.test(v) ? null : "not a whole number of days") },
  OPENAI_DAILY_CALL_CAP: { secret: false, problem: (v) => (/^[1-9]\d{0,6}$/.test(v) ? null : "not a whole number of calls (1 to 9999999)") },
  CF_ACCESS_TEAM_DOMAIN: { secret: false, problem: (v) => originProblem(v, " (e.g. https://tata.cloudflareaccess.com)") },
  CF_ACCESS_AUD: { secret: false, problem: (v) => (/^[0-9a-f]{64}$/.test(v) ? null : "not an Access audience tag (64 hex digits)") },
  TWILIO_CONTENT_BASE_URL: { secret: false, problem: baseUrl },
  TWILIO_FOLLOW_UP_CONTENT_SID: { secret: false, problem: (v) => (/^HX[0-9a-f]{32}$/.test(v) ? null : "not HX followed by 32 hex digits") },
};

/** The console's settings (ADR 028): the webhook never reads them, so their form never holds up a message. */
export const CONSOLE_SETTINGS: readonly SettingName[] = ["CF_ACCESS_TEAM_DOMAIN", "CF_ACCESS_AUD", "TWILIO_CONTENT_BASE_URL", "TWILIO_FOLLOW_UP_CONTENT_SID"];

export const SETTING_NAMES = Object.keys(SETTING_FORMS) as SettingName[];

/** What the webhook needs before it records a message: the answer cannot go out without them. */
export const WEBHOOK_REQUIRED: readonly SettingName[] = [
  "OPENAI_API_KEY",
  "TWILIO_ACCOUNT_SID",
  "TWILIO_AUTH_TOKEN",
  "TWILIO_WHATSAPP_NUMBER",
  "STYLIST_WHATSAPP_NUMBER",
  "LINK_SIGNING_SECRET",
];

/** Every setting the answer reads: checked for form, when present, before a message is recorded. */
export const ANSWER_SETTINGS: readonly SettingName[] = SETTING_NAMES.filter((name) => name !== "RETENTION_DAYS" && !CONSOLE_SETTINGS.includes(name));

export interface SettingProblem {
  name: SettingName;
  problem: string;
}

/**
 * What is wrong with the settings in `env`: every `required` one that is missing (blank or a
 * placeholder), and every one present whose form is wrong.
 */
export function settingProblems(env: Readonly<Record<string, unknown>>, required: readonly SettingName[], names: readonly SettingName[] = SETTING_NAMES): SettingProblem[] {
  const problems: SettingProblem[] = [];
  for (const name of new Set([...required, ...names])) {
    const raw = env[name];
    const value = typeof raw === "string" ? raw.trim() : "";
    if (value === "") {
      if (required.includes(name)) problems.push({ name, problem: "missing" });
      continue;
    }
    if (isPlaceholder(value)) {
      problems.push({ name, problem: "a placeholder, not a real value" });
      continue;
    }
    const problem = SETTING_FORMS[name].problem(value);
    if (problem) problems.push({ name, problem });
  }
  return problems;
}

export const describeProblems = (problems: readonly SettingProblem[]) => problems.map((p) => `${p.name} (${p.problem})`).join(", ");
