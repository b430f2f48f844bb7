/**
 * Item 6: wall time of `npm test` on a clean checkout, as CI sees it: `npm ci --offline` (the
 * local npm cache; no network) then the suite, timed once. Two checkouts: a fresh clone of
 * HEAD (committed work only, what CI would get today) and a copy of the working tree's files
 * (tracked and untracked, not ignored: the suite as it stands now).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { BenchSection, BudgetCheck } from "./budget";
import { round } from "./stats";

const BUDGET_S = 120;

const env = { ...process.env, CI: "true", PACT_DO_NOT_TRACK: "true", SCARF_ANALYTICS: "false", WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");

function cloneHead(into: string): string {
  execFileSync("git", ["clone", "--quiet", process.cwd(), into]);
  return `fresh clone of commit \`${execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: into, encoding: "utf8" }).trim()}\` (committed work only)`;
}

function copyWorkingTree(into: string): string {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { encoding: "utf8" }).split("\0").filter((file) => file && existsSync(file));
  for (const file of files) {
    mkdirSync(join(into, dirname(file)), { recursive: true });
    cpSync(file, join(into, file), { errorOnExist: false });
  }
  return `copy of the working tree at ${new Date().toISOString().slice(11, 16)} UTC (${files.length} files, uncommitted work included)`;
}

function timeSuite(checkout: string) {
  const install0 = performance.now();
  execFileSync("npm", ["ci", "--offline", "--no-audit", "--no-fund"], { cwd: checkout, env, stdio: "pipe" });
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
  const rows: string[] = [];
  const budgets: BudgetCheck[] = [];
  for (const [name, make] of [["clone", cloneHead], ["working tree", copyWorkingTree]] as const) {
    const root = mkdtempSync(join(tmpdir(), "bench-suite-"));
    try {
      const checkout = join(root, "repo");
      const what = make(checkout);
      const run = timeSuite(checkout);
      rows.push(`| ${what} | ${round(run.installS)} | **${round(run.testS)}** | ${run.status} | ${run.summary.join("; ")} |`);
      budgets.push({
        item: `\`npm test\` wall time, ${name}`,
        figure: `${round(run.testS)} s`,
        budget: `≤ ${BUDGET_S} s`,
        holds: run.testS <= BUDGET_S,
        ...(run.status === 0 ? {} : { note: `the suite exited ${run.status}` }),
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const markdown = [
    `Each checkout gets \`npm ci --offline\` (from the local npm cache), then \`npm test\` is timed once. Budget ${BUDGET_S} s on this machine.`,
    "",
    "| checkout | npm ci s | npm test s | exit | vitest summary |",
    "| --- | ---: | ---: | ---: | --- |",
    ...rows,
  ].join("\n");
  return { title: "6. Test suite", markdown, budgets };
}
