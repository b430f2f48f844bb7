/**
 * Twilio's Messages API, with `fetch` (the Twilio SDK stays out of the Worker: ADR 004).
 * Knows nothing of conversations: it sends one body to one number and reports what Twilio said.
 */
import { logEvent } from "../utils/log";
import { attemptTimeoutMs, parseRetryAfter, withRetries, type RetryPolicy } from "../utils/retry";
import { twilioErrorMeaning } from "./error-codes";

export interface MessagesClientOptions {
  apiBaseUrl: string;
  accountSid: string;
  authToken: string;
  fetch: typeof fetch;
  /** Per-attempt timeout (an attempt also never runs past the retry policy's deadline). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export class TwilioSendError extends Error {
  constructor(
    readonly status: number,
    /** Twilio's error code, e.g. 20429 (too many requests) or 63016 (outside the 24-hour window). */
    readonly code: number | undefined,
    message: string,
    readonly retryAfterSeconds?: number,
    /** No answer in time: Twilio may still have accepted the message, so it is not sent again. */
    readonly timedOut = false,
  ) {
    // The code is what Twilio's error catalogue is indexed by: it leads the recorded error.
    super(status === 0 ? `Twilio ${message}` : `Twilio ${status}${code === undefined ? "" : ` (${code})`}: ${message}`);
    this.name = "TwilioSendError";
  }
}

/** What a message carries: a text, or an approved template with its variables (JSON) and no Body. */
export type OutgoingContent = { body: string } | { contentSid: string; contentVariables: string };

export type OutgoingMessage = OutgoingContent & {
  to: string;
  from: string;
  /** Where Twilio posts this message's delivery receipts. */
  statusCallback?: string;
};

export interface SentMessage {
  sid: string;
  status: string;
}

/** WhatsApp messages through Twilio carry at most 1600 characters. */
export const MAX_MESSAGE_LENGTH = 1600;

export function createMessagesClient(options: MessagesClientOptions) {
  if (!options.apiBaseUrl || !options.accountSid) throw new Error("Twilio messages client needs apiBaseUrl and accountSid");
  const endpoint = `${options.apiBaseUrl}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const authorization = `Basic ${btoa(`${options.accountSid}:${options.authToken}`)}`;

  async function sendOnce(message: OutgoingMessage, policy: RetryPolicy): Promise<SentMessage> {
    const timeoutMs = attemptTimeoutMs(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, policy);
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await options.fetch(endpoint, {
        method: "POST",
        headers: { authorization, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({
          To: message.to,
          From: message.from,
          ...("body" in message ? { Body: message.body } : { ContentSid: message.contentSid, ContentVariables: message.contentVariables }),
          ...(message.statusCallback ? { StatusCallback: message.statusCallback } : {}),
        }).toString(),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw new TwilioSendError(0, undefined, `no answer within ${timeoutMs} ms`, undefined, true);
      throw new TwilioSendError(0, undefined, `network error: ${error instanceof Error ? error.message : String(error)}`);
    }
    const payload = (await response.json().catch(() => ({}))) as { sid?: unknown; status?: unknown; code?: unknown; message?: unknown };
    if (!response.ok) {
      throw new TwilioSendError(
        response.status,
        typeof payload.code === "number" ? payload.code : undefined,
        typeof payload.message === "string" ? payload.message : `HTTP ${response.status}`,
        parseRetryAfter(response.headers.get("retry-after")),
      );
    }
    return { sid: String(payload.sid ?? ""), status: String(payload.status ?? "queued") };
  }

  return {
    /** Sends one message (at most 1600 characters), retrying 429, 5xx and connection errors within the policy. */
    send(message: OutgoingMessage, policy: RetryPolicy): Promise<SentMessage> {
      return withRetries(policy, () => sendOnce(message, policy), (error) => {
        if (!(error instanceof TwilioSendError) || error.timedOut) return { retry: false };
        const retry = error.status === 429 || error.status >= 500 || error.status === 0;
        return { retry, retryAfterSeconds: error.retryAfterSeconds };
      }).catch((error: unknown) => {
        if (error instanceof TwilioSendError) {
          logEvent(error.status === 0 ? "twilio_send_failed" : "twilio_send_refused", { to: message.to, status: error.status, code: error.code ?? null, meaning: twilioErrorMeaning(error.code), error: error.message });
        }
        throw error;
      });
    },
  };
}

export type MessagesClient = ReturnType<typeof createMessagesClient>;

/**
 * Splits a reply into WhatsApp-sized parts, at a paragraph, sentence or word boundary
 * (in that order of preference), never inside a word unless a single word is longer than a part.
 */
export function splitMessage(text: string, limit = MAX_MESSAGE_LENGTH): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    const cut =
      lastBoundary(window, /\n\s*\n/g, limit) ??
      lastBoundary(window, /[.!?…。](?=\s)/g, limit, 1) ??
      lastBoundary(window, /\s/g, limit) ??
      // A short first part beats cutting a long word (a link) in two.
      lastBoundary(window, /\s/g, limit, 0, 0) ??
      hardCut(rest, limit);
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** The end of the last match within the limit, if it leaves a first part longer than `minShare` of the limit. */
function lastBoundary(window: string, pattern: RegExp, limit: number, keep = 0, minShare = 0.3): number | undefined {
  let best: number | undefined;
  for (const match of window.matchAll(pattern)) {
    const end = match.index + keep;
    if (end > limit * minShare && end <= limit) best = end;
  }
  return best;
}

/** A cut inside an over-long word, never between the two halves of a surrogate pair (an emoji would break). */
function hardCut(text: string, limit: number): number {
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}
