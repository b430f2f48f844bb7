/**
 * Per-file setup of the workers project: intercept outbound fetch; the virtual clock starts from real
 * time; each spec's properties draw from one seed, printed if the spec fails (a hang included, which
 * ends it before fast-check can report); empty storage and the clock's jobs after each spec.
 */
import { reset } from "cloudflare:test";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, inject } from "vitest";
import { network, resetNetwork } from "./network";
import { clock } from "./worker";

declare module "vitest" {
  export interface ProvidedContext {
    /** PROPERTY_SEED, or 0: a seed drawn for each spec (ADR 013.3). */
    propertySeed: number;
  }
}

beforeAll(() => {
  network.enable();
  clock.catchUp();
});
beforeEach(({ onTestFailed, task }) => {
  const seed = inject("propertySeed") || Math.floor(Math.random() * 2 ** 31);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
  onTestFailed(() => {
    console.error(`fast-check seed of "${task.name}": ${seed}; its runs again: PROPERTY_SEED=${seed} npx vitest run --project workers ${task.file.name}`);
  });
});
afterEach(async () => {
  clock.forget();
  resetNetwork();
  await reset();
});
afterAll(() => network.disable());
