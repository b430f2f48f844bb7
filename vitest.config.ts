/**
 * One command runs every suite (`npm test`), in two groups (ADR 022):
 *   0  pact-consumer   consumer pacts driving the real clients (contracts/consumer); writes contracts/pacts
 *   1  everything else, side by side, in SLOTS files at a time:
 *      workers         specs inside workerd with real KV and R2 (spec/**\/*.spec.ts)
 *      node            node-side specs: SDK oracles, traceability, scripts (spec/node/**\/*.spec.ts)
 *      pact-documents  the pacts and fixtures against the providers' OpenAPI documents (contracts/documents)
 *      pact-provider   our Worker verified against Twilio's webhook pact (contracts/provider)
 *      pact-drift      the specs' msw mocks verified against our outbound pacts (contracts/drift)
 *      browser         headless Chromium against the Worker under wrangler (spec/browser)
 * Only the pact projects of group 1 need group 0's pacts; the rest waits the few seconds group 0 takes.
 * `isolate: false`: a runner (a workerd process for the workers project, a node process for the
 * others) runs file after file of its project instead of starting anew for each; no spec relies on
 * a fresh module state, and the workers specs empty KV and R2 after each test (spec/support/setup.ts).
 * spec/support/suite-order.ts decides which files start first; spec/support/suite-tmpdir.ts where
 * temporary files go (in memory when the machine has a RAM-backed folder).
 */
import { availableParallelism } from "node:os";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { specBindings } from "./spec/support/spec-bindings.js";
import { SuiteOrder } from "./spec/support/suite-order.js";
import { suiteTmpdir } from "./spec/support/suite-tmpdir.js";
import { SPEC_HANG_MS } from "./spec/support/patience.js";

// Before anything starts: every process of the run (workerd, wrangler, the forks) inherits it.
const tmp = suiteTmpdir(process.env);
if (tmp) process.env.TMPDIR = tmp;

/** The wrangler.toml the workers specs take their bindings' shape from: the repository's, or a copy (spec/node/pinned-settings.spec.ts). */
const wranglerConfig = process.env.SPEC_WRANGLER_CONFIG || "./wrangler.toml";

/**
 * Files run at once in group 1: one more than the machine's cores (3 on two), so a file waiting on
 * a browser or wrangler leaves none idle, and a machine with more cores uses them all (ADR 022.2).
 */
const SLOTS = availableParallelism() + 1;
const together = { isolate: false, maxWorkers: SLOTS, sequence: { groupOrder: 1 } };
const contract = { environment: "node", setupFiles: ["contracts/support/offline.ts"], ...together };

export default defineConfig({
  test: {
    sequence: { sequencer: SuiteOrder },
    // The Worker logs one `answer_sent` line per answer (ADR 030.4): hundreds in a run, none a finding.
    onConsoleLog: (log) => !log.includes('"event":"answer_sent"'),
    projects: [
      {
        test: {
          name: "pact-consumer",
          environment: "node",
          include: ["contracts/consumer/**/*.spec.ts"],
          setupFiles: ["contracts/support/offline.ts"],
          globalSetup: ["contracts/support/clean-pacts.ts"],
          testTimeout: SPEC_HANG_MS,
          // One process, one file after another: the files merge their interactions into the same pact files.
          isolate: false,
          maxWorkers: 1,
          sequence: { groupOrder: 0 },
        },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: wranglerConfig }, miniflare: { bindings: specBindings } })],
        test: {
          name: "workers",
          include: ["spec/**/*.spec.ts"],
          exclude: ["spec/node/**", "spec/browser/**"],
          setupFiles: ["spec/support/setup.ts"],
          // Three files share two cores, and the machine may be shared too: bounded for a hang, not for speed (ADR 031.2).
          testTimeout: SPEC_HANG_MS,
          // Runs per property (ADR 013.3): 50, each run of the suite from new seeds; PROPERTY_RUNS=1000 npm test goes deeper.
          // PROPERTY_SEED=n: every property draws from seed n (a failed spec prints its own), ADR 013.3.
          provide: { propertyRuns: Number(process.env.PROPERTY_RUNS) || 50, propertySeed: Number(process.env.PROPERTY_SEED) || 0 },
          ...together,
        },
      },
      { test: { name: "node", environment: "node", include: ["spec/node/**/*.spec.ts"], testTimeout: SPEC_HANG_MS, hookTimeout: SPEC_HANG_MS, ...together } },
      { test: { name: "pact-documents", include: ["contracts/documents/**/*.spec.ts"], testTimeout: SPEC_HANG_MS, ...contract } },
      { test: { name: "pact-provider", include: ["contracts/provider/**/*.spec.ts"], testTimeout: SPEC_HANG_MS, ...contract } },
      { test: { name: "pact-drift", include: ["contracts/drift/**/*.spec.ts"], testTimeout: SPEC_HANG_MS, ...contract } },
      { test: { name: "browser", environment: "node", include: ["spec/browser/**/*.spec.ts"], testTimeout: SPEC_HANG_MS, hookTimeout: SPEC_HANG_MS, ...together } },
    ],
  },
});
