/**
 * Item 6: wall time of `npm test` on a clean checkout, as CI sees it: a fresh clone of HEAD
 * (committed work only), `npm ci --prefer-offline` (npm's cache first, the registry for what it
 * lacks), then the suite, timed once.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchSection, BudgetCheck } from "./budget";
import { round } from "./stats";

const BUDGET_S = 120;

const env = { ...process.env, CI: "true", PACT_DO_NOT_TRACK: "true", SCARF_ANALYTICS: "false", WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");

function cloneHead(into: string): string {
  execFileSync("git", ["clone", "--quiet", process.cwd(), into]);
  return `fresh clone of commit \`${execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: into, encoding: "utf8" }).trim()}\` (committed work only)`;
}

function timeSuite(checkout: string) {
  const install0 = performance.now();
  execFileSync("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: checkout, env, stdio: "pipe" });
  const installS = (performance.now() - install0) / 1000;
  const test0 = performance.now();
  const test = spawnSync("npm", ["test"], { cwd: checkout, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const testS = (performance.now() - test0) / 1000;
  const summary = plain(test.stdout + test.stderr)
    .split("\n")
    .filter((line) => /^\s*(Test Files|Tests)\b/.test(line))
    .map((line) => line.trim());
  return { installS, testS, status: test.status, summary };
}

export async function testSuiteBench(): Promise<BenchSection> {
  const item = "`npm test` wall time, clean clone";
  const budget = `≤ ${BUDGET_S} s`;
  const root = mkdtempSync(join(tmpdir(), "bench-suite-"));
  let row: string;
  let check: BudgetCheck;
  try {
    const checkout = join(root, "repo");
    const what = cloneHead(checkout);
    try {
      const run = timeSuite(checkout);
      row = `| ${what} | ${round(run.installS)} | **${round(run.testS)}** | ${run.status} | ${run.summary.join("; ")} |`;
      check = { item, figure: `${round(run.testS)} s`, budget, holds: run.testS <= BUDGET_S, ...(run.status === 0 ? {} : { note: `the suite exited ${run.status}` }) };
    } catch (error) {
      row = `| ${what} | failed | | | ${String(error instanceof Error ? error.message : error).split("\n")[0]} |`;
      check = { item, figure: "—", budget, holds: "not measured", note: "npm ci failed" };
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const markdown = [
    `The checkout gets \`npm ci --prefer-offline\`, then \`npm test\` is timed once. Budget ${BUDGET_S} s on this machine.`,
    "",
    "| checkout | npm ci s | npm test s | exit | vitest summary |",
    "| --- | ---: | ---: | ---: | --- |",
    row,
  ].join("\n");
  return { title: "6. Test suite", markdown, budgets: [check] };
}
