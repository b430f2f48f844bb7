/**
 * The specs Stryker runs against each mutant (`npm run mutation`, ADR 023): the suite's own
 * project definitions (vitest.config.ts), narrowed to the specs that exercise src/ in-process.
 * Node-side specs that start wrangler, browsers or Pact are left out: they test src/ from outside
 * the process, where a mutant cannot be switched on.
 *   MUTATION_SCOPE=node (default)  spec/node/unit, the signature oracle and the model client's spec, in node
 *   MUTATION_SCOPE=all             plus the workers project, inside workerd, its properties run 25 times
 */
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import suite from "./vitest.config";
import { CheapestFirst } from "./spec/support/suite-order";

const projects = (suite.test?.projects ?? []) as TestProjectInlineConfiguration[];
const project = (name: string) => {
  const found = projects.find((p) => p.test?.name === name);
  if (!found) throw new Error(`vitest.config.ts has no project named ${name}`);
  return found;
};
const node = project("node");
/**
 * Every spec file loads src/ afresh: a mutant in a module-level constant (a regular expression, a
 * table) is switched on when the module is evaluated, so files must not share loaded modules.
 * Scope `all` tests no such mutant (ADR 031.5), so its workers files share one workerd runner as in
 * `npm test`: a fresh one for each file cost 2.4 s of CPU a file, minutes for a mutant that every
 * webhook spec reaches (ADR 031.6).
 */
const withIsolation = (p: TestProjectInlineConfiguration, isolate: boolean): TestProjectInlineConfiguration => ({ ...p, test: { ...p.test, isolate } });
/**
 * Runs of each property against a mutant (ADR 031.5): fewer than the suite's 50 (ADR 013.3), so that a
 * mutant the properties reach costs seconds; a mutant only more runs would kill counts as surviving.
 */
export const MUTATION_PROPERTY_RUNS = 25;
const workers = project("workers");

export default defineConfig({
  test: {
    sequence: { sequencer: CheapestFirst },
    projects: [
      withIsolation({ ...node, test: { ...node.test, include: ["spec/node/unit/**/*.spec.ts", "spec/node/signature-oracle.spec.ts", "spec/node/model-client.spec.ts"] } }, true),
      ...(process.env.MUTATION_SCOPE === "all"
        ? [withIsolation({ ...workers, test: { ...workers.test, provide: { ...workers.test?.provide, propertyRuns: Number(process.env.PROPERTY_RUNS) || MUTATION_PROPERTY_RUNS } } }, false)]
        : []),
    ],
  },
});
