/**
 * ADR 004.6, bounded retries (src/utils/retry.ts), in node with a fake clock: what is retried, how
 * long it waits, and that no attempt starts past the deadline.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { systemClock, type Clock } from "../../../src/utils/clock";
import { attemptTimeoutMs, defaultRetryPolicy, parseRetryAfter, replyPolicies, withRetries } from "../../../src/utils/retry";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.parse("2026-11-20T10:00:00.000Z"));
});
afterEach(() => vi.useRealTimers());

/** Runs withRetries to its end, advancing the fake clock; returns the result or error and when each attempt started. */
async function run(policy: Parameters<typeof withRetries>[0], outcomes: Array<"fail" | "ok">, retryAfterSeconds?: number) {
  const started = Date.now();
  const attempts: number[] = [];
  const promise = withRetries(
    policy,
    async () => {
      attempts.push(Date.now() - started);
      if (outcomes[attempts.length - 1] === "ok") return "done";
      throw new Error(`attempt ${attempts.length}`);
    },
    () => ({ retry: true, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) }),
  ).then(
    (value) => ({ value }),
    (error: Error) => ({ error: error.message }),
  );
  await vi.runAllTimersAsync();
  return { outcome: await promise, attempts };
}

describe("withRetries", () => {
  it("ADR-004.6 waits 400 ms, then 800 ms, then gives up after the third attempt with the last error", async () => {
    const policy = defaultRetryPolicy();
    expect(policy).toEqual({ attempts: 3, baseDelayMs: 400, deadline: Date.now() + 25_000, clock: systemClock });
    expect(await run(policy, ["fail", "fail", "fail", "ok"])).toEqual({ outcome: { error: "attempt 3" }, attempts: [0, 400, 1200] });
    expect(await run(policy, ["fail", "ok"])).toEqual({ outcome: { value: "done" }, attempts: [0, 400] });
    expect(await run(policy, ["ok"])).toEqual({ outcome: { value: "done" }, attempts: [0] });
  });

  it("ADR-004.6 honours retry-after, and never starts an attempt at or past the deadline", async () => {
    const policy = { attempts: 5, baseDelayMs: 400, deadline: Date.now() + 10_000 };
    expect(await run(policy, ["fail", "fail", "ok"], 3)).toEqual({ outcome: { value: "done" }, attempts: [0, 3000, 6000] });
    expect(await run(policy, ["fail", "fail", "fail", "ok"], 0)).toEqual({ outcome: { value: "done" }, attempts: [0, 0, 0, 0] });
    // 3 s + 3 s + 3 s would start a fourth attempt at 9 s, within 10 s; a 4 s wait would reach 12 s: given up.
    const now = Date.now();
    expect(await run({ ...policy, deadline: now + 9_000 }, ["fail", "fail", "fail", "fail"], 3)).toEqual({ outcome: { error: "attempt 3" }, attempts: [0, 3000, 6000] });
    expect(await run({ attempts: 3, baseDelayMs: 400, deadline: Date.now() + 400 }, ["fail", "ok"])).toEqual({ outcome: { error: "attempt 1" }, attempts: [0] });
    expect(await run({ attempts: 3, baseDelayMs: 400, deadline: Date.now() + 401 }, ["fail", "ok"])).toEqual({ outcome: { value: "done" }, attempts: [0, 400] });
  });

  it("ADR-004.6 does not retry what the classifier calls final", async () => {
    let calls = 0;
    const promise = withRetries(defaultRetryPolicy(), async () => {
      calls += 1;
      throw new Error("final");
    }, () => ({ retry: false }));
    await expect(promise).rejects.toThrow("final");
    expect(calls).toBe(1);
  });

  it("ADR-004.6 the model gives up 7 s before the send's deadline, so the answer or the fallback still goes out", () => {
    const jobClock = standingClock(Date.now() + 60_000);
    expect(replyPolicies(jobClock)).toEqual({
      model: { attempts: 3, baseDelayMs: 400, deadline: jobClock.now() + 18_000, clock: jobClock },
      send: { attempts: 3, baseDelayMs: 400, deadline: jobClock.now() + 25_000, clock: jobClock },
    });
    expect(replyPolicies().send).toEqual({ attempts: 3, baseDelayMs: 400, deadline: Date.now() + 25_000, clock: systemClock });
  });
});

/** A clock of its own, whose time moves only by its own waits (the system's fake timers stand still). */
function standingClock(start: number): Clock & { slept: number[] } {
  let time = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => time,
    sleep: async (ms) => {
      slept.push(ms);
      time += ms;
    },
  };
}

describe("a policy's clock (ADR 035)", () => {
  it("ADR-035.1 the waits pass on the policy's clock and the deadline is read on it, not on the system's", async () => {
    const jobClock = standingClock(Date.parse("2030-01-01T00:00:00.000Z"));
    const attempts: number[] = [];
    const outcome = await withRetries(
      { attempts: 4, baseDelayMs: 1000, deadline: jobClock.now() + 3_001, clock: jobClock },
      async () => {
        attempts.push(jobClock.now());
        throw new Error(`attempt ${attempts.length}`);
      },
      () => ({ retry: true }),
    ).catch((error: Error) => error.message);
    // 1 s, then 2 s: the third attempt starts at 3 s, within 3.001 s; a 4 s wait would pass it.
    expect(jobClock.slept).toEqual([1000, 2000]);
    expect(outcome).toBe("attempt 3");
    expect(attempts.map((at) => at - attempts[0]!)).toEqual([0, 1000, 3000]);
  });

  it("ADR-035.1 an attempt's timeout is cut to what is left of the deadline on the policy's clock", () => {
    const jobClock = standingClock(Date.now() + 3_600_000);
    expect(attemptTimeoutMs(20_000, { attempts: 1, baseDelayMs: 0, deadline: jobClock.now() + 5_000, clock: jobClock })).toBe(5_000);
    expect(attemptTimeoutMs(2_000, { attempts: 1, baseDelayMs: 0, deadline: jobClock.now() + 5_000, clock: jobClock })).toBe(2_000);
    expect(attemptTimeoutMs(20_000, { attempts: 1, baseDelayMs: 0, deadline: jobClock.now() - 5_000, clock: jobClock })).toBe(1);
    expect(attemptTimeoutMs(20_000, { attempts: 1, baseDelayMs: 0, deadline: Date.now() + 5_000 })).toBe(5_000);
  });
});

describe("parseRetryAfter", () => {
  it("ADR-004.6 reads seconds or an HTTP date, never a negative wait, and nothing from anything else", () => {
    const now = Date.parse("2026-11-20T10:00:00.000Z");
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("0.0", now)).toBe(0); // zero seconds, though no date parser reads it
    expect(parseRetryAfter("2.5", now)).toBe(2.5);
    expect(parseRetryAfter("120", now)).toBe(120);
    expect(parseRetryAfter("Fri, 20 Nov 2026 10:00:30 GMT", now)).toBe(30);
    expect(parseRetryAfter("Fri, 20 Nov 2026 09:59:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("-5", now)).toBe(0); // a negative number is no number of seconds; as a date it is in the past
    for (const nothing of [null, undefined, "", "soon", "Infinity"]) expect(parseRetryAfter(nothing, now), String(nothing)).toBeUndefined();
    expect(parseRetryAfter("Fri, 20 Nov 2026 10:00:30 GMT")).toBe(30);
  });
});
