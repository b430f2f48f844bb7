/**
 * The order in which `npm test` starts its spec files (vitest.config.ts, ADR 022). Groups first
 * (sequence.groupOrder: the consumer pacts are written before anything reads them); then the
 * files measured slowest, so the longest one starts at once instead of last; then one project
 * after another, those that mostly wait (a browser, wrangler starting) before the workers
 * project, whose files keep both cores busy. Files of one project stay together so that a runner
 * (for the workers project, a workerd process) goes on to the next file instead of starting anew.
 * Within a project the base order holds: the slowest of the previous run first, else the largest.
 */
import { statSync } from "node:fs";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** The files measured slowest, slowest first (docs/benchmarks.md, "Where the time goes"). */
const SLOWEST = [
  "spec/burst-property.spec.ts",
  // Mostly waiting: eleven consultations through the Worker's one-second settling window (ADR 027.5).
  "spec/node/evals-metrics-can-fail.spec.ts",
  "spec/malformed-state-media-and-reset.spec.ts",
  "spec/node/evals-live.spec.ts",
  "spec/malformed-state.spec.ts",
  "spec/console-list.spec.ts",
  "spec/node/replay.spec.ts",
  "spec/twilio-sid-ledger.spec.ts",
  "spec/answer-limits.spec.ts",
  "spec/node/start.spec.ts",
  "spec/node/provider-documents.spec.ts",
  "spec/reset.spec.ts",
  "spec/node/forget.spec.ts",
  "spec/media-property.spec.ts",
  "spec/summary-scale.spec.ts",
  "spec/malformed-state-crowded.spec.ts",
];
const PROJECTS = ["browser", "pact-provider", "pact-documents", "pact-drift", "node", "workers"];

const rank = (list: string[], item: string) => {
  const at = list.indexOf(item);
  return at === -1 ? list.length : at;
};

export class SuiteOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const root = this.ctx.config.root;
    const relative = (spec: TestSpecification) => spec.moduleId.slice(root.length + 1);
    return [...base].sort(
      (a, b) =>
        a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder ||
        rank(SLOWEST, relative(a)) - rank(SLOWEST, relative(b)) ||
        rank(PROJECTS, a.project.name) - rank(PROJECTS, b.project.name),
    );
  }
}

/**
 * The order in which Stryker runs the specs that cover a mutant (vitest.mutation.config.ts): one
 * file at a time, and the first failure ends the run (its bail). So the cheapest first: the node
 * unit specs, then the workers files by size, the files measured slowest last, slowest at the end.
 * A killed mutant then costs its quickest kill, not the slowest file's time (ADR 031.6).
 */
export class CheapestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const relative = (spec: TestSpecification) => spec.moduleId.slice(root.length + 1);
    const cost = new Map(files.map((spec) => [spec, [spec.project.name === "node" ? 0 : 1, -rank(SLOWEST, relative(spec)), statSync(spec.moduleId).size] as const]));
    return [...files].sort((a, b) => {
      const [ca, cb] = [cost.get(a)!, cost.get(b)!];
      return ca[0] - cb[0] || ca[1] - cb[1] || ca[2] - cb[2];
    });
  }
}
