/**
 * ADR 013.3: a property's runs come from the seed its spec prints when it fails (spec/support/setup.ts),
 * so a run that hung, which ends before fast-check can report, is replayed with PROPERTY_SEED.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";

describe("the seed a failed spec prints", () => {
  it("ADR-013.3 a property without a seed of its own draws the runs of the spec's printed seed", async () => {
    const { seed } = fc.readConfigureGlobal();
    expect(seed).toEqual(expect.any(Number));
    const drawn: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.string(), async (text) => {
        drawn.push(text);
      }),
      { numRuns: 20 },
    );
    expect(drawn).toEqual(fc.sample(fc.string(), { seed, numRuns: 20 }));
  });
});
