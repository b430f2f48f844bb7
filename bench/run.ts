/**
 * `npm run bench`: runs every benchmark against the Worker in workerd and writes
 * docs/benchmarks.md. `npm run bench -- --smoke` runs each one briefly (CI: they must not
 * rot) and writes its report to the temp directory instead, leaving the real figures alone.
 * `--only=ack,bursts,cpu,summary,tokens,bundle,reset,console,suite` runs a subset and keeps the other sections of
 * the previous docs/benchmarks.md (the header says from when). `--only=mutation` runs Stryker
 * (ADR 023), which a plain run leaves out: it is run before a release, not with every benchmark.
 */
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchSection } from "./budget";
import { bundleBench } from "./bundle-size";
import { burstBench } from "./bursts";
import { consoleListBench } from "./console-list";
import { cpuPerRequestBench } from "./cpu-per-request";
import { describeMachine } from "./machine";
import { mutationBench } from "./mutation";
import { promptTokensBench } from "./prompt-tokens";
import { previousSections, renderReport, renderSection, writeReport, type ReportSection } from "./report";
import { resetBench } from "./reset-cost";
import { summaryRenderBench } from "./summary-render";
import { testSuiteBench } from "./test-suite";
import { webhookAckBench } from "./webhook-ack";

process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

const args = process.argv.slice(2);
const smoke = args.includes("--smoke");
const only = args.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
const note = args.find((a) => a.startsWith("--note="))?.slice("--note=".length);

const benches: Array<[name: string, run: (smoke: boolean) => Promise<BenchSection>]> = [
  ["ack", webhookAckBench],
  ["bursts", burstBench],
  ["cpu", cpuPerRequestBench],
  ["summary", summaryRenderBench],
  ["tokens", promptTokensBench],
  ["bundle", bundleBench],
  ["reset", resetBench],
  ["console", consoleListBench],
  // A clean clone, npm ci and the whole suite: CI runs `npm test` itself, so smoke skips it.
  ["suite", testSuiteBench],
  ["mutation", mutationBench],
];
/** Run only when asked for by name. */
const optIn = new Set(["mutation"]);

const machine = describeMachine();
const sections: Array<[name: string, section: BenchSection]> = [];
const failed: string[] = [];
for (const [name, run] of benches) {
  if (only ? !only.includes(name) : optIn.has(name)) continue;
  if (smoke && (name === "suite" || name === "mutation")) continue;
  const started = Date.now();
  console.log(`bench: ${name}…`);
  try {
    sections.push([name, await run(smoke)]);
    console.log(`bench: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    // One broken benchmark must not lose the others' figures; the report and the exit code say it failed.
    console.error(`bench: ${name} failed:`, error);
    failed.push(name);
    sections.push([name, { title: `${name}: failed`, markdown: ["```", String(error instanceof Error ? error.stack : error), "```"].join("\n"), budgets: [] }]);
  }
}

const path = smoke ? join(tmpdir(), "benchmarks.smoke.md") : "docs/benchmarks.md";
const loadAtEnd = loadavg().map((l) => l.toFixed(2)).join(", ");
const fresh = new Map(sections.map(([name, section]) => [name, renderSection(name, section)]));
const previous = only && !smoke ? previousSections(path) : { sections: [] };
const kept = previous.sections.filter((s) => !fresh.has(s.bench) && benches.some(([name]) => name === s.bench));
const ordered: ReportSection[] = benches.flatMap(([name]) => [fresh.get(name), kept.find((s) => s.bench === name)].filter((s): s is ReportSection => s !== undefined));
const notes = [
  ...(note ? [note] : []),
  ...(kept.length ? [`sections ${kept.map((s) => s.bench).join(", ")} kept from the run of ${previous.date ?? "an earlier date"}; the others from this run`] : []),
];
writeReport(path, renderReport(machine, ordered, { smoke, notes, loadAtEnd }));
console.log(`bench: wrote ${path}`);
if (failed.length) {
  console.error(`bench: failed: ${failed.join(", ")}`);
  process.exitCode = 1;
}
