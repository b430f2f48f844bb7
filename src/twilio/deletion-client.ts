/**
 * Deleting Twilio's copies of messages and media (ADR 020.1), with `fetch`. Knows nothing of
 * conversations: it deletes one Message or one Media resource by SID and says whether it did.
 *
 * Twilio refuses to delete a message that is not final yet (code 20009, typically for a minute
 * after it was sent or received): that, 429, 5xx and a broken connection are retried with
 * growing waits within the caller's policy. A 404 means the copy is already gone.
 */
import { attemptTimeoutMs, parseRetryAfter, withRetries, type RetryPolicy } from "../utils/retry";
import { MEDIA_SID_ANY_CASE, MESSAGE_SID_ANY_CASE } from "../utils/twilio-identifiers";

export interface DeletionClientOptions {
  apiBaseUrl: string;
  accountSid: string;
  authToken: string;
  fetch: typeof fetch;
  /** Per-attempt timeout (an attempt also never runs past the retry policy's deadline). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 8_000;
/** Twilio: "Cannot delete this resource before it is complete". */
export const NOT_FINAL_YET = 20009;

export class TwilioDeleteError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(status === 0 ? `Twilio ${message}` : `Twilio ${status}${code === undefined ? "" : ` (${code})`}: ${message}`);
    this.name = "TwilioDeleteError";
  }
}

export type Deleted = "deleted" | "already-gone";


export function createDeletionClient(options: DeletionClientOptions) {
  if (!options.apiBaseUrl || !options.accountSid) throw new Error("Twilio deletion client needs apiBaseUrl and accountSid");
  const messages = `${options.apiBaseUrl}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages`;
  const authorization = `Basic ${btoa(`${options.accountSid}:${options.authToken}`)}`;

  async function deleteOnce(url: string, policy: RetryPolicy): Promise<Deleted> {
    const timeoutMs = attemptTimeoutMs(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, policy);
    let response: Response;
    try {
      response = await options.fetch(url, { method: "DELETE", headers: { authorization, accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new TwilioDeleteError(0, undefined, `network error: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (response.status === 204 || response.ok) {
      await response.body?.cancel();
      return "deleted";
    }
    const payload = (await response.json().catch(() => ({}))) as { code?: unknown; message?: unknown };
    if (response.status === 404) return "already-gone";
    throw new TwilioDeleteError(
      response.status,
      typeof payload.code === "number" ? payload.code : undefined,
      typeof payload.message === "string" ? payload.message : `HTTP ${response.status}`,
      parseRetryAfter(response.headers.get("retry-after")),
    );
  }

  const deleteWithRetries = (url: string, policy: RetryPolicy) =>
    withRetries(policy, () => deleteOnce(url, policy), (error) => {
      if (!(error instanceof TwilioDeleteError)) return { retry: false };
      const retry = error.code === NOT_FINAL_YET || error.status === 429 || error.status >= 500 || error.status === 0;
      return { retry, retryAfterSeconds: error.retryAfterSeconds };
    });

  function checked(value: string, pattern: RegExp, what: string): string {
    if (!pattern.test(value)) throw new Error(`not a ${what} SID: ${JSON.stringify(value.slice(0, 40))}`);
    return value;
  }

  return {
    /** Deletes a Message resource (inbound or sent); Twilio deletes its media with it. */
    async deleteMessage(messageSid: string, policy: RetryPolicy): Promise<Deleted> {
      return deleteWithRetries(`${messages}/${checked(messageSid, MESSAGE_SID_ANY_CASE, "message")}.json`, policy);
    },
    /** Deletes one Media resource of a message: the file itself and its record. */
    async deleteMedia(messageSid: string, mediaSid: string, policy: RetryPolicy): Promise<Deleted> {
      return deleteWithRetries(`${messages}/${checked(messageSid, MESSAGE_SID_ANY_CASE, "message")}/Media/${checked(mediaSid, MEDIA_SID_ANY_CASE, "media")}.json`, policy);
    },
  };
}

export type DeletionClient = ReturnType<typeof createDeletionClient>;
