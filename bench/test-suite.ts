/**
 * Item 6: wall time of `npm test` on a clean checkout, as CI sees it, and where that time goes.
 * A fresh clone of HEAD (committed work only) beside this checkout, so that `../shared` (the
 * providers' documents) resolves as it does here; `npm ci --prefer-offline`; then the suite,
 * timed once, with vitest's JSON report beside it for the time of each project and file.
 * Afterwards the clone must be as clean as it was (`git status --porcelain` empty). The start-up
 * costs the suite pays again and again (wrangler with workerd, headless Chromium) are timed here too.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { chromium } from "playwright-core";
import { chromiumPath } from "../scripts/chromium";
import { startLocalWorker } from "../scripts/local-worker";
import type { BenchSection, BudgetCheck } from "./budget";
import { median, round } from "./stats";

/** Issue 28's budget for an idle clean clone of the 2-core machine (ADR 022 began with 120 s). */
const BUDGET_S = 90;
const STARTUPS = 3;

const env = { ...process.env, CI: "true", PACT_DO_NOT_TRACK: "true", SCARF_ANALYTICS: "false", WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");
const load = () => loadavg().map((l) => l.toFixed(2)).join(", ");

/** CPU seconds of this process's finished children (and theirs, as each waited for its own): /proc/self/stat cutime + cstime. */
function childrenCpuS(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

interface FileResult {
  name: string;
  startTime: number;
  endTime: number;
  assertionResults: unknown[];
}

/** Which project a spec file belongs to, by the folders vitest.config.ts gives each. */
function projectOf(file: string): string {
  if (file.startsWith("contracts/")) return `pact-${file.split("/")[1]}`;
  if (file.startsWith("spec/node/")) return "node";
  if (file.startsWith("spec/browser/")) return "browser";
  return "workers";
}

function whereTheTimeGoes(reportFile: string, checkout: string): string[] {
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as { startTime: number; testResults: FileResult[] };
  const files = report.testResults.map((r) => ({
    file: relative(checkout, r.name),
    tests: r.assertionResults.length,
    start: (r.startTime - report.startTime) / 1000,
    seconds: (r.endTime - r.startTime) / 1000,
  }));
  const projects = new Map<string, typeof files>();
  for (const f of files) projects.set(projectOf(f.file), [...(projects.get(projectOf(f.file)) ?? []), f]);
  const byProject = [...projects.entries()]
    .map(([name, list]) => ({
      name,
      files: list.length,
      tests: list.reduce((s, f) => s + f.tests, 0),
      seconds: list.reduce((s, f) => s + f.seconds, 0),
      from: Math.min(...list.map((f) => f.start)),
      to: Math.max(...list.map((f) => f.start + f.seconds)),
    }))
    .sort((a, b) => b.seconds - a.seconds);
  return [
    "Per project (the sum of its files' test time; files run side by side, so sums exceed the wall time):",
    "",
    "| project | files | tests | sum of file times s | ran from – to s |",
    "| --- | ---: | ---: | ---: | --- |",
    ...byProject.map((p) => `| ${p.name} | ${p.files} | ${p.tests} | ${round(p.seconds)} | ${round(p.from)} – ${round(p.to)} |`),
    "",
    "The slowest files (time from the first test's start to the last test's end, setup and imports excluded):",
    "",
    "| file | project | tests | started at s | s |",
    "| --- | --- | ---: | ---: | ---: |",
    ...[...files]
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 12)
      .map((f) => `| \`${f.file}\` | ${projectOf(f.file)} | ${f.tests} | ${round(f.start)} | ${round(f.seconds)} |`),
  ];
}

/** Milliseconds until wrangler serves /health, and until Chromium has a page open: each suite run pays these several times. */
async function timeStartups(): Promise<{ wranglerMs: number[]; chromiumMs: number[] }> {
  const wranglerMs: number[] = [];
  const chromiumMs: number[] = [];
  for (let i = 0; i < STARTUPS; i++) {
    let started = performance.now();
    const worker = await startLocalWorker({ vars: {} });
    await (await fetch(`${worker.url}/health`)).text();
    wranglerMs.push(performance.now() - started);
    await worker.stop();
    started = performance.now();
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--headless", "--no-sandbox", "--disable-gpu"] });
    await (await browser.newPage()).goto("about:blank");
    chromiumMs.push(performance.now() - started);
    await browser.close();
  }
  return { wranglerMs, chromiumMs };
}

export async function testSuiteBench(): Promise<BenchSection> {
  const item = "`npm test` wall time, clean clone";
  const cleanItem = "checkout clean after `npm test` (`git status --porcelain`)";
  const budget = `≤ ${BUDGET_S} s`;
  const startups = await timeStartups();
  // Beside this checkout, so that ../shared resolves in the clone as it does here.
  const checkout = mkdtempSync(join(dirname(process.cwd()), "bench-clean-"));
  const reportDir = mkdtempSync(join(tmpdir(), "bench-suite-report-"));
  const lines: string[] = [];
  const checks: BudgetCheck[] = [];
  try {
    execFileSync("git", ["clone", "--quiet", process.cwd(), checkout]);
    const what = `fresh clone of commit \`${execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: checkout, encoding: "utf8" }).trim()}\` (committed work only)`;
    const install0 = performance.now();
    execFileSync("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: checkout, env, stdio: "pipe" });
    const installS = (performance.now() - install0) / 1000;
    const reportFile = join(reportDir, "vitest.json");
    const loadBefore = load();
    const cpu0 = childrenCpuS();
    const test0 = performance.now();
    const test = spawnSync("npm", ["test", "--", "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`], { cwd: checkout, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const testS = (performance.now() - test0) / 1000;
    const cpuS = childrenCpuS() - cpu0;
    const loadAfter = load();
    const summary = plain(test.stdout + test.stderr)
      .split("\n")
      .filter((line) => /^\s*(Test Files|Tests)\b/.test(line))
      .map((line) => line.trim());
    const dirty = execFileSync("git", ["status", "--porcelain"], { cwd: checkout, encoding: "utf8" }).trim();
    checks.push({ item, figure: `${round(testS)} s`, budget, holds: testS <= BUDGET_S, ...(test.status === 0 ? {} : { note: `the suite exited ${test.status}` }) });
    checks.push({ item: cleanItem, figure: dirty ? `${dirty.split("\n").length} paths changed` : "clean", budget: "clean", holds: !dirty });
    lines.push(
      `The checkout gets \`npm ci --prefer-offline\`, then \`npm test\` is timed once. Budget ${BUDGET_S} s on this machine.`,
      "CPU is the user + system time of every process the suite ran (vitest, workerd, wrangler, Chromium, the scripts specs start);",
      "on 2 cores a wall time near CPU ÷ 2 means both cores were kept busy.",
      "",
      "| checkout | npm ci s | npm test s | CPU s | load average before → after | exit | vitest summary | `git status --porcelain` after |",
      "| --- | ---: | ---: | ---: | --- | ---: | --- | --- |",
      `| ${what} | ${round(installS)} | **${round(testS)}** | ${round(cpuS)} | ${loadBefore} → ${loadAfter} | ${test.status} | ${summary.join("; ")} | ${dirty ? dirty.split("\n").map((l) => `\`${l.trim()}\``).join(", ") : "empty"} |`,
      "",
      "### Where the time goes",
      "",
      ...whereTheTimeGoes(reportFile, checkout),
      "",
    );
  } catch (error) {
    checks.push({ item, figure: "—", budget, holds: "not measured", note: String(error instanceof Error ? error.message : error).split("\n")[0] });
  } finally {
    rmSync(checkout, { recursive: true, force: true });
    rmSync(reportDir, { recursive: true, force: true });
  }
  lines.push(
    `Start-ups, ${STARTUPS} each, measured before the suite: wrangler (\`unstable_startWorker\`, workerd, local KV and R2) until \`/health\` answers,`,
    `median ${Math.round(median(startups.wranglerMs))} ms (${startups.wranglerMs.map(Math.round).join(", ")}); headless Chromium until a page is open,`,
    `median ${Math.round(median(startups.chromiumMs))} ms (${startups.chromiumMs.map(Math.round).join(", ")}).`,
    "",
    "What each file that starts processes costs and starts, measured file by file: [ADR 031](adr/031-harness-second-pass.md).",
  );
  return { title: "7. Test suite", markdown: lines.join("\n"), budgets: checks };
}
