/**
 * ADR 019.4 and ADR 019.5 in node (src/conversation/photo-observation.ts): which model answers are
 * an observation to record, and a recorded observation's fields as later requests read them.
 */
import { describe, expect, it } from "vitest";
import { observationEntries, observationFields, observationOf } from "../../../src/conversation/photo-observation";

const fields = Object.keys(observationFields);
const blank = Object.fromEntries(fields.map((name) => [name, ""]));

describe("an observation in the model's answer", () => {
  it("ADR-019.4 every field a text: recorded with its white space collapsed and trimmed", () => {
    const answer = { ...blank, curl_pattern: "  3B en la\n coronilla ", density: "media", photo_quality: "buena luz, seco" };
    expect(observationOf(JSON.stringify(answer))).toEqual({ ...blank, curl_pattern: "3B en la coronilla", density: "media", photo_quality: "buena luz, seco" });
    expect(observationOf(JSON.stringify({ ...blank, scalp: "poco visible" }))).toEqual({ ...blank, scalp: "poco visible" });
  });

  it("ADR-019.4 not an observation: not JSON, not an object, a field missing or not a text, or nothing said", () => {
    for (const answer of ["no puedo ver la foto", "null", "42", '"3B"', "[]", JSON.stringify(blank), JSON.stringify({ ...blank, curl_pattern: "   " })]) {
      expect(observationOf(answer), answer).toBeNull();
    }
    const withoutLength = Object.fromEntries(Object.entries({ ...blank, curl_pattern: "3B" }).filter(([name]) => name !== "length"));
    expect(observationOf(JSON.stringify(withoutLength))).toBeNull();
    expect(observationOf(JSON.stringify({ ...blank, curl_pattern: "3B", density: 2 }))).toBeNull();
  });
});

describe("a recorded observation's fields", () => {
  it("ADR-019.5 in the fields' order, trimmed, blank or missing ones left out, unknown ones ignored", () => {
    expect(observationEntries({ photo_quality: " buena ", extra: "x", density: "  ", curl_pattern: "3B" })).toEqual([
      ["curl_pattern", "3B"],
      ["photo_quality", "buena"],
    ]);
    expect(observationEntries({})).toEqual([]);
  });
});
