/**
 * The order in which `npm test` starts its spec files (vitest.config.ts, ADR 022.2, ADR 034.1).
 * Groups first (sequence.groupOrder: the consumer pacts are written before anything reads them).
 * Vitest keeps a runner (for the workers project, a workerd process) for the next file only when
 * that file is of the same project, and otherwise starts a new one; so each project's files stay
 * together: first the few files that mostly wait on real time, beside the first workers files;
 * then the workers project, the browser, the pacts, and node. Within a project the files measured
 * slowest first, then the base order: the slowest of the previous run first, else the largest.
 */
import { statSync } from "node:fs";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files measured slowest, slowest first within their project (each project alone, idle,
 * 2026-12-07; the workers files that waited on real retry waits measured after ADR 035).
 */
const SLOWEST = [
  "spec/malformed-state-crowded.spec.ts",
  "spec/burst-property.spec.ts",
  "spec/malformed-state-media-and-reset.spec.ts",
  "spec/answer-limits.spec.ts",
  "spec/summary-scale.spec.ts",
  "spec/provider-failures.spec.ts",
  "spec/malformed-state.spec.ts",
  "spec/console-list.spec.ts",
  "spec/consent-delete-my-data.spec.ts",
  "spec/twilio-sid-ledger.spec.ts",
  "spec/summary-paging.spec.ts",
  "spec/reset.spec.ts",
  "spec/summary-resilience.spec.ts",
  "spec/console-access.spec.ts",
  "spec/media-property.spec.ts",
  "spec/browser/playground.spec.ts",
  "spec/node/replay.spec.ts",
  "spec/node/forget.spec.ts",
  "spec/node/pinned-settings.spec.ts",
  "spec/node/start.spec.ts",
  "spec/node/provider-documents.spec.ts",
  "spec/node/playground-boundary.spec.ts",
  "spec/node/doctor.spec.ts",
  "spec/node/export.spec.ts",
];
const PROJECTS = ["workers", "browser", "pact-provider", "pact-documents", "pact-drift", "node"];
/** Files that mostly wait on real time (the evals' consultations): they start with the first files and overlap them. */
const WAITING = ["spec/node/evals-metrics-can-fail.spec.ts", "spec/node/evals-live.spec.ts"];

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
        rank(WAITING, relative(a)) - rank(WAITING, relative(b)) ||
        rank(PROJECTS, a.project.name) - rank(PROJECTS, b.project.name) ||
        rank(SLOWEST, relative(a)) - rank(SLOWEST, relative(b)),
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
