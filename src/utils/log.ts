/**
 * One structured log line per refusal or failure (ADR 021): a JSON object whose `event` is a
 * stable name, with the facts needed to act on it. Workers Logs and `wrangler tail` show it as is.
 * Every string is scrubbed on the way out: phone numbers keep their last four digits and the
 * capability part of a summary or media link is dropped, whatever text they arrived in (an
 * error message from a provider, a URL).
 */

export type LogEvent =
  | "config_invalid"
  | "signature_refused"
  | "twilio_send_refused"
  | "twilio_send_failed"
  | "media_refused"
  | "media_not_received"
  | "transcription_failed"
  | "model_failed"
  | "photo_not_observed"
  | "consultation_write_failed"
  | "twilio_media_not_deleted"
  | "twilio_copies_not_deleted"
  | "reply_failed"
  | "unhandled";

const PHONE = /(whatsapp:)?\+\d{3,11}(\d{4})\b/g;
const CAPABILITY = /\/(summary|media)\/(?!:)[^\s/?#"']+/g;

/** Text as a log line may carry it: phone numbers reduced to their last four digits, link capabilities removed. */
export function scrub(text: string): string {
  return text
    .replace(CAPABILITY, "/$1/…")
    .replace(PHONE, (_match, prefix: string | undefined, tail: string) => `${prefix ?? ""}+…${tail}`);
}

function scrubbed(value: unknown): unknown {
  if (typeof value === "string") return scrub(value);
  if (Array.isArray(value)) return value.map(scrubbed);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubbed(v)]));
  return value;
}

export function logEvent(event: LogEvent | (string & {}), facts: Record<string, unknown> = {}, level: "warn" | "error" = "error"): void {
  console[level](JSON.stringify({ event, ...(scrubbed(facts) as Record<string, unknown>) }));
}
