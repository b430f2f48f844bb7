/**
 * ADR 004.6, bounded retries (src/utils/retry.ts), in node with a fake clock: what is retried, how
 * long it waits, and that no attempt starts past the deadline.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defaultRetryPolicy, parseRetryAfter, replyPolicies, withRetries } from "../../../src/utils/retry";

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
    expect(policy).toEqual({ attempts: 3, baseDelayMs: 400, deadline: Date.now() + 25_000 });
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
    const now = Date.now();
    expect(replyPolicies(now)).toEqual({
      model: { attempts: 3, baseDelayMs: 400, deadline: now + 18_000 },
      send: { attempts: 3, baseDelayMs: 400, deadline: now + 25_000 },
    });
    expect(replyPolicies().send.deadline).toBe(Date.now() + 25_000);
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
