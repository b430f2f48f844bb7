/**
 * `npm run spec:report` (ADR 013.4): runs the suites once with vitest's JSON reporter next to the
 * usual one, and writes docs/spec-report.md from that run. Arguments go to vitest (e.g.
 * `npm run spec:report -- --project workers --project node`). Exits with vitest's status, after
 * writing the report either way: a red run is reported as red.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderSpecReport, type VitestJsonReport } from "./spec-report-markdown";
import { readRepository } from "./traceability";

const root = process.cwd();
const args = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), "spec-report-"));
const jsonFile = join(dir, "results.json");

const run = spawnSync("vitest", ["run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${jsonFile}`], { stdio: "inherit" });
let results: VitestJsonReport | undefined;
try {
  results = JSON.parse(readFileSync(jsonFile, "utf8"));
} catch (error) {
  console.error(`spec:report: vitest wrote no JSON results (${String(error)}); docs/spec-report.md is unchanged.`);
}
rmSync(dir, { recursive: true, force: true });
if (!results) process.exit(run.status || 1);

const command = ["vitest run", ...args].join(" ");
writeFileSync(join(root, "docs/spec-report.md"), renderSpecReport(readRepository(root).adrs, results, { command, root }));
console.log(`spec:report: wrote docs/spec-report.md (${results.success ? "green" : "red"} run)`);
process.exit(run.status ?? 1);
