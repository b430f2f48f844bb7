/**
 * Time for the reply path: what it is now, and waiting. Taken as a dependency so that specs and
 * benchmarks can run a burst's settling windows and caps on a clock they control (ADR 016).
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
