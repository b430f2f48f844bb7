/**
 * A virtual clock for the reply path's settling windows, caps and model latencies: the specs run
 * them in virtual time, so a 40-second burst takes as long as its storage calls, and the outcome
 * does not depend on how busy the machine is.
 *
 * Time moves only when every tracked job (a dispatched request and its `waitUntil` work) is
 * waiting on this clock: then the earliest timer fires. By default that happens on its own (a spec
 * that sends and awaits never waits for real); inside `manual()`, only `advance(ms)` moves time,
 * so a spec can place messages at chosen instants. A job waits on at most one timer at a time
 * (stubs that sleep on this clock sleep inside the job's own call).
 */
import type { Clock } from "../../src/utils/clock";
import { PROCESS_WAIT_MS } from "./patience";

interface Timer {
  due: number;
  order: number;
  resolve: () => void;
}

export class VirtualClock implements Clock {
  /**
   * Virtual time: it moves only when a timer of this clock fires or a spec advances it, so real time
   * spent in storage calls (on a loaded machine, seconds) never shows in it. Faking `Date` moves it not.
   */
  private time: number;
  private timers: Timer[] = [];
  private order = 0;
  /** The tracked jobs still running. */
  private jobs = new Set<object>();
  private manualDepth = 0;
  private scheduled = false;

  constructor(origin = Date.now()) {
    this.time = origin;
  }

  now(): number {
    return this.time;
  }

  /**
   * At a file's start (spec/support/setup.ts): virtual time is brought up to real time, never back,
   * so a file starts near the real date (R2's `uploaded` and KV's expirations are real) whatever
   * the files before it in the same runner advanced.
   */
  catchUp(): void {
    this.moveTo(Date.now());
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timers.push({ due: this.now() + Math.max(0, ms), order: this.order++, resolve });
      this.schedule();
    });
  }

  /** Counts `work` as a running job until it settles. */
  track<T>(work: Promise<T>): Promise<T> {
    const job = {};
    this.jobs.add(job);
    const done = () => {
      this.jobs.delete(job);
      this.schedule();
    };
    work.then(done, done);
    return work;
  }

  /** Runs `scenario` with time moving only through `advance`. */
  async manual<T>(scenario: () => Promise<T>): Promise<T> {
    this.manualDepth++;
    try {
      return await scenario();
    } finally {
      this.manualDepth--;
      this.schedule();
    }
  }

  /**
   * Between specs (the suite runs files in one isolate): a job a failed spec left behind no longer
   * holds time back, and its timers fire now, so it finishes instead of waking in a later spec.
   */
  forget(): void {
    this.jobs.clear();
    this.manualDepth = 0;
    const pending = this.timers;
    this.timers = [];
    for (const timer of pending) timer.resolve();
  }

  /**
   * Moves time forward by `ms`, firing every timer due before the new time, each once the jobs are
   * quiet. A timer due exactly then fires after the spec's next step: a message sent at the instant
   * a settling window ends arrives within it, as it did when real time passed between the two.
   */
  async advance(ms: number): Promise<void> {
    const target = this.now() + ms;
    for (;;) {
      await this.quiet();
      if (!this.fireNext(target)) break;
    }
    this.moveTo(target);
    await this.quiet();
  }

  /** Every tracked job is waiting on this clock (or there is none). */
  private get idle(): boolean {
    return this.timers.length >= this.jobs.size;
  }

  /** Waits (in real time) until every tracked job waits on this clock. */
  async quiet(): Promise<void> {
    const started = Date.now();
    while (!this.idle) {
      if (Date.now() - started > PROCESS_WAIT_MS) throw new Error(`virtual clock: ${this.jobs.size} jobs never went quiet`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  private moveTo(time: number): void {
    this.time = Math.max(this.time, time);
  }

  private schedule(): void {
    if (this.scheduled || this.manualDepth > 0) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      if (this.manualDepth > 0 || this.timers.length === 0 || !this.idle) return;
      this.fireNext(Number.POSITIVE_INFINITY);
      this.schedule();
    }, 0);
  }

  private fireNext(limit: number): boolean {
    this.timers.sort((a, b) => a.due - b.due || a.order - b.order);
    const next = this.timers[0];
    if (!next || next.due >= limit) return false;
    this.moveTo(next.due);
    const now = this.now();
    const due = this.timers.filter((t) => t.due <= now);
    this.timers = this.timers.filter((t) => t.due > now);
    for (const timer of due) timer.resolve();
    return true;
  }
}
