import type { Browser, BrowserContext, BrowserContextOptions } from "playwright-core";

/**
 * How long the suite waits before it calls a spec hung (ADR 031.2). These bounds decide nothing
 * else: a spec that passes never reaches them. On the project's 2 cores shared with other work (load
 * averages of 15 to 24 were seen) a spec took ten times as long in wall time as alone, and specs
 * bounded by what they took on an idle machine (60 s, or 1.5 s a property run) failed that pass
 * alone; a process start-up (tsx, wrangler and its workerd, Chromium), 1.5 to 5 s of CPU idle,
 * took 20 to 30 s. So the bounds are generous, and derived from the work a spec does, not from
 * how fast it went once.
 */

/** A spec, or a hook: the bound of every project and of each spec that starts processes. */
export const SPEC_HANG_MS = 300_000;

/** One wait inside a spec: a process to exit or to answer, a stand-in to receive what the Worker sends, a page to show it. */
export const PROCESS_WAIT_MS = 120_000;

/** One run of a property, or one request over a crowded store: the spec's bound grows with the runs it makes. */
export const PER_RUN_MS = 6_000;

/** A spec that makes `runs` runs of a property (or heavy requests). */
export const specHangMsFor = (runs: number, perRunMs = PER_RUN_MS) => SPEC_HANG_MS + runs * perRunMs;

/**
 * A browser context whose every wait (a click, a locator, a navigation) is bounded by PROCESS_WAIT_MS
 * instead of Playwright's 30 s, which a console page under load was seen to pass (ADR 031.2).
 */
export async function patientContext(browser: Browser, options: BrowserContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(PROCESS_WAIT_MS);
  context.setDefaultNavigationTimeout(PROCESS_WAIT_MS);
  return context;
}
