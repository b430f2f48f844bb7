// @ts-check
/**
 * Mutation testing as a measured budget (ADR 023): `npm run mutation` runs this, then
 * scripts/mutation-report.ts writes docs/mutation.md from the result.
 * Incremental: the next run finds the last result and tests only the mutants whose code or covering
 * specs changed. The default scope keeps it in reports/mutation/ (not committed: a clean clone runs
 * it again in minutes); scope `all` commits it (ADR 031.3): a run of all of src/ takes hours, so it
 * is run a folder at a time (`--mutate 'src/reply/**'`), each run adding to the result the last one
 * left (Stryker keeps the results of mutants outside `--mutate`), and a new checkout starts from it.
 */
import "./scripts/mutation/typescript-7.mjs";

const scope = process.env.MUTATION_SCOPE === "all" ? "all" : "node";

/** Where each scope keeps its last result (the report reads it there too). */
export const incrementalFiles = { node: "reports/mutation/incremental-node.json", all: "mutation/incremental-all.json" };

/** What the node-side specs reach (the default scope); `all` mutates every file in src/. */
const nodeReachable = [
  "src/utils/**/*.ts",
  "src/config/settings.ts",
  "src/media/content-type.ts",
  "src/media/signed-links.ts",
  "src/media/media-response.ts",
  "src/summary/conversation-id.ts",
  "src/twilio/signature.ts",
  "src/twilio/messages-client.ts",
  "src/twilio/webhook-form.ts",
  "src/twilio/media-url.ts",
  "src/twilio/media-fetch.ts",
  "src/twilio/deletion-client.ts",
  "src/conversation/context-policy.ts",
  "src/openai/client.ts",
  "src/openai/errors.ts",
  "src/openai/request.ts",
  "src/openai/transcribe.ts",
  "src/summary/handoff-link.ts",
  "src/summary/status.ts",
];

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: true },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { experimentalNativePreview: true, prioritizePerformanceOverAccuracy: false },
  checkerNodeArgs: ["--import", new URL("./scripts/mutation/typescript-7.mjs", import.meta.url).pathname],
  plugins: ["@stryker-mutator/vitest-runner", "@stryker-mutator/typescript-checker"],
  mutate: scope === "all" ? ["src/**/*.ts", "src/**/*.tsx"] : nodeReachable,
  coverageAnalysis: "perTest",
  // Two cores, shared: one test runner, one checker.
  concurrency: 1,
  timeoutMS: 20_000,
  // The first run of every covering spec: the whole workers project, in workerd, for scope `all`.
  dryRunTimeoutMinutes: scope === "all" ? 30 : 5,
  incremental: true,
  // Scope `all`: a static mutant (a module-level value) runs the whole workers project, minutes each;
  // it is skipped and reported as not run (ADR 031.5).
  ignoreStatic: scope === "all",
  // MUTATION_FORCE=1: every mutant again (a release run): incremental runs reuse the results of static
  // mutants (module-level constants) even when the specs that would kill them changed (ADR-023.1).
  force: process.env.MUTATION_FORCE === "1",
  incrementalFile: incrementalFiles[scope],
  reporters: ["clear-text", "progress"],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: ".stryker-tmp",
  // Another run's sandbox (a second scope run beside this one) and old results are not project files.
  ignorePatterns: ["/.stryker-tmp*", "/reports", "/mutation"],
  cleanTempDir: "always",
};
