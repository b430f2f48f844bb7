/**
 * Item 7: the reset command on a long consultation (issue 15 item 3, ADR 022.7, ADR 025): a
 * client's messages, each answered (claim, reply and sent part: 3 records an answer), and 100
 * photos, then `reset` as a signed webhook. Two sizes: 250 messages (1,100 stored objects: the
 * issue's "1,000+") and 1,000 messages (4,100), to show how the cost grows. Measured two ways, as in
 * item 2: the Worker's own JS CPU (the real app in node with in-memory KV and R2, in a lean process,
 * each run on freshly seeded storage, seeding and signing not counted) and, under wrangler, the
 * wall time from the webhook to the confirmation reaching the Twilio stand-in, with the workerd
 * process's CPU over it (storage emulator included: an upper bound).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listClientObjects } from "../src/storage/bucket";
import { cpuWithin, type BenchSection, type BudgetCheck } from "./budget";
import { inLeanProcess } from "./lean-process";
import { nextMessageSid, postWebhook, PUBLIC_BASE_URL, signedWebhookRequest, startLocalStack, textParams } from "./local-stack";
import { cpuMillis, workerdPids } from "./process-cpu";
import { seedConversation, seedConversations, type SeedSpec } from "./seeded-conversations";
import { median, round } from "./stats";
import { inMemoryWorker, jsCpuOfEach } from "./worker-js-cpu";

const CPU_BUDGET_MS = 10;
/** Runs that warm the code up before the measured ones: each reset consumes its conversation, so each is one call. */
const WARM_UP_RUNS = 3;
/**
 * One call's CPU, counted with V8's helper threads, varies by a factor of 2 to 3 from run to run on
 * this machine (garbage collection and compilation in the background): many runs, and their median.
 */
const JS_RUNS = 21;

const spec = (run: number, messages: number): SeedSpec => ({
  client: `whatsapp:+1555070${String(run).padStart(4, "0")}`,
  messages,
  photos: 100,
  photoBytes: 2048,
});

interface ResetJsCpu {
  /** CPU ms of each measured reset, V8's helper threads included (the budget's figure). */
  samples: number[];
  /** The same resets' CPU ms on the thread that ran them alone. */
  mainThread: number[];
  objects: number;
}

/** Worker JS CPU of each measured reset, and how many objects the client had. Run in a lean process. */
export async function resetJsCpu(runs: number, messages: number): Promise<ResetJsCpu> {
  let worker = inMemoryWorker();
  let request: Request | undefined;
  let objects = 0;
  const mainThread: number[] = [];
  const samples = await jsCpuOfEach(
    WARM_UP_RUNS + runs,
    async (i) => {
      worker = inMemoryWorker();
      await seedConversation(worker.store, spec(i, messages));
      objects = (await listClientObjects(worker.store, spec(i, messages).client)).length;
      request = await signedWebhookRequest(PUBLIC_BASE_URL, textParams(spec(i, messages).client, "reset", nextMessageSid()));
    },
    async () => {
      const start = process.threadCpuUsage();
      await worker.call(request!);
      const used = process.threadCpuUsage(start);
      mainThread.push((used.user + used.system) / 1000);
    },
  );
  return { samples: samples.slice(WARM_UP_RUNS), mainThread: mainThread.slice(WARM_UP_RUNS), objects };
}

interface SizeResult {
  messages: number;
  objects: number;
  js: number[];
  mainThread: number[];
  processMs: number[];
  wallMs: number[];
}

async function measureSize(runs: number, jsRuns: number, messages: number, firstRun: number): Promise<SizeResult> {
  const { samples: js, mainThread, objects } = await inLeanProcess<ResetJsCpu>(import.meta.url, "resetJsCpu", jsRuns, messages);
  // Under wrangler: every run's conversation is seeded before the Worker starts.
  const persist = mkdtempSync(join(tmpdir(), "bench-reset-"));
  const wallMs: number[] = [];
  const processMs: number[] = [];
  try {
    const seeded = await seedConversations(persist, Array.from({ length: runs }, (_, i) => spec(firstRun + i, messages)));
    const stack = await startLocalStack({ persist });
    try {
      await (await fetch(`${stack.worker.url}/health`)).arrayBuffer();
      const pids = workerdPids();
      for (const [i, conversation] of seeded.entries()) {
        const before = cpuMillis(pids);
        const started = performance.now();
        const response = await postWebhook(stack.worker.url, textParams(conversation.client, "reset", nextMessageSid()));
        await response.arrayBuffer();
        await stack.standIns.waitForSent(i + 1, 120_000);
        wallMs.push(performance.now() - started);
        processMs.push(cpuMillis(pids) - before);
      }
    } finally {
      await stack.stop();
    }
  } finally {
    rmSync(persist, { recursive: true, force: true });
  }
  return { messages, objects, js, mainThread, processMs, wallMs };
}

export async function resetBench(smoke: boolean): Promise<BenchSection> {
  const runs = smoke ? 2 : 5;
  const sizes = smoke ? [25] : [250, 1000];
  const results: SizeResult[] = [];
  const jsRuns = smoke ? 2 : JS_RUNS;
  for (const [s, messages] of sizes.entries()) results.push(await measureSize(runs, jsRuns, messages, 100 + s * 10));

  const budgets: BudgetCheck[] = results.map((r) => ({
    item: `reset with ${r.objects} stored objects`,
    figure: `${round(median(r.js), 2)} ms JS, ${round(median(r.processMs), 1)} ms process; ${round(median(r.wallMs))} ms to the confirmation`,
    budget: `CPU ≤ ${CPU_BUDGET_MS} ms (Workers free plan); wall time reported`,
    ...cpuWithin(CPU_BUDGET_MS, median(r.js), median(r.processMs)),
  }));
  const markdown = [
    "A client's messages, each answered (an answer is 3 records: its claim, its reply and its sent part), and 100 photos,",
    "then `reset` as a signed webhook: the command lists the client's objects once, reads the latest 25 messages from that",
    "listing to answer in the client's language, deletes what the listing held (bulk deletes of 1000 keys) and every KV entry,",
    `and sends the confirmation (ADR 025). The Worker JS figure: ${jsRuns} runs of each size after ${WARM_UP_RUNS} warm-up runs, in a process`,
    "that holds only the Worker (`bench/lean-process.ts`); one call's CPU, V8's helper threads included, varies 2 to 3 times from run to run,",
    "so the median of many. The budget is held to that figure; the request's own thread is shown beside it (whether Cloudflare",
    `counts V8's helper threads is not documented). Under wrangler: ${runs} runs of each size.`,
    "",
    "| stored objects | measure | median | runs |",
    "| ---: | --- | ---: | --- |",
    ...results.flatMap((r) => [
      `| ${r.objects} | Worker JS CPU ms (in-memory storage, node) | ${round(median(r.js), 2)} | ${[...r.js].sort((a, b) => a - b).map((v) => round(v, 1)).join(", ")} (sorted) |`,
      `| ${r.objects} | the same, on the request's thread alone (V8's helper threads not counted) | ${round(median(r.mainThread), 2)} | ${[...r.mainThread].sort((a, b) => a - b).map((v) => round(v, 1)).join(", ")} (sorted) |`,
      `| ${r.objects} | workerd process CPU ms (storage emulator included) | ${round(median(r.processMs), 1)} | ${r.processMs.map((v) => round(v, 1)).join(", ")} |`,
      `| ${r.objects} | wall ms, webhook to confirmation sent | ${round(median(r.wallMs))} | ${r.wallMs.map((v) => round(v)).join(", ")} |`,
    ]),
  ].join("\n");
  return { title: "6. Reset on a long consultation", markdown, budgets };
}
