/**
 * `npm run bench -- --only=mutation` (opt-in: not part of a plain `npm run bench`): runs
 * `npm run mutation` (Stryker, incremental, then docs/mutation.md) and holds its score to the
 * budget of ADR 023. A run on an unchanged checkout only re-reads the last result.
 */
import { spawnSync } from "node:child_process";
import { MUTATION_BUDGET, readSummary, scoreOf } from "../scripts/mutation-report";
import type { BenchSection } from "./budget";
import { round } from "./stats";

export async function mutationBench(): Promise<BenchSection> {
  const started = performance.now();
  const run = spawnSync("npm", ["run", "mutation"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`npm run mutation exited ${run.status}:\n${(run.stdout + run.stderr).split("\n").slice(-30).join("\n")}`);
  const summary = await readSummary("node");
  if (!summary) throw new Error("npm run mutation left no result in reports/mutation/");
  const score = scoreOf(summary.total);
  const unexplained = summary.survivors.filter((s) => !s.reason).length;
  const { killed, timeout, survived, noCoverage } = summary.total;
  return {
    title: "Mutation score",
    markdown: [
      `\`npm run mutation\` took ${round(seconds)} s (incremental: only mutants whose code or covering specs changed are run again).`,
      `The score per folder of src/, what is not measured and every survivor with its reason: [docs/mutation.md](mutation.md) (ADR 023).`,
    ].join("\n"),
    budgets: [
      {
        item: "mutation score, node-reachable src/ (ADR 023)",
        figure: `${(score * 100).toFixed(1)} % (${killed + timeout} of ${killed + timeout + survived + noCoverage}), ${unexplained} unexplained survivors`,
        budget: `≥ ${MUTATION_BUDGET * 100} %, every survivor explained`,
        holds: score >= MUTATION_BUDGET && unexplained === 0,
      },
    ],
  };
}
