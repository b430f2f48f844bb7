/**
 * ADR 002.3 and ADR 006.2, bodies read whole but never past a limit (src/utils/capped-body.ts):
 * a larger body is cancelled mid-stream, not read to the end.
 */
import { describe, expect, it } from "vitest";
import { readCapped } from "../../../src/utils/capped-body";

function streamOf(chunks: number[]) {
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks.length) return controller.close();
      controller.enqueue(new Uint8Array(chunks[pulled]!).fill(pulled + 1));
      pulled += 1;
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, pulled: () => pulled, cancelled: () => cancelled };
}

describe("readCapped", () => {
  it("ADR-002.3 returns every byte, in order, when the body is within the limit (exactly at it too)", async () => {
    const { stream } = streamOf([2, 3, 1]);
    expect(Array.from((await readCapped(stream, 6))!)).toEqual([1, 1, 2, 2, 2, 3]);
    expect(Array.from((await readCapped(streamOf([]).stream, 0))!)).toEqual([]);
    expect(await readCapped(null, 10)).toEqual(new Uint8Array(0));
  });

  it("ADR-002.3 stops at the first chunk past the limit and cancels the rest of the stream", async () => {
    const body = streamOf([4, 4, 4, 4]);
    expect(await readCapped(body.stream, 7)).toBeNull();
    expect(body.cancelled()).toBe(true);
    expect(body.pulled()).toBeLessThan(4);
    expect(await readCapped(streamOf([1]).stream, 0)).toBeNull();
  });
});
