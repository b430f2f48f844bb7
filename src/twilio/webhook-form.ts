/**
 * Twilio's inbound webhook, read and authenticated. `twilioWebhookForm()` is the middleware
 * (415 wrong content type, 413 oversized, 403 bad or missing signature, 400 empty or repeated
 * parameter names), `misaddressed` says when a signed webhook is not for this account and number
 * (a 403), `readInboundMessage` turns the verified parameters into a message (or the reason for a 400).
 */
import type { Context, MiddlewareHandler } from "hono";
import { readCapped } from "../utils/capped-body";
import { logEvent } from "../utils/log";
import { isValidTwilioSignature, urlTwilioSigned, type FormParams } from "./signature";
import { MESSAGE_SID, WHATSAPP_ADDRESS } from "../utils/twilio-identifiers";

export interface TwilioWebhookFormOptions {
  /** Largest accepted body; Twilio's WhatsApp webhooks are a few kilobytes. */
  maxBodyBytes: number;
  /** The Auth Token and public origin, read per request (they come from the Worker's env). */
  /** The tokens whose signatures are accepted (the auth token, and a second one during a rotation, ADR 030.3). */
  credentials: (c: Context) => { authTokens: readonly string[]; publicBaseUrl: string | undefined };
}

export type TwilioFormVariables = { twilioForm: FormParams };

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const isHexDigit = (byte: number | undefined) =>
  byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));

/** `+` and `%XX` decoded, then UTF-8 decoded strictly: null for bytes that are not UTF-8. */
function decodeFormComponent(field: Uint8Array): string | null {
  const bytes = new Uint8Array(field.length);
  let length = 0;
  for (let i = 0; i < field.length; i++) {
    const byte = field[i]!;
    if (byte === 0x25 && isHexDigit(field[i + 1]) && isHexDigit(field[i + 2])) {
      bytes[length++] = Number.parseInt(String.fromCharCode(field[i + 1]!, field[i + 2]!), 16);
      i += 2;
    } else {
      bytes[length++] = byte === 0x2b ? 0x20 : byte;
    }
  }
  try {
    return utf8.decode(bytes.subarray(0, length));
  } catch {
    return null;
  }
}

/**
 * The WHATWG urlencoded parser, except that malformed UTF-8 (raw or percent-encoded) is an
 * error rather than silently replaced with U+FFFD: a client's words are recorded exactly or refused.
 */
function parseForm(body: Uint8Array): FormParams | null {
  const params: Array<[string, string]> = [];
  let start = 0;
  for (let end = 0; end <= body.length; end++) {
    if (end < body.length && body[end] !== 0x26) continue;
    const field = body.subarray(start, end);
    start = end + 1;
    if (field.length === 0) continue;
    const separator = field.indexOf(0x3d);
    const name = decodeFormComponent(separator === -1 ? field : field.subarray(0, separator));
    const value = separator === -1 ? "" : decodeFormComponent(field.subarray(separator + 1));
    if (name === null || value === null) return null;
    params.push([name, value]);
  }
  return params;
}

/** Middleware: accepts only a form-encoded body within the size limit and correctly signed by Twilio. */
export function twilioWebhookForm(options: TwilioWebhookFormOptions): MiddlewareHandler<{ Variables: TwilioFormVariables }> {
  if (!Number.isInteger(options.maxBodyBytes) || options.maxBodyBytes <= 0) throw new Error("maxBodyBytes must be a positive integer");
  if (typeof options.credentials !== "function") throw new Error("credentials must be a function");
  return async function twilioWebhookForm(c, next) {
    const contentType = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (contentType !== "application/x-www-form-urlencoded") {
      return c.json({ error: "expected application/x-www-form-urlencoded" }, 415);
    }
    const declared = Number(c.req.header("content-length") ?? "0");
    if (declared > options.maxBodyBytes) return c.json({ error: `body larger than ${options.maxBodyBytes} bytes` }, 413);
    const bytes = await readCapped(c.req.raw.body, options.maxBodyBytes);
    if (!bytes) return c.json({ error: `body larger than ${options.maxBodyBytes} bytes` }, 413);
    const params = parseForm(bytes);
    if (!params) return c.json({ error: "body is not valid UTF-8" }, 400);
    const { authTokens, publicBaseUrl } = options.credentials(c);
    const url = urlTwilioSigned(c.req.url, publicBaseUrl);
    const signature = c.req.header("x-twilio-signature");
    const checks = await Promise.all(authTokens.map((token) => isValidTwilioSignature(token, url, params, signature)));
    if (!checks.includes(true)) {
      // The URL that was checked tells a PUBLIC_BASE_URL mismatch apart; never the token or the signature.
      logEvent("signature_refused", { url, signature: c.req.header("x-twilio-signature") ? "present" : "missing" }, "warn");
      return c.json({ error: "invalid or missing X-Twilio-Signature" }, 403);
    }
    const badName = badParameterName(params);
    if (badName) return c.json({ error: badName }, 400);
    c.set("twilioForm", params);
    await next();
  };
}

/**
 * The signature joins names and values with no separator, so only a form whose names are all
 * present and distinct has one reading (ADR 017.4): `=AccountSidAC1` signs like `AccountSid=AC1`.
 */
function badParameterName(params: FormParams): string | null {
  const seen = new Set<string>();
  for (const [name] of params) {
    if (name === "") return "a parameter name is empty";
    if (seen.has(name)) return `parameter name ${JSON.stringify(name)} is repeated`;
    seen.add(name);
  }
  return null;
}

export interface InboundMedia {
  index: number;
  url: string;
  contentType: string;
}

export interface InboundMessage {
  sid: string;
  /** `whatsapp:+{E164}` */
  from: string;
  to: string;
  body: string;
  profileName: string;
  media: InboundMedia[];
}

/** Twilio repeats the message's SID under these names; each one present must equal it (ADR 017.2). */
const SID_ALIASES = ["SmsMessageSid", "SmsSid"] as const;
/** Twilio sends at most 10 media items with one message. */
export const MAX_MEDIA_PER_MESSAGE = 10;

/** Every parameter as a plain record (the middleware refused repeated names). */
export function paramsRecord(params: FormParams): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of params) if (!(name in record)) record[name] = value;
  return record;
}

/** The message a webhook describes, or why it cannot be one (a 400). */
export function readInboundMessage(params: Record<string, string>): { message: InboundMessage } | { error: string } {
  const sid = params.MessageSid ?? params.SmsMessageSid ?? "";
  const from = (params.From ?? "").trim();
  if (!sid) return { error: "MessageSid is missing" };
  if (!MESSAGE_SID.test(sid)) return { error: "MessageSid is not a Twilio message SID (SM or MM and 32 hex digits)" };
  for (const alias of SID_ALIASES) {
    if (params[alias] !== undefined && params[alias] !== sid) return { error: `${alias} differs from MessageSid` };
  }
  if (!from) return { error: "From is missing" };
  if (!WHATSAPP_ADDRESS.test(from)) return { error: "From is not a WhatsApp address (whatsapp:+E164)" };
  return {
    message: {
      sid,
      from,
      to: params.To ?? "",
      body: params.Body ?? "",
      profileName: params.ProfileName ?? "",
      media: mediaOf(params),
    },
  };
}

/**
 * Why a correctly signed webhook is not for this Worker (a 403), or null: Twilio always names the
 * account and the number written to, and a re-split body can change either (ADR 017.3).
 */
export function misaddressed(params: Record<string, string>, expected: { accountSid: string; whatsappNumber: string }): string | null {
  if (params.AccountSid !== expected.accountSid) return "AccountSid is not this Worker's Twilio account (TWILIO_ACCOUNT_SID)";
  if (params.To !== expected.whatsappNumber) return "To is not this Worker's WhatsApp number (TWILIO_WHATSAPP_NUMBER)";
  return null;
}

/** `MediaUrl{N}`/`MediaContentType{N}` for every N below `NumMedia` (capped at 10); incomplete pairs are skipped. */
export function mediaOf(params: Record<string, string>): InboundMedia[] {
  const count = Math.min(Number.parseInt(params.NumMedia ?? "0", 10) || 0, MAX_MEDIA_PER_MESSAGE);
  const media: InboundMedia[] = [];
  for (let index = 0; index < count; index++) {
    const url = params[`MediaUrl${index}`];
    if (url) media.push({ index, url, contentType: params[`MediaContentType${index}`] ?? "" });
  }
  return media;
}
