/** The clock the app is given (ADR 013.7): the real one tells the time and waits at least as long as asked. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "../../../src/utils/clock";

afterEach(() => vi.useRealTimers());

describe("systemClock", () => {
  it("ADR-013.7 the real clock tells the current time and sleeps as long as asked, never less, a negative wait being none", async () => {
    vi.useFakeTimers({ now: Date.parse("2026-12-02T10:00:00.000Z") });
    expect(systemClock.now()).toBe(Date.parse("2026-12-02T10:00:00.000Z"));
    let woke = false;
    const sleeping = systemClock.sleep(1000).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(woke).toBe(true);
    expect(systemClock.now()).toBe(Date.parse("2026-12-02T10:00:01.000Z"));
    const immediate = systemClock.sleep(-5).then(() => "done");
    await vi.advanceTimersByTimeAsync(0);
    expect(await immediate).toBe("done");
  });
});
