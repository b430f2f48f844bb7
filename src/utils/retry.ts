/**
 * Bounded retries for provider calls (ADR 004): only what the provider says is worth
 * retrying (429 rate limits, 5xx, timeouts), never past the deadline that `waitUntil` allows,
 * honouring `retry-after` when the provider sends one.
 */

export interface RetryDecision {
  retry: boolean;
  /** Seconds the provider asked us to wait, when it said. */
  retryAfterSeconds?: number;
}

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  /** Epoch milliseconds after which no new attempt starts. */
  deadline: number;
}

export const defaultRetryPolicy = (now = Date.now()): RetryPolicy => ({ attempts: 3, baseDelayMs: 400, deadline: now + 25_000 });

/**
 * One reply's budget inside the 30 seconds `waitUntil` allows: the model must give up early
 * enough that its answer, or the fallback, can still be sent within the same budget.
 */
export function replyPolicies(now = Date.now()): { model: RetryPolicy; send: RetryPolicy } {
  const send = defaultRetryPolicy(now);
  return { model: { ...send, deadline: send.deadline - 7_000 }, send };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: () => Promise<T>,
  classify: (error: unknown) => RetryDecision,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const decision = classify(error);
      if (!decision.retry || n >= policy.attempts) throw error;
      const delay = decision.retryAfterSeconds !== undefined ? decision.retryAfterSeconds * 1000 : policy.baseDelayMs * 2 ** (n - 1);
      if (Date.now() + delay >= policy.deadline) throw error;
      await sleep(delay);
    }
  }
}

/** `retry-after` as seconds (a number of seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}
