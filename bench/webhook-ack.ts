/**
 * Item 1: how fast Twilio gets its 200 empty TwiML, at 1, 10 and 50 concurrent clients, with a
 * stand-in model that answers at once and one that takes 5 s. The acknowledgement must not
 * depend on the model (ADR 004): both columns should look alike.
 */
import { chatCompletion } from "../scripts/stand-ins";
import type { BenchSection, BudgetCheck } from "./budget";
import { runClosedLoop } from "./load";
import { nextMessageSid, postWebhook, startLocalStack, textParams } from "./local-stack";
import { percentile, round } from "./stats";

/** Twilio gives up on a webhook after 15 s; we hold the ack to a small fraction of that. */
const P99_BUDGET_MS = 1_000;
const SLOW_MODEL_MS = 5_000;
const MESSAGES_PER_CLIENT = 10; // keeps each client's conversation short, as in real traffic

interface Row {
  model: string;
  concurrency: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  throughput: number;
  failures: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Longer than the reply path's settling window (ADR 016.1): a burst's answer has gone out by then. */
const QUIET_MS = 2_500;

/**
 * Until every client has been answered and nothing more was sent for QUIET_MS. Messages of one
 * client that arrive together get one answer (ADR 016), so answers are not counted against messages.
 */
async function repliesSettled(standIns: { sent: Array<{ To: string }> }, clients: ReadonlySet<string>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let count = -1;
  let quietSince = Date.now();
  for (;;) {
    if (standIns.sent.length !== count) [count, quietSince] = [standIns.sent.length, Date.now()];
    const answered = new Set(standIns.sent.map((m) => m.To));
    if ([...clients].every((c) => answered.has(c)) && Date.now() - quietSince >= QUIET_MS) return;
    if (Date.now() > deadline) throw new Error(`replies did not settle: ${[...clients].filter((c) => !answered.has(c)).length} clients unanswered`);
    await sleep(100);
  }
}

async function measure(model: "instant" | "5 s", levels: readonly number[], requestsPerLevel: number): Promise<Row[]> {
  const delay = model === "instant" ? 0 : SLOW_MODEL_MS;
  const stack = await startLocalStack({
    chat: async () => {
      if (delay) await sleep(delay);
      return chatCompletion("Thanks! How often do you wash your hair?");
    },
  });
  const rows: Row[] = [];
  try {
    await runClosedLoop(5, 1, () => postWebhook(stack.worker.url, textParams("whatsapp:+15559990000", "warm up")));
    await repliesSettled(stack.standIns, new Set(["whatsapp:+15559990000"]), SLOW_MODEL_MS + 60_000);
    for (const concurrency of levels) {
      const run = `${concurrency}${model === "instant" ? "0" : "5"}`;
      const clients = new Set<string>();
      const result = await runClosedLoop(requestsPerLevel, concurrency, (index) => {
        const client = `whatsapp:+1555${run.padStart(3, "0")}${String(Math.floor(index / MESSAGES_PER_CLIENT)).padStart(4, "0")}`;
        clients.add(client);
        return postWebhook(stack.worker.url, textParams(client, `Message ${index}: my curls are dry at the ends.`, nextMessageSid()));
      });
      // Let this level's background replies finish so they do not load the next level.
      await repliesSettled(stack.standIns, clients, SLOW_MODEL_MS + 60_000);
      rows.push({
        model,
        concurrency,
        requests: requestsPerLevel,
        p50: percentile(result.latenciesMs, 50),
        p95: percentile(result.latenciesMs, 95),
        p99: percentile(result.latenciesMs, 99),
        max: Math.max(...result.latenciesMs),
        throughput: (requestsPerLevel / result.wallMs) * 1000,
        failures: result.failures,
      });
    }
  } finally {
    await stack.stop();
  }
  return rows;
}

export async function webhookAckBench(smoke: boolean): Promise<BenchSection> {
  const levels = [1, 10, 50];
  const perLevel = smoke ? 20 : 200;
  const rows = [...(await measure("instant", levels, perLevel)), ...(await measure("5 s", levels, perLevel))];
  const table = [
    "| model answers | clients | requests | p50 ms | p95 ms | p99 ms | max ms | acks/s | failures |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) => `| ${r.model} | ${r.concurrency} | ${r.requests} | ${round(r.p50)} | ${round(r.p95)} | ${round(r.p99)} | ${round(r.max)} | ${round(r.throughput, 0)} | ${r.failures} |`,
    ),
  ].join("\n");
  const budgets: BudgetCheck[] = rows.map((r) => ({
    item: `webhook ack p99, ${r.concurrency} client${r.concurrency > 1 ? "s" : ""}, model ${r.model}`,
    figure: `${round(r.p99)} ms`,
    budget: `≤ ${P99_BUDGET_MS} ms, no failures`,
    holds: r.p99 <= P99_BUDGET_MS && r.failures === 0,
  }));
  const markdown = [
    `Signed webhooks (\`computeTwilioSignature\`) posted to the Worker in workerd by closed-loop clients; latency is from`,
    `sending the request to reading the whole \`<Response/>\`. Each client number sends ${MESSAGES_PER_CLIENT} messages, then a new`,
    `number takes over. After each level the benchmark waits for every reply to go out, so background work does not`,
    `spill into the next level. Budget: p99 ≤ ${P99_BUDGET_MS} ms (Twilio times out at 15 s), and the same with a 5 s model as with an instant one.`,
    "Locally, KV and R2 are emulated inside the same workerd process (a bucket is one Durable Object), sharing its thread",
    "with the Worker: under many clients, acknowledgements were seen to come back in batches, interleaved with the background",
    "replies' storage reads (each reply reads the whole conversation). So the high-concurrency rows measure this emulator and",
    "a 2-core machine as much as the Worker, whose acknowledgement path is one signature check and one R2 write.",
    "",
    table,
    "",
    `Independence from the model: the slowest acknowledgement with the 5 s model took ${round(Math.max(...rows.filter((r) => r.model === "5 s").map((r) => r.max)))} ms`,
    `(an acknowledgement that waited for the model would take at least ${SLOW_MODEL_MS} ms).`,
  ].join("\n");
  return { title: "1. Webhook acknowledgement", markdown, budgets };
}
