/** Per-file setup of the workers project: intercept outbound fetch; the virtual clock starts from real time; empty storage and the clock's jobs after each spec. */
import { reset } from "cloudflare:test";
import { afterAll, afterEach, beforeAll } from "vitest";
import { network, resetNetwork } from "./network";
import { clock } from "./worker";

beforeAll(() => {
  network.enable();
  clock.catchUp();
});
afterEach(async () => {
  clock.forget();
  resetNetwork();
  await reset();
});
afterAll(() => network.disable());
