/**
 * The Worker's own JavaScript CPU per request, what Cloudflare bills against the 10 ms limit:
 * the real Hono app (src/index.ts) run in node's V8 with in-memory KV and R2 and canned provider
 * answers, so neither the local storage emulator nor HTTP parsing is counted. Measured with
 * process.cpuUsage over many warm calls.
 */
import { chatCompletion } from "../scripts/stand-ins";
import { createApp } from "../src/index";
import type { Clock } from "../src/utils/clock";
import { storageOf, type Storage } from "../src/storage/bucket";
import { benchVars } from "./local-stack";
import { memoryKV, memoryR2 } from "./memory-storage";

const OPENAI = "https://openai.bench.invalid/v1";
const TWILIO = "https://twilio.bench.invalid";

export interface InMemoryWorker {
  store: Storage;
  /** Calls the Worker like the runtime does; resolves once its waitUntil work has finished too. */
  call(request: Request): Promise<Response>;
}

/**
 * A clock whose waits pass at once (the reply path's settling window, ADR 016.1): waiting is no
 * CPU, and a benchmark that waited a real second a message would take minutes.
 */
function skippingClock(): Clock {
  let skipped = 0;
  return {
    now: () => Date.now() + skipped,
    sleep: async (ms) => void (skipped += Math.max(0, ms)),
  };
}

/** `vars`: settings beyond the benchmark's own; `bindings`: wraps KV and R2 as the app sees them (to count calls, say). */
export function inMemoryWorker(options: { vars?: Record<string, string>; bindings?: <T extends object>(binding: T) => T } = {}): InMemoryWorker {
  const app = createApp({ clock: skippingClock() });
  const wrap = options.bindings ?? (<T,>(binding: T) => binding);
  const env = {
    CHAT_HISTORY: wrap(memoryKV()),
    MEDIA_BUCKET: wrap(memoryR2()),
    ...benchVars(OPENAI, TWILIO),
    ...options.vars,
  };
  return {
    store: storageOf(env),
    async call(request) {
      const pending: Promise<unknown>[] = [];
      const ctx = { waitUntil: (p: Promise<unknown>) => void pending.push(p), passThroughOnException() {}, props: {} };
      const response = await app.fetch(request, env as never, ctx as never);
      // Not read: passing a body on to the client is the runtime's I/O, not the Worker's CPU.
      await response.body?.cancel();
      await Promise.all(pending);
      return response;
    },
  };
}

let twilioSequence = 0;

/** The providers' answers, given in-process: the model answers at once, every message is accepted. */
async function cannedProviders(input: RequestInfo | URL): Promise<Response> {
  const url = String(input instanceof Request ? input.url : input);
  if (url.startsWith(`${OPENAI}/chat/completions`)) return Response.json(chatCompletion("Thanks! How often do you wash your hair?"));
  if (url.startsWith(`${TWILIO}/`)) return Response.json({ sid: `SM${String(++twilioSequence).padStart(32, "0")}`, status: "queued" }, { status: 201 });
  throw new Error(`unexpected fetch in the in-memory benchmark: ${url}`);
}

const WARM_UP = { calls: 100, ms: 1_500 };
/** Enough CPU time that V8's background compilation and GC threads, counted by process.cpuUsage, average out. */
const MEASURE = { maxCalls: 500, cpuMs: 2_000 };

const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/**
 * CPU milliseconds of each of `runs` calls of `work`, with the providers canned, each after its
 * own `prepare` (not measured): for work that consumes its state, such as a reset.
 */
export async function jsCpuOfEach(runs: number, prepare: (index: number) => Promise<unknown>, work: (index: number) => Promise<unknown>): Promise<number[]> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = cannedProviders as typeof fetch;
  try {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      await prepare(i);
      (globalThis as { gc?: () => void }).gc?.();
      const start = process.cpuUsage();
      await work(i);
      samples.push(cpuMsSince(start));
    }
    return samples;
  } finally {
    globalThis.fetch = realFetch;
  }
}

/**
 * CPU milliseconds per call of `work`, with the providers canned: after a warm-up, at least
 * `minCalls` calls, and more until 2 s of CPU are measured (or 500 calls).
 */
export async function jsCpuPerCall(minCalls: number, work: (index: number) => Promise<unknown>): Promise<number> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = cannedProviders as typeof fetch;
  try {
    let index = 0;
    const warmUntil = performance.now() + WARM_UP.ms;
    while (index < WARM_UP.calls && performance.now() < warmUntil) await work(MEASURE.maxCalls + index++);
    // Collect earlier benchmarks' garbage now, or its collection lands in this measurement (needs --expose-gc).
    (globalThis as { gc?: () => void }).gc?.();
    const start = process.cpuUsage();
    let calls = 0;
    while (calls < minCalls || (calls < MEASURE.maxCalls && cpuMsSince(start) < MEASURE.cpuMs)) await work(calls++);
    return cpuMsSince(start) / calls;
  } finally {
    globalThis.fetch = realFetch;
  }
}
