/** Per-file setup of the workers project: intercept outbound fetch; empty storage after each spec. */
import { reset } from "cloudflare:test";
import { afterAll, afterEach, beforeAll } from "vitest";
import { network, resetNetwork } from "./network";

beforeAll(() => network.enable());
afterEach(async () => {
  resetNetwork();
  await reset();
});
afterAll(() => network.disable());
