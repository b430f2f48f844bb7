/**
 * ADR 009.2 in the time it takes: the hand-off's plain text is made in time linear in the
 * summary's length, in the Worker and in the replay tool (both V8). A backtracking pattern such as
 * `/[ \t]+\n/` is quadratic on a long run of spaces that no newline ends: 1.4 s for 40,000 spaces
 * on this machine, minutes for a few hundred thousand.
 */
import { describe, expect, it } from "vitest";
import { plainText } from "../../src/summary/handoff-link";

function millisecondsFor(text: string): number {
  const started = performance.now();
  plainText(text);
  return performance.now() - started;
}

describe("the hand-off's plain text", () => {
  it("ADR-009.2 is made in linear time: 200,000 spaces or tabs that no newline ends take well under a second", () => {
    for (const run of [" ", "\t", " \t"]) {
      const text = `Rizos 3A${run.repeat(200_000 / run.length)}x`;
      expect([JSON.stringify(run), millisecondsFor(text) < 1_000]).toEqual([JSON.stringify(run), true]);
    }
  }, 120_000);

  it("ADR-009.2 still drops the spaces and tabs that end a line, and folds runs of them inside one", () => {
    expect(plainText("Rizos 3A   \t\nObjetivo:  \t volumen \t \n\n\n\nTata")).toBe("Rizos 3A\nObjetivo: volumen\n\nTata");
    expect(plainText(`${" ".repeat(50_000)}\nfin${" ".repeat(10)}`)).toBe("fin");
  });
});
