/**
 * Item 2: CPU per request of the webhook, the summary page and the media route, two ways:
 * - the Worker's own JavaScript (bench/worker-js-cpu.ts: the real app in node's V8, in-memory
 *   storage, canned providers): the estimate of what Cloudflare bills, held to the 10 ms limit;
 * - the workerd process's CPU (/proc utime+stime) over a run divided by its requests: an upper
 *   bound that also counts the local KV/R2 emulator (same process) and HTTP handling.
 * `GET /health` is measured the same ways, as the floor of each method.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mediaLink } from "../src/media/signed-links";
import { conversationIdFor } from "../src/summary/conversation-id";
import { cpuWithin, type BenchSection, type BudgetCheck } from "./budget";
import { inLeanProcess } from "./lean-process";
import { runClosedLoop } from "./load";
import { LINK_SIGNING_SECRET, nextMessageSid, postWebhook, PUBLIC_BASE_URL, signedWebhookRequest, startLocalStack, textParams, type LocalStack } from "./local-stack";
import { cpuMillis, workerdPids } from "./process-cpu";
import { seedConversation, seedConversations, type SeedSpec, type SeededConversation } from "./seeded-conversations";
import { round } from "./stats";
import { inMemoryWorker, jsCpuPerCall } from "./worker-js-cpu";

/** Workers free plan: 10 ms of CPU per invocation. */
const CPU_BUDGET_MS = 10;
const CONCURRENCY = 4;
const PHOTO_BYTES = 200 * 1024;
const CONVERSATION: SeedSpec = { client: "whatsapp:+15550300300", messages: 20, photos: 5, photoBytes: PHOTO_BYTES };
/** The request that checks a route exists before it is measured; outside the indices of the runs. */
const PROBE_INDEX = 9_999;

type RouteName = "GET /health" | "POST /whatsapp/incoming" | "GET /summary/:id" | "GET /media/:token";

const described: Record<RouteName, string> = {
  "GET /health": "floor: routing only",
  "POST /whatsapp/incoming": "a signed text message, with its background reply (read state, compose, model, Messages API, R2 writes)",
  "GET /summary/:id": `the live page of a ${CONVERSATION.messages}-message conversation with ${CONVERSATION.photos} photos`,
  "GET /media/:token": `one ${PHOTO_BYTES / 1024} KiB photo through its signed link`,
};

/** One message a client: each gets its own answer (messages of one client that arrive together get one, ADR 016). */
const webhookClient = (index: number) => `whatsapp:+1555031${String(index).padStart(5, "0")}`;
const webhookText = (index: number) => `Message ${index}: I use a diffuser twice a week.`;

/** Paths of the seeded conversation's page and first photo, for a Worker at `origin`. */
async function pathsOf(conversation: SeededConversation, origin: string) {
  const summary = `/summary/${await conversationIdFor(LINK_SIGNING_SECRET, conversation.client, conversation.consultation)}`;
  const media = new URL(await mediaLink(LINK_SIGNING_SECRET, origin, conversation.client, conversation.consultation, conversation.mediaKeys[0]!, Math.floor(Date.now() / 1000) + 86_400)).pathname;
  return { summary, media };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Workerd process CPU per request of one route, or null when the route answers 404. */
async function processCpu(stack: LocalStack, requests: number, route: RouteName, paths: { summary: string; media: string }): Promise<number | null> {
  const url = stack.worker.url;
  let webhooks = 0;
  const request = (i: number): Promise<Response> => {
    if (route === "POST /whatsapp/incoming") {
      webhooks++;
      return postWebhook(url, textParams(webhookClient(i), webhookText(i), nextMessageSid()));
    }
    return fetch(url + (route === "GET /health" ? "/health" : route === "GET /summary/:id" ? paths.summary : paths.media));
  };
  const settled = async () => {
    if (webhooks) await stack.standIns.waitForSent(webhooks, 120_000);
  };
  const probe = await request(PROBE_INDEX);
  await probe.arrayBuffer();
  if (probe.status === 404) return null;
  await settled();
  const warmup = Math.max(5, requests / 10);
  await runClosedLoop(warmup, CONCURRENCY, (i) => request(requests + i));
  await settled();
  const pids = workerdPids();
  const before = cpuMillis(pids);
  await runClosedLoop(requests, CONCURRENCY, request);
  await settled();
  await sleep(100);
  return (cpuMillis(pids) - before) / requests;
}

/** The Worker's own JS CPU per request of one route, or null when the route answers 404. Run in a lean process. */
export async function jsCpu(requests: number, route: RouteName): Promise<number | null> {
  const worker = inMemoryWorker();
  const conversation = await seedConversation(worker.store, CONVERSATION);
  const paths = await pathsOf(conversation, PUBLIC_BASE_URL);
  const call = async (i: number) => {
    if (route === "POST /whatsapp/incoming") return worker.call(await signedWebhookRequest(PUBLIC_BASE_URL, textParams(webhookClient(i), webhookText(i), nextMessageSid())));
    return worker.call(new Request(PUBLIC_BASE_URL + (route === "GET /health" ? "/health" : route === "GET /summary/:id" ? paths.summary : paths.media)));
  };
  let notFound = false;
  const perCall = await jsCpuPerCall(requests, async (i) => void (notFound ||= (await call(i)).status === 404));
  return notFound ? null : perCall;
}

export async function cpuPerRequestBench(smoke: boolean): Promise<BenchSection> {
  const requests = smoke ? 20 : 200;
  const routes = Object.keys(described) as RouteName[];
  const js = new Map<RouteName, number | null>();
  for (const route of routes) js.set(route, await inLeanProcess<number | null>(import.meta.url, "jsCpu", requests, route));

  const persist = mkdtempSync(join(tmpdir(), "bench-cpu-"));
  const processCpus = new Map<RouteName, number | null>();
  try {
    const [conversation] = await seedConversations(persist, [CONVERSATION]);
    const stack = await startLocalStack({ persist });
    try {
      const paths = await pathsOf(conversation!, stack.worker.url);
      for (const route of routes) processCpus.set(route, await processCpu(stack, requests, route, paths));
    } finally {
      await stack.stop();
    }
  } finally {
    rmSync(persist, { recursive: true, force: true });
  }

  const ms = (value: number | null | undefined) => (value === null || value === undefined ? "not built" : round(value, 2));
  const table = [
    "| route | what one request does | Worker JS CPU ms (billed estimate) | workerd process CPU ms (upper bound) |",
    "| --- | --- | ---: | ---: |",
    ...routes.map((route) => `| ${route} | ${described[route]} | ${ms(js.get(route))} | ${ms(processCpus.get(route))} |`),
  ].join("\n");
  const budgets: BudgetCheck[] = routes.slice(1).map((route) => {
    const item = `CPU per request, ${route}`;
    const budget = `≤ ${CPU_BUDGET_MS} ms (Workers free plan)`;
    const jsMs = js.get(route);
    const processMs = processCpus.get(route);
    if (jsMs === null || jsMs === undefined || processMs === null || processMs === undefined) return { item, figure: "—", budget, holds: "not measured" as const, note: "route not built" };
    return { item, figure: `${round(jsMs, 2)} ms JS, ${round(processMs, 1)} ms process`, budget, ...cpuWithin(CPU_BUDGET_MS, jsMs, processMs) };
  });
  const markdown = [
    `${requests} requests a route after a warm-up. Two measurements, because neither alone is what Cloudflare bills:`,
    "",
    "- **Worker JS CPU**: the real app (`src/index.ts`) called in node's V8 (the engine workerd embeds) with in-memory KV and R2",
    "  and canned provider answers (`bench/worker-js-cpu.ts`), timed with `process.cpuUsage`. This is the Worker's own",
    "  execution, which is what the CPU limit counts (time waiting on KV, R2 or `fetch` is not CPU). An estimate: node's",
    "  WebCrypto (each call through a thread pool) costs more than workerd's, so crypto-heavy routes (links, signatures) read high.",
    `- **workerd process CPU**: user+system time of the workerd process (\`/proc/<pid>/stat\`, 10 ms ticks) over the run at`,
    `  ${CONCURRENCY} concurrent clients, divided by the requests. It includes the local KV/R2 emulator (SQLite, in the same`,
    "  process) and HTTP parsing, so it is an upper bound, dominated by storage emulation on the storage-heavy routes.",
    "",
    "A route holds its budget when either figure is within it (the upper bound proves it; the estimate argues it), and is over when both are.",
    "",
    table,
  ].join("\n");
  return { title: "2. CPU per request", markdown, budgets };
}
