/**
 * Item 3: the live summary page for conversations of 10, 100 and 1000 client messages (each
 * answered) with 0, 10 and 100 photos: response time on loopback, workerd CPU per render, and
 * page weight (HTML only: photos load separately through their signed links). The page shows
 * the latest 25 messages and their answers (ADR 022.4), so its cost should not grow with the rest.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { conversationIdFor } from "../src/summary/conversation-id";
import { cpuWithin, type BenchSection, type BudgetCheck } from "./budget";
import { inLeanProcess } from "./lean-process";
import { LINK_SIGNING_SECRET, PUBLIC_BASE_URL, startLocalStack } from "./local-stack";
import { cpuMillis, workerdPids } from "./process-cpu";
import { seedConversation, seedConversations, type SeedSpec } from "./seeded-conversations";
import { median, round, spread } from "./stats";
import { inMemoryWorker, jsCpuPerCall } from "./worker-js-cpu";

const CPU_BUDGET_MS = 10;
/** A page Tata opens on her phone, whatever the conversation's length (issue 15, ADR 022.5). */
const GZIP_BUDGET_KIB = 64;

interface Row {
  spec: SeedSpec;
  status: number;
  timesMs: number[];
  cpuMs: number;
  jsCpuMs: number;
  bytes: number;
  gzipBytes: number;
  images: number;
}

function specs(smoke: boolean): SeedSpec[] {
  const sizes = smoke ? [10] : [10, 100, 1000];
  const photoCounts = smoke ? [0, 10] : [0, 10, 100];
  return sizes.flatMap((messages, m) =>
    photoCounts.map((photos, p) => ({ client: `whatsapp:+1555040${m}${p}000` as const, messages, photos, photoBytes: 2048 })),
  );
}

/** The Worker's own JS CPU per render of this conversation's page, from in-memory storage. Run in a lean process. */
export async function jsCpuOfRender(spec: SeedSpec, renders: number): Promise<number> {
  const worker = inMemoryWorker();
  const conversation = await seedConversation(worker.store, spec);
  const page = `${PUBLIC_BASE_URL}/summary/${await conversationIdFor(LINK_SIGNING_SECRET, conversation.client, conversation.consultation)}`;
  return jsCpuPerCall(renders, () => worker.call(new Request(page)));
}

export async function summaryRenderBench(smoke: boolean): Promise<BenchSection> {
  const renders = smoke ? 3 : 10;
  const persist = mkdtempSync(join(tmpdir(), "bench-summary-"));
  const rows: Row[] = [];
  try {
    const seeded = await seedConversations(persist, specs(smoke));
    const stack = await startLocalStack({ persist });
    try {
      for (const conversation of seeded) {
        const url = `${stack.worker.url}/summary/${await conversationIdFor(LINK_SIGNING_SECRET, conversation.client, conversation.consultation)}`;
        const first = await fetch(url);
        const html = await first.text();
        // Looked up after a request: the dev server may start a second workerd on first use.
        const pids = workerdPids();
        const timesMs: number[] = [];
        const cpuBefore = cpuMillis(pids);
        for (let i = 0; i < renders; i++) {
          const t0 = performance.now();
          await (await fetch(url)).arrayBuffer();
          timesMs.push(performance.now() - t0);
        }
        rows.push({
          spec: conversation,
          status: first.status,
          timesMs,
          cpuMs: (cpuMillis(pids) - cpuBefore) / renders,
          jsCpuMs: await inLeanProcess<number>(import.meta.url, "jsCpuOfRender", conversation, Math.max(renders, 20)),
          bytes: Buffer.byteLength(html),
          gzipBytes: gzipSync(html).length,
          images: (html.match(/<img\b/g) ?? []).length,
        });
      }
    } finally {
      await stack.stop();
    }
  } finally {
    rmSync(persist, { recursive: true, force: true });
  }

  const built = rows.every((r) => r.status === 200);
  const table = [
    "| client messages | photos | status | time p50 ms | p25–p75 ms | Worker JS CPU ms | workerd process CPU ms | HTML KiB | gzip KiB | `<img>` |",
    "| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((r) => {
      const { p25, p75 } = spread(r.timesMs);
      return `| ${r.spec.messages} | ${r.spec.photos} | ${r.status} | ${round(median(r.timesMs))} | ${round(p25)}–${round(p75)} | ${round(r.jsCpuMs, 1)} | ${round(r.cpuMs, 1)} | ${round(r.bytes / 1024)} | ${round(r.gzipBytes / 1024)} | ${r.images} |`;
    }),
  ].join("\n");
  const budgets: BudgetCheck[] = rows.map((r) => {
    const label = `summary page, ${r.spec.messages} messages / ${r.spec.photos} photos`;
    if (!built) return { item: label, figure: `status ${r.status}`, budget: `CPU ≤ ${CPU_BUDGET_MS} ms, gzip ≤ ${GZIP_BUDGET_KIB} KiB`, holds: "not measured" as const, note: "the summary route was not built when measured" };
    const cpu = cpuWithin(CPU_BUDGET_MS, r.jsCpuMs, r.cpuMs);
    return {
      item: label,
      figure: `${round(r.jsCpuMs, 1)} ms JS, ${round(r.cpuMs, 1)} ms process; ${round(r.gzipBytes / 1024)} KiB gzip`,
      budget: `CPU ≤ ${CPU_BUDGET_MS} ms, gzip ≤ ${GZIP_BUDGET_KIB} KiB`,
      holds: cpu.holds && r.gzipBytes / 1024 <= GZIP_BUDGET_KIB,
      ...(cpu.note ? { note: cpu.note } : {}),
    };
  });
  const markdown = [
    `Conversations are written into local R2 and KV through the storage module (\`bench/seeded-conversations.ts\`), then the`,
    `Worker starts on the same state and renders each page ${renders} times, one at a time. Time is request to last byte on`,
    "loopback. CPU two ways, as in item 2 (and judged the same way): the Worker's own JS (the same conversation in in-memory",
    "storage, rendered by the real app in node) and the workerd process (includes the local R2 emulator reading every object).",
    "Weight is the HTML alone, raw and gzipped (photos are separate requests through signed links).",
    "",
    table,
  ].join("\n");
  return { title: "3. Summary page render", markdown, budgets };
}
