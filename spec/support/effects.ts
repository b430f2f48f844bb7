/** Asserts that a request was answered without touching storage or calling a provider. */
import { expect } from "vitest";
import { calls } from "./network";
import { copyStorage } from "./storage";

export async function expectNoEffect(run: () => Promise<Response>, status: number): Promise<Response> {
  const before = await copyStorage();
  calls.length = 0;
  const response = await run();
  expect(response.status).toBe(status);
  expect(await copyStorage()).toEqual(before);
  expect(calls).toEqual([]);
  return response;
}
