/**
 * One structured log line per refusal or failure (ADR 021), and one per answer sent (ADR 030.4): a JSON object whose `event` is a
 * stable name, with the facts needed to act on it. Workers Logs and `wrangler tail` show it as is.
 * Every string is scrubbed on the way out: phone numbers keep their last four digits and the
 * capability part of a summary or media link is dropped, whatever text they arrived in (an
 * error message from a provider, a URL).
 */

/** Every event the Worker logs: docs/operations.md's log table holds exactly these (spec/node/log-table.spec.ts). */
export type LogEvent =
  | "config_invalid"
  | "signature_refused"
  | "receipt_not_recorded"
  | "twilio_send_refused"
  | "twilio_send_failed"
  | "typing_indicator_failed"
  | "media_refused"
  | "media_not_received"
  | "transcription_failed"
  | "model_failed"
  | "photo_not_observed"
  | "consultation_write_failed"
  | "twilio_media_not_deleted"
  | "twilio_copies_not_deleted"
  | "twilio_copies_not_recorded"
  | "twilio_copies_still_refused"
  | "overtaken_by_reset"
  | "earlier_answer_still_pending"
  | "answer_superseded"
  | "command_not_handled"
  | "openai_daily_cap_reached"
  | "answer_sent"
  | "activity_not_recorded"
  | "console_refused"
  | "console_action"
  | "reply_failed"
  | "unhandled";

/** `+`, 7 to 15 digits, single spaces, dashes, dots or brackets between them allowed; the last four kept. */
const PHONE = /(whatsapp:)?\+\d(?:[ .()-]{0,2}\d){2,10}((?:[ .()-]{0,2}\d){4})(?![\d])/gi;
const CAPABILITY = /\/(summary|media)\/(?!:)[^\s/?#"'\\]+/gi;
const PERCENT_ENCODED = /(?:%[0-9a-f]{2})+/gi;

/** Percent-encoding (twice over, as a URL inside a URL) and JSON's escaped slashes undone, so nothing hides from the patterns. */
function decoded(text: string): string {
  let out = text.replace(/\\\//g, "/");
  for (let round = 0; round < 3 && /%[0-9a-f]{2}/i.test(out); round++) {
    out = out.replace(PERCENT_ENCODED, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
  return out;
}

/**
 * Text as a log line may carry it: decoded first (ADR 029.2), then phone numbers reduced to
 * their last four digits and link capabilities removed, in any case.
 */
export function scrub(text: string): string {
  return decoded(text)
    .replace(CAPABILITY, (_match, route: string) => `/${route}/…`)
    .replace(PHONE, (_match, prefix: string | undefined, tail: string) => `${prefix ?? ""}+…${tail.replace(/\D/g, "")}`);
}

function scrubbed(value: unknown): unknown {
  if (typeof value === "string") return scrub(value);
  if (Array.isArray(value)) return value.map(scrubbed);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubbed(v)]));
  return value;
}

export function logEvent(event: LogEvent, facts: Record<string, unknown> = {}, level: "log" | "warn" | "error" = "error"): void {
  console[level](JSON.stringify({ event, ...(scrubbed(facts) as Record<string, unknown>) }));
}
