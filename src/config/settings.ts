/**
 * Typed configuration from the Worker's env: the names and defaults of docs/interface.md's
 * interface, read in one place. Reading never throws; a route that needs a value that
 * is missing answers 503 naming it (the `configured` middleware).
 */
import type { MiddlewareHandler } from "hono";
import { logEvent } from "../utils/log";
import { describeProblems, settingProblems, type SettingName } from "./setting-forms";

export interface Config {
  openai: {
    apiKey: string;
    baseURL: string;
    model: string;
    transcriptionModel: string;
    /** OpenAI calls the whole deployment may make in any 24 hours (ADR 029.6). */
    dailyCallCap: number;
  };
  twilio: {
    accountSid: string;
    authToken: string;
    /** Only during a rotation (ADR 030.3): a second token whose webhook signatures are accepted; never used to call Twilio. */
    secondaryAuthToken: string;
    whatsappNumber: string;
    apiBaseUrl: string;
    /** Delete Twilio's copy of a media file once ours is stored (ADR 020.5). */
    deleteMediaAfterIngest: boolean;
    /** Twilio's messaging API, where the WhatsApp typing indicator lives (ADR 016.6). */
    messagingBaseUrl: string;
    /** Twilio's Content API, where a template's WhatsApp approval is read (the doctor, ADR 028). */
    contentBaseUrl: string;
    /** The approved template the stylist may send after the 24-hour window (`HX…`); "" when unset. */
    followUpContentSid: string;
  };
  /** Cloudflare Access in front of the console (ADR 028): both "" means the console is off. */
  access: { teamDomain: string; aud: string };
  /** The public origin Twilio calls; undefined means "the request's own origin". */
  publicBaseUrl: string | undefined;
  stylist: { name: string; city: string; bookingUrl: string; whatsappNumber: string };
  linkSigningSecret: string;
  /** How long stored data lives (ADR 020.4): R2's lifecycle rule and every KV write's expiration. */
  retentionDays: number;
  /** Every outbound HTTP call goes through this, so tests and the playground can redirect it. */
  fetch: typeof fetch;
}

const text = (value: unknown, fallback = ""): string =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : fallback;

const origin = (value: unknown, fallback: string): string => text(value, fallback).replace(/\/+$/, "");

/** The Worker's env: wrangler.toml's vars and the secrets, with the optional ones `wrangler types` does not declare. */
export type Settings = Partial<Env> & { TWILIO_AUTH_TOKEN_SECONDARY?: string };

export function loadConfig(env: Settings, fetchImpl?: typeof fetch): Config {
  return {
    openai: {
      apiKey: text(env.OPENAI_API_KEY),
      baseURL: origin(env.OPENAI_BASE_URL, "https://api.openai.com/v1"),
      model: text(env.OPENAI_MODEL, "gpt-6-luna"),
      transcriptionModel: text(env.OPENAI_TRANSCRIPTION_MODEL, "gpt-transcribe"),
      dailyCallCap: wholeNumberOf(env.OPENAI_DAILY_CALL_CAP, DEFAULT_DAILY_CALL_CAP),
    },
    twilio: {
      accountSid: text(env.TWILIO_ACCOUNT_SID),
      authToken: text(env.TWILIO_AUTH_TOKEN),
      secondaryAuthToken: text(env.TWILIO_AUTH_TOKEN_SECONDARY),
      whatsappNumber: text(env.TWILIO_WHATSAPP_NUMBER),
      apiBaseUrl: origin(env.TWILIO_API_BASE_URL, "https://api.twilio.com"),
      deleteMediaAfterIngest: switchOf(env.TWILIO_DELETE_MEDIA_AFTER_INGEST, true),
      messagingBaseUrl: origin(env.TWILIO_MESSAGING_BASE_URL, "https://messaging.twilio.com"),
      contentBaseUrl: origin(env.TWILIO_CONTENT_BASE_URL, "https://content.twilio.com"),
      followUpContentSid: text(env.TWILIO_FOLLOW_UP_CONTENT_SID),
    },
    access: { teamDomain: origin(env.CF_ACCESS_TEAM_DOMAIN, ""), aud: text(env.CF_ACCESS_AUD) },
    publicBaseUrl: text(env.PUBLIC_BASE_URL) ? origin(env.PUBLIC_BASE_URL, "") : undefined,
    stylist: {
      name: text(env.STYLIST_NAME, "Tata Oro"),
      city: text(env.STYLIST_CITY),
      bookingUrl: text(env.STYLIST_BOOKING_URL),
      whatsappNumber: text(env.STYLIST_WHATSAPP_NUMBER).replace(/[^\d]/g, ""),
    },
    linkSigningSecret: text(env.LINK_SIGNING_SECRET),
    retentionDays: retentionDaysOf(env.RETENTION_DAYS),
    // Resolved at call time: a fetch patched after this module loaded (msw in specs) is honoured.
    fetch: fetchImpl ?? ((input, init) => fetch(input, init)),
  };
}

/** An on/off setting: `false`, `off`, `no` or `0` (any case) turn it off, `true`, `on`, `yes` or `1` on; anything else is the default. */
function switchOf(value: unknown, fallback: boolean): boolean {
  const word = text(value).toLowerCase();
  if (["false", "off", "no", "0"].includes(word)) return false;
  if (["true", "on", "yes", "1"].includes(word)) return true;
  return fallback;
}

export const DEFAULT_RETENTION_DAYS = 180;
export const DEFAULT_DAILY_CALL_CAP = 2000;

const wholeNumberOf = (value: unknown, fallback: number): number => (/^[1-9]\d{0,6}$/.test(text(value)) ? Number(text(value)) : fallback);

/** RETENTION_DAYS as a whole number of days above zero; anything else counts as unset. */
export function retentionDaysOf(value: unknown): number {
  const days = text(value);
  return /^[1-9]\d{0,4}$/.test(days) ? Number(days) : DEFAULT_RETENTION_DAYS;
}

export type ConfigVariables = { config: Config };

/**
 * Middleware: checks the settings the route needs (`required`: present and well formed;
 * `checked`: well formed when present, ADR 015.3) before anything else happens, then reads the
 * config once for the request (`c.get("config")`). A problem answers 503 naming every setting
 * and why, and is logged as `config_invalid`; nothing is recorded.
 */
export function configured(required: readonly SettingName[], checked: readonly SettingName[] = required): MiddlewareHandler<{ Bindings: Env; Variables: ConfigVariables }> {
  return async function configured(c, next) {
    const problems = settingProblems(c.env as unknown as Record<string, unknown>, required, checked);
    if (problems.length) {
      logEvent("config_invalid", { path: c.req.routePath, settings: problems });
      return c.json({ error: `not configured: ${describeProblems(problems)}`, settings: problems }, 503);
    }
    c.set("config", loadConfig(c.env));
    await next();
  };
}
