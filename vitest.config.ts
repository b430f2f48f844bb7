/**
 * One command runs every suite (`npm test`). Projects run in groups, in this order:
 *   0  workers  specs inside workerd with real KV and R2 (spec/**\/*.spec.ts)
 *      node     node-side specs: SDK oracles, traceability, scripts (spec/node/**\/*.spec.ts)
 *   1  pact-consumer   consumer pacts driving the real clients (contracts/consumer)
 *   2  pact-documents  the pacts and fixtures against the providers' OpenAPI documents (contracts/documents)
 *   3  pact-provider   our Worker verified against Twilio's webhook pact (contracts/provider)
 *   4  pact-drift      the specs' msw mocks verified against our outbound pacts (contracts/drift)
 *   5  browser         headless Chromium against the Worker under wrangler (spec/browser)
 */
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export const specBindings = {
  TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000",
  TWILIO_AUTH_TOKEN: "spec-auth-token",
  TWILIO_WHATSAPP_NUMBER: "whatsapp:+14155238886",
  PUBLIC_BASE_URL: "https://wa.example.com",
  OPENAI_API_KEY: "sk-spec",
  LINK_SIGNING_SECRET: "spec-link-signing-secret-0123456789",
  STYLIST_WHATSAPP_NUMBER: "+15550001111",
};

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" }, miniflare: { bindings: specBindings } })],
        test: {
          name: "workers",
          include: ["spec/**/*.spec.ts"],
          exclude: ["spec/node/**", "spec/browser/**"],
          setupFiles: ["spec/support/setup.ts"],
          testTimeout: 20_000,
          // Runs per property in spec/malformed-state.spec.ts (ADR 013.3): PROPERTY_RUNS=1000 npm test.
          provide: { propertyRuns: Number(process.env.PROPERTY_RUNS) || 200 },
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: { name: "node", environment: "node", include: ["spec/node/**/*.spec.ts"], testTimeout: 60_000, sequence: { groupOrder: 0 } },
      },
      {
        test: { name: "pact-consumer", environment: "node", include: ["contracts/consumer/**/*.spec.ts"], setupFiles: ["contracts/support/offline.ts"], globalSetup: ["contracts/support/clean-pacts.ts"], testTimeout: 30_000, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
      {
        test: { name: "pact-documents", environment: "node", include: ["contracts/documents/**/*.spec.ts"], setupFiles: ["contracts/support/offline.ts"], testTimeout: 60_000, fileParallelism: false, sequence: { groupOrder: 2 } },
      },
      {
        test: { name: "pact-provider", environment: "node", include: ["contracts/provider/**/*.spec.ts"], setupFiles: ["contracts/support/offline.ts"], testTimeout: 120_000, fileParallelism: false, sequence: { groupOrder: 3 } },
      },
      {
        test: { name: "pact-drift", environment: "node", include: ["contracts/drift/**/*.spec.ts"], setupFiles: ["contracts/support/offline.ts"], testTimeout: 120_000, fileParallelism: false, sequence: { groupOrder: 4 } },
      },
      {
        test: { name: "browser", environment: "node", include: ["spec/browser/**/*.spec.ts"], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false, sequence: { groupOrder: 5 } },
      },
    ],
  },
});
