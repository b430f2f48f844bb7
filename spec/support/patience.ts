/**
 * How long specs wait for the processes they start: tsx scripts, wrangler and its workerd,
 * Chromium (ADR 031.3). These are not measurements and no outcome depends on them: they only end
 * a spec that hangs. A start-up costs 1.5 to 5 s of CPU alone; on the project's 2 cores shared with
 * other work (a load average of 15 to 22 was seen) the same start-up took ten times as long in
 * wall time, and specs bounded at 60 s failed that pass alone. So the bounds are generous: a spec
 * that passes never reaches them, one that hangs is reported after them.
 */

/** A spec, or a hook, that starts processes. */
export const SPAWNING_SPEC_MS = 300_000;

/** One wait inside such a spec: a process to exit or to answer, a stand-in to receive what the Worker sends. */
export const PROCESS_WAIT_MS = 120_000;
