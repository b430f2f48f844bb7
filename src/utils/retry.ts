/**
 * Bounded retries for provider calls (ADR 004): only what the provider says is worth
 * retrying (429 rate limits, 5xx, timeouts), never past the deadline that `waitUntil` allows,
 * honouring `retry-after` when the provider sends one. The deadline and the waits are on the
 * policy's clock (ADR 035); each attempt's own timeout is a real timer.
 */
import { systemClock, type Clock } from "./clock";

export interface RetryDecision {
  retry: boolean;
  /** Seconds the provider asked us to wait, when it said. */
  retryAfterSeconds?: number;
}

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  /** Epoch milliseconds, on `clock`, after which no new attempt starts. */
  deadline: number;
  /** Whose time `deadline` is in and the waits pass on: the reply job's (ADR-035.2); absent, the system's. */
  clock?: Clock;
}

export const defaultRetryPolicy = (clock: Clock = systemClock): RetryPolicy => ({ attempts: 3, baseDelayMs: 400, deadline: clock.now() + 25_000, clock });

/**
 * One reply's budget inside the 30 seconds `waitUntil` allows: the model must give up early
 * enough that its answer, or the fallback, can still be sent within the same budget.
 */
export function replyPolicies(clock: Clock = systemClock): { model: RetryPolicy; send: RetryPolicy } {
  const send = defaultRetryPolicy(clock);
  return { model: { ...send, deadline: send.deadline - 7_000 }, send };
}

/** One attempt's timeout: `timeoutMs`, shortened so that a hanging attempt ends by the policy's deadline. */
export function attemptTimeoutMs(timeoutMs: number, policy: RetryPolicy): number {
  return Math.max(1, Math.min(timeoutMs, policy.deadline - (policy.clock ?? systemClock).now()));
}

export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: () => Promise<T>,
  classify: (error: unknown) => RetryDecision,
): Promise<T> {
  const clock = policy.clock ?? systemClock;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const decision = classify(error);
      if (!decision.retry || n >= policy.attempts) throw error;
      const delay = decision.retryAfterSeconds !== undefined ? decision.retryAfterSeconds * 1000 : policy.baseDelayMs * 2 ** (n - 1);
      if (clock.now() + delay >= policy.deadline) throw error;
      await clock.sleep(delay);
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
