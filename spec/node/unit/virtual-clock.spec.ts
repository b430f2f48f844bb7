/**
 * ADR 031.4: the specs' virtual clock is pure. Its time moves only through its own timers and
 * `advance`, never with real time (storage calls on a loaded machine) nor with a faked `Date`; and
 * `src/` reads the time from the injected clock everywhere except the provider calls' real bounds.
 */
import { globSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { VirtualClock } from "../../support/clock";

afterEach(() => vi.useRealTimers());

const realWait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the virtual clock", () => {
  it("ADR-031.4 time moves only when advanced or when its timers fire: real time and a faked Date do not move it", async () => {
    const origin = Date.parse("2026-12-06T10:00:00.000Z");
    const clock = new VirtualClock(origin);
    await realWait(30);
    expect(clock.now()).toBe(origin);
    vi.useFakeTimers({ toFake: ["Date"], now: origin + 3_600_000 });
    expect(clock.now()).toBe(origin);
    vi.useRealTimers();

    const job = clock.track(
      (async () => {
        await clock.sleep(1000);
        await realWait(30); // a storage call after the window: real time passes, virtual time does not
        return clock.now();
      })(),
    );
    await clock.manual(() => clock.advance(1500));
    expect(await job).toBe(origin + 1000);
    expect(clock.now()).toBe(origin + 1500);
  });

  it("ADR-031.4 a timer due exactly when an advance ends fires after the spec's next step, before any later timer", async () => {
    const clock = new VirtualClock(0);
    const fired: Array<[string, number]> = [];
    const jobs: Promise<number>[] = [];
    const job = (name: string, ms: number) => jobs.push(clock.track(clock.sleep(ms).then(() => fired.push([name, clock.now()]))));
    await clock.manual(async () => {
      job("window", 1000);
      await clock.advance(1000);
      expect(fired).toEqual([]); // a message sent now still arrives within the window
      job("later", 500);
      await clock.advance(1);
      expect(fired).toEqual([["window", 1000]]);
      await clock.advance(499);
      expect(fired).toHaveLength(1);
    });
    await Promise.all(jobs); // outside `manual`, time moves by itself
    expect(fired).toEqual([
      ["window", 1000],
      ["later", 1500],
    ]);
  });

  it("ADR-031.4 a file starts the clock at real time, never moving it back", () => {
    const clock = new VirtualClock(0);
    clock.catchUp();
    const caughtUp = clock.now();
    expect(Math.abs(caughtUp - Date.now())).toBeLessThan(60_000);
    const ahead = new VirtualClock(Date.now() + 86_400_000);
    ahead.catchUp();
    expect(ahead.now()).toBeGreaterThan(Date.now() + 86_000_000);
  });
});

describe("time in src/", () => {
  it("ADR-031.4 src/ reads the real clock only for the provider calls' real bounds (retry waits, attempt timeouts) and the system clock itself", () => {
    const realClock = /\bDate\.now\(\)|\bnew Date\(\)|\bperformance\.now\(\)/;
    const readers = globSync("src/**/*.{ts,tsx}")
      .filter((file) => realClock.test(readFileSync(file, "utf8")))
      .sort();
    expect(readers).toEqual([
      "src/conversation/photo-observation.ts",
      "src/media/ingest.ts",
      // The provider clients read a policy's deadline on its own clock (ADR-035.1).
      "src/utils/clock.ts",
      "src/utils/retry.ts",
    ]);
    // In those files, only a policy's deadline is taken from it, or compared with it.
    for (const file of readers) {
      for (const line of readFileSync(file, "utf8").split("\n").filter((l) => realClock.test(l))) {
        expect([file, /deadline|now = Date\.now\(\)|now: \(\) => Date\.now\(\)/.test(line)]).toEqual([file, true]);
      }
    }
  });
});
