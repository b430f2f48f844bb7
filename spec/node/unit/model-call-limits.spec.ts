/**
 * ADR 018.3: each client's model calls are limited (20 a minute, 200 a day), derived from the
 * times in the stored log at the moment of asking: no counter. Over a limit the client gets one
 * polite note, then silence until the window has passed. Times are counted here by filtering the
 * log, independently of the function under test.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { callsLeft, isLimitNote, limitNote, modelCallLimits, modelCallVerdict } from "../../../src/conversation/model-call-limits";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const now = Date.parse("2026-12-01T12:00:00.000Z");
/** `count` calls spread evenly over the `span` milliseconds before now. */
const spread = (count: number, span: number) => Array.from({ length: count }, (_, i) => now - span + ((i + 1) * span) / (count + 1));

describe("the model-call limits", () => {
  it("ADR-018.3 are 20 a minute and 200 a day", () => {
    expect(modelCallLimits.map((l) => [l.windowMs, l.max])).toEqual([[MINUTE, 20], [DAY, 200]]);
  });

  it("ADR-018.3 19 calls in the last minute: the 20th is made", () => {
    expect(modelCallVerdict({ calls: spread(19, MINUTE), notes: [] }, now).kind).toBe("call");
  });

  it("ADR-018.3 20 calls in the last minute: no 21st, one note saying to wait a minute", () => {
    const verdict = modelCallVerdict({ calls: spread(20, MINUTE), notes: [] }, now);
    expect(verdict).toMatchObject({ kind: "note", window: "minute" });
  });

  it("ADR-018.3 after the note, silence until the window has passed; then calls again", () => {
    const calls = spread(20, MINUTE);
    const noted = now + 1;
    expect(modelCallVerdict({ calls, notes: [noted] }, now + 2_000).kind).toBe("silent");
    // The oldest call leaves the minute: 19 remain, the next message is answered.
    expect(modelCallVerdict({ calls, notes: [noted] }, calls[0]! + MINUTE + 1).kind).toBe("call");
  });

  it("ADR-018.3 200 calls in the last day, few in the last minute: a note saying it will be tomorrow", () => {
    expect(modelCallVerdict({ calls: spread(200, DAY - MINUTE), notes: [] }, now)).toMatchObject({ kind: "note", window: "day" });
  });

  it("ADR-018.4 a model-call record dated after now (not written by this Worker, or by a clock far ahead) neither counts nor brings the note back", () => {
    const calls = [...spread(20, MINUTE), now + 365 * DAY];
    expect(modelCallVerdict({ calls, notes: [now - 1] }, now).kind).toBe("silent");
    expect(modelCallVerdict({ calls: [...spread(19, MINUTE), now + 1000], notes: [] }, now).kind).toBe("call");
  });

  it("ADR-018.3 calls older than a day do not count", () => {
    const old = Array.from({ length: 500 }, (_, i) => now - DAY - 1 - i * MINUTE);
    expect(modelCallVerdict({ calls: [...old, ...spread(10, MINUTE)], notes: [] }, now).kind).toBe("call");
  });

  it("ADR-018.3 a new streak over the limit gets a new note: a call was made since the last one", () => {
    const calls = [...spread(199, DAY - 2 * MINUTE), now - 30_000];
    const earlierNote = now - 2 * MINUTE - DAY / 2;
    expect(modelCallVerdict({ calls, notes: [earlierNote] }, now).kind).toBe("note");
  });

  it("ADR-018.3 a call made exactly a window ago no longer counts; one made this very millisecond does", () => {
    const nineteen = spread(19, MINUTE);
    expect(modelCallVerdict({ calls: [now - MINUTE, ...nineteen], notes: [] }, now)).toEqual({ kind: "call" });
    expect(modelCallVerdict({ calls: [...nineteen, now], notes: [] }, now)).toEqual({ kind: "note", window: "minute" });
    expect(modelCallVerdict({ calls: [...nineteen, now], notes: [now - 1] }, now)).toEqual({ kind: "note", window: "minute" });
    expect(modelCallVerdict({ calls: [now - DAY, ...spread(199, DAY - MINUTE)], notes: [] }, now)).toEqual({ kind: "call" });
  });

  it("ADR-018.3 a note recorded in the millisecond of the last call told this streak: silence", () => {
    const calls = spread(20, MINUTE);
    expect(modelCallVerdict({ calls, notes: [Math.max(...calls)] }, now)).toEqual({ kind: "silent" });
    expect(modelCallVerdict({ calls, notes: [Math.max(...calls) - 1, now - DAY] }, now)).toEqual({ kind: "note", window: "minute" });
  });

  it("ADR-018.3 when both limits are reached the note names the longest window, whatever the order of the limits", () => {
    const calls = [...spread(180, DAY - MINUTE), ...spread(20, MINUTE)];
    expect(modelCallVerdict({ calls, notes: [] }, now)).toEqual({ kind: "note", window: "day" });
    expect(modelCallVerdict({ calls, notes: [] }, now, [...modelCallLimits].reverse())).toEqual({ kind: "note", window: "day" });
  });

  it("ADR-018.3 the notes are told apart from other answers by their exact words, in both languages", () => {
    for (const window of ["minute", "day", "deployment"] as const) {
      expect(isLimitNote(limitNote[window].en)).toBe(true);
      expect(isLimitNote(limitNote[window].es)).toBe(true);
    }
    expect(isLimitNote("Hola, ¿me envías una foto de tu cabello?")).toBe(false);
    expect(isLimitNote(`${limitNote.minute.en} `)).toBe(false);
  });

  it("ADR-018.3 the calls left are the fewest any window allows, never below none", () => {
    expect(callsLeft([], now)).toBe(20);
    expect(callsLeft(spread(15, MINUTE), now)).toBe(5);
    expect(callsLeft(spread(196, DAY - MINUTE), now)).toBe(4);
    expect(callsLeft([...spread(200, DAY - MINUTE), ...spread(10, MINUTE)], now)).toBe(0);
    expect(callsLeft([...spread(19, MINUTE), now - MINUTE, now + 1], now)).toBe(1);
  });

  it("ADR-029.6 the deployment's daily cap reached: one note saying the stylist will answer, then silence; the client's own limit comes first", () => {
    const few = [now - 5 * MINUTE];
    expect(modelCallVerdict({ calls: few, notes: [] }, now, modelCallLimits, true)).toEqual({ kind: "note", window: "deployment" });
    expect(modelCallVerdict({ calls: [], notes: [] }, now, modelCallLimits, true)).toEqual({ kind: "note", window: "deployment" });
    expect(modelCallVerdict({ calls: few, notes: [now - MINUTE] }, now, modelCallLimits, true)).toEqual({ kind: "silent" });
    expect(modelCallVerdict({ calls: few, notes: [now - 10 * MINUTE] }, now, modelCallLimits, true)).toEqual({ kind: "note", window: "deployment" });
    expect(modelCallVerdict({ calls: spread(20, MINUTE), notes: [] }, now, modelCallLimits, true)).toEqual({ kind: "note", window: "minute" });
    expect(modelCallVerdict({ calls: few, notes: [] }, now, modelCallLimits, false)).toEqual({ kind: "call" });
  });

  it("ADR-018.3 for any log: a call exactly when every window holds fewer than its limit; a note at most once per streak", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -2 * DAY, max: 0 }), { maxLength: 400 }), fc.array(fc.integer({ min: -2 * DAY, max: 0 }), { maxLength: 3 }), (offsets, noteOffsets) => {
        const calls = offsets.map((o) => now + o);
        const notes = noteOffsets.map((o) => now + o);
        const verdict = modelCallVerdict({ calls, notes }, now);
        const inMinute = calls.filter((t) => t > now - MINUTE).length;
        const inDay = calls.filter((t) => t > now - DAY).length;
        expect(verdict.kind === "call").toBe(inMinute < 20 && inDay < 200);
        if (verdict.kind !== "call") {
          const lastCall = Math.max(...calls);
          const notedSince = notes.some((n) => n >= lastCall);
          expect(verdict.kind).toBe(notedSince ? "silent" : "note");
        }
      }),
      { numRuns: 500 },
    );
  });
});
