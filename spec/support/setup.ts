/** Per-file setup of the workers project: intercept outbound fetch; empty storage and the virtual clock's jobs after each spec. */
import { reset } from "cloudflare:test";
import { afterAll, afterEach, beforeAll } from "vitest";
import { network, resetNetwork } from "./network";
import { clock } from "./worker";

beforeAll(() => network.enable());
afterEach(async () => {
  clock.forget();
  resetNetwork();
  await reset();
});
afterAll(() => network.disable());
