/**
 * Item 7: the reset command on a long consultation (issue 15 item 3): 1,000 client messages,
 * their 1,000 answers and 100 photos stored (2,100 objects, more than two listing pages), then
 * `reset` as a signed webhook. Measured two ways, as in item 2: the Worker's own JS CPU (the real
 * app in node with in-memory KV and R2, each run on freshly seeded storage, seeding not counted)
 * and, under wrangler, the wall time from the webhook to the confirmation reaching the Twilio
 * stand-in, with the workerd process's CPU over it (storage emulator included: an upper bound).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpuWithin, type BenchSection, type BudgetCheck } from "./budget";
import { nextMessageSid, postWebhook, PUBLIC_BASE_URL, signedWebhookRequest, startLocalStack, textParams } from "./local-stack";
import { cpuMillis, workerdPids } from "./process-cpu";
import { seedConversation, seedConversations, type SeedSpec } from "./seeded-conversations";
import { median, round } from "./stats";
import { inMemoryWorker, jsCpuOfEach } from "./worker-js-cpu";

const CPU_BUDGET_MS = 10;

const spec = (run: number, smoke: boolean): SeedSpec => ({
  client: `whatsapp:+1555070${String(run).padStart(4, "0")}`,
  messages: smoke ? 100 : 1000,
  photos: smoke ? 10 : 100,
  photoBytes: 2048,
});

export async function resetBench(smoke: boolean): Promise<BenchSection> {
  const runs = smoke ? 2 : 5;
  const objects = (s: SeedSpec) => s.messages * 2 + s.photos;

  // The Worker's own JS: a fresh in-memory store per run, seeded outside the measurement.
  let worker = inMemoryWorker();
  const js = await jsCpuOfEach(
    runs + 1,
    async (i) => {
      worker = inMemoryWorker();
      await seedConversation(worker.store, spec(i, smoke));
    },
    async (i) => worker.call(await signedWebhookRequest(PUBLIC_BASE_URL, textParams(spec(i, smoke).client, "reset", nextMessageSid()))),
  );
  const jsMs = median(js.slice(1)); // the first run warms the code up

  // Under wrangler: every run's conversation is seeded before the Worker starts.
  const persist = mkdtempSync(join(tmpdir(), "bench-reset-"));
  const wallMs: number[] = [];
  const processMs: number[] = [];
  try {
    const seeded = await seedConversations(persist, Array.from({ length: runs }, (_, i) => spec(100 + i, smoke)));
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

  const stored = objects(spec(0, smoke));
  const item = `reset with ${stored} stored objects`;
  const cpu = cpuWithin(CPU_BUDGET_MS, jsMs, median(processMs));
  const budgets: BudgetCheck[] = [
    {
      item,
      figure: `${round(jsMs, 2)} ms JS, ${round(median(processMs), 1)} ms process; ${round(median(wallMs))} ms to the confirmation`,
      budget: `CPU ≤ ${CPU_BUDGET_MS} ms (Workers free plan); wall time reported`,
      ...cpu,
    },
  ];
  const markdown = [
    `${spec(0, smoke).messages} client messages, their answers and ${spec(0, smoke).photos} photos stored for the client (${stored} objects),`,
    "then `reset` as a signed webhook: the reply path reads what it needs to answer in the client's language, deletes every",
    `object and KV entry of the client (bulk deletes of 1000 keys), and sends the confirmation. ${runs} runs each way.`,
    "",
    "| measure | median | runs |",
    "| --- | ---: | --- |",
    `| Worker JS CPU ms (in-memory storage, node) | ${round(jsMs, 2)} | ${js.slice(1).map((v) => round(v, 2)).join(", ")} |`,
    `| workerd process CPU ms (storage emulator included) | ${round(median(processMs), 1)} | ${processMs.map((v) => round(v, 1)).join(", ")} |`,
    `| wall ms, webhook to confirmation sent | ${round(median(wallMs))} | ${wallMs.map((v) => round(v)).join(", ")} |`,
  ].join("\n");
  return { title: "6. Reset on a long consultation", markdown, budgets };
}
