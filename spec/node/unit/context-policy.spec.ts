/**
 * ADR 011, the context policy's pieces in node (src/conversation/context-policy.ts): where the
 * verbatim window starts, how earlier client messages become one line each, how lines are fitted
 * to the budget, and how earlier photos are numbered and attached.
 */
import { describe, expect, it } from "vitest";
import type { ClientTurn, Turn } from "../../../src/conversation/timeline";
import { condensedEarlierWords, contextPolicy, EARLIER_WORDS_HEADING, fitToBudget, photoNumbers, photoReference, splitAtWindow } from "../../../src/conversation/context-policy";

let n = 0;
const client = (text: string, extra: Partial<ClientTurn> = {}): ClientTurn => ({
  kind: "client",
  sid: `SM${++n}`,
  at: `2026-11-20T10:${String(n).padStart(2, "0")}:00Z`,
  profileName: "",
  text,
  media: [],
  announcedMedia: [],
  transcripts: [],
  ...extra,
});
const assistant = (text: string): Turn => ({ kind: "assistant", seq: 1, covers: ["SM"], at: "2026-11-20T10:00:00Z", text, status: "sent", delivery: { state: "unknown" } });
const photo = (key: string, contentType = "image/jpeg") => ({ key, size: 1, contentType, uploaded: "2026-11-20T10:00:00Z", index: 0 });
const policy = { verbatimClientTurns: 2, factsBudgetChars: 200, factLineMaxChars: 80 };

describe("splitAtWindow", () => {
  it("ADR-011.1 the window starts at the client's Nth-last message; a shorter consultation is all window", () => {
    const turns = [client("a"), assistant("r1"), client("b"), assistant("r2"), client("c"), assistant("r3")];
    expect(splitAtWindow(turns, policy)).toEqual({ earlier: turns.slice(0, 2), recent: turns.slice(2) });
    expect(splitAtWindow(turns.slice(0, 3), { ...policy, verbatimClientTurns: 2 })).toEqual({ earlier: [], recent: turns.slice(0, 3) });
    expect(splitAtWindow(turns.slice(0, 3), { ...policy, verbatimClientTurns: 3 })).toEqual({ earlier: [], recent: turns.slice(0, 3) });
    expect(splitAtWindow([], policy)).toEqual({ earlier: [], recent: [] });
    expect(EARLIER_WORDS_HEADING).toMatch(/^The client's earlier messages, in their own words, oldest first, condensed/);
    expect(contextPolicy.verbatimClientTurns).toBe(4);
  });
});

describe("photoNumbers", () => {
  it("ADR-011.3 numbers every readable photo of the client in order of arrival, by key", () => {
    const turns = [client("", { media: [photo("p1"), photo("doc", "application/pdf")] }), assistant("x"), client("", { media: [photo("p2", "image/png"), photo("heic", "image/heic")] })];
    expect([...photoNumbers(turns)]).toEqual([["p1", 1], ["p2", 2]]);
  });

  it("ADR-011.3 a photo reference names one photo, a run of them, or a list", () => {
    expect(photoReference([3])).toBe("[photo 3]");
    expect(photoReference([1, 2, 3])).toBe("[photos 1–3]");
    expect(photoReference([1, 3])).toBe("[photos 1, 3]");
  });
});

describe("fitToBudget", () => {
  it("ADR-011.2 lines within the budget are kept as they are; each line is first cut to the line maximum", () => {
    expect(fitToBudget(["uno dos tres", "cuatro"], policy)).toEqual(["uno dos tres", "cuatro"]);
    expect(fitToBudget(["x".repeat(81)], policy)).toEqual([`${"x".repeat(79)}…`]);
    expect(fitToBudget(["x".repeat(80)], policy)).toEqual(["x".repeat(80)]);
    expect(fitToBudget(["x".repeat(78) + " y"], policy)).toEqual(["x".repeat(78) + " y"]);
    expect(fitToBudget([`${"x".repeat(78)} yz`], policy)).toEqual([`${"x".repeat(78)}…`]); // the cut drops the trailing space
  });

  it("ADR-011.2 over the budget, the newest lines are shortened first, each down to 40 characters, until it fits", () => {
    const lines = ["a".repeat(80), "b".repeat(80), "c".repeat(80)]; // 243 with newlines, 43 over 200
    const fitted = fitToBudget(lines, policy);
    expect(fitted).toEqual(["a".repeat(80), `${"b".repeat(76)}…`, `${"c".repeat(39)}…`]);
    expect(fitted.reduce((size, line) => size + line.length + 1, 0)).toBe(200);
    const more = fitToBudget(["a".repeat(80), "b".repeat(80), "c".repeat(80), "d".repeat(80)], { ...policy, factsBudgetChars: 250 });
    expect(more).toEqual(["a".repeat(80), "b".repeat(80), `${"c".repeat(45)}…`, `${"d".repeat(39)}…`]);
  });

  it("ADR-011.2 when shortening is not enough, the newest lines are left out and counted", () => {
    const lines = Array.from({ length: 8 }, (_, i) => String(i).repeat(80));
    const fitted = fitToBudget(lines, policy);
    expect(fitted.at(-1)).toBe("(4 later messages left out)");
    expect(fitted.slice(0, -1)).toEqual(["0", "1", "2", "3"].map((d) => `${d.repeat(39)}…`));
    expect(fitted.reduce((size, line) => size + line.length + 1, 0)).toBeLessThanOrEqual(200);
    expect(fitToBudget(["x".repeat(80), "y".repeat(80)], { ...policy, factsBudgetChars: 10 })).toEqual([`${"x".repeat(39)}…`, "(1 later messages left out)"]);
    expect(fitToBudget([], policy)).toEqual([]);
    // Left out until the note fits too: 4 lines of 40 are 164, two of them 82 = 114 - 32, enough.
    expect(fitToBudget(["a", "b", "c", "d"].map((c) => c.repeat(80)), { ...policy, factsBudgetChars: 114 })).toEqual([
      `${"a".repeat(39)}…`,
      `${"b".repeat(39)}…`,
      "(2 later messages left out)",
    ]);
  });
});

describe("condensedEarlierWords", () => {
  it("ADR-011.2 one line per earlier client message that says something alone: photos by number, words, voice notes", () => {
    const earlier = [
      client("Tengo rizos 3B muy secos", { media: [photo("k1"), photo("k2")] }),
      assistant("¿Y tu rutina?"),
      client("ok"),
      client("ok gracias"),
      client("vale"),
      client("  sí claro gracias  "),
      client("", { transcripts: [{ index: 0, text: "Me  lavo\n el pelo" }] }),
      client("2"),
      client("  ", { media: [photo("k3")] }),
    ];
    const all = [...earlier, client("ahora", { media: [photo("k4")] })];
    expect(condensedEarlierWords(earlier, photoNumbers(all), policy)).toEqual({
      role: "user",
      content: [EARLIER_WORDS_HEADING, "[photos 1–2] Tengo rizos 3B muy secos", "sí claro gracias", "[voice note] Me lavo el pelo", "2", "[photo 3]"].join("\n"),
    });
  });

  it("ADR-011.2 nothing to condense gives no message; an over-full block keeps its first line and counts the rest", () => {
    expect(condensedEarlierWords([client("ok"), assistant("x")], new Map(), policy)).toBeNull();
    const earlier = [client("uno dos tres"), client("cuatro cinco seis")];
    expect(condensedEarlierWords(earlier, new Map(), { ...policy, factsBudgetChars: 0 })).toEqual({
      role: "user",
      content: `${EARLIER_WORDS_HEADING}\nuno dos tres\n(1 later messages left out)`,
    });
  });
});
