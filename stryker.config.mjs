// @ts-check
/**
 * Mutation testing as a measured budget (ADR 023): `npm run mutation`, report in docs/mutation.md.
 * Incremental: docs/mutation/incremental-<scope>.json is committed, so a re-run (on any clone)
 * tests only the mutants whose code or covering specs changed since the recorded run.
 */
import "./scripts/mutation/typescript-7.mjs";

const scope = process.env.MUTATION_SCOPE === "all" ? "all" : "node";

/** What the node-side specs reach (the default scope); `all` mutates every file in src/. */
const nodeReachable = [
  "src/utils/**/*.ts",
  "src/config/settings.ts",
  "src/media/content-type.ts",
  "src/twilio/signature.ts",
  "src/twilio/messages-client.ts",
  "src/conversation/context-policy.ts",
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
  incremental: true,
  incrementalFile: `docs/mutation/incremental-${scope}.json`,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: `reports/mutation/${scope}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
