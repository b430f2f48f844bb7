/**
 * ADR 029.7 and ADR 019.5 at their exact edges, composed in node from records written by hand
 * (src/conversation/compose.ts): a client's text and a transcript reach the model whole up to
 * 2,000 characters, an observation's field up to 48, the observations' block up to 6,000.
 */
import { describe, expect, it } from "vitest";
import { boundedBlock, OBSERVATIONS_HEADING } from "../../../src/conversation/compose";
import { AT, CLIENT, SID, message, state, userContents } from "../../support/written-state";

/** `count` characters of words, ending in a letter. */
const words = (count: number) => "rizo ".repeat(count).slice(0, count - 1) + "x";

describe("the bounds of a request's input, at their edges", () => {
  it("ADR-029.7 a client's text of 2,000 characters reaches the model whole; of 2,001, cut to 1,999 and an ellipsis", () => {
    expect(userContents(state([message({ Body: words(2000) })]))).toEqual([words(2000)]);
    expect(userContents(state([message({ Body: words(2001) })]))).toEqual([`${words(2001).slice(0, 1999).trimEnd()}…`]);
    expect(userContents(state([message({ Body: `${"a".repeat(1998)} ${"b".repeat(10)}` })]))).toEqual([`${"a".repeat(1998)}…`]);
  });

  it("ADR-029.7 a client's text is trimmed before it is bounded: 2,000 characters between blanks reach the model whole, without the blanks", () => {
    expect(userContents(state([message({ Body: `  ${words(2000)} \n` })]))).toEqual([words(2000)]);
    expect(userContents(state([message({ Body: "\n  mira mis rizos  " })]))).toEqual(["mira mis rizos"]);
  });

  it("ADR-029.7 a transcript of 2,000 characters reaches the model whole; of 2,001, cut to 1,999 and an ellipsis", () => {
    const voice = { NumMedia: "1", MediaUrl0: "https://api.twilio.com/x/Media/ME0", MediaContentType0: "audio/ogg" };
    const transcript = (text: string) => [{ key: `${CLIENT}/transcripts/${SID}-0.json`, sid: SID, index: 0, text }];
    expect(userContents(state([message(voice)], { transcripts: transcript(words(2000)) }))).toEqual([`[voice note] ${words(2000)}`]);
    expect(userContents(state([message(voice)], { transcripts: transcript(words(2001)) }))).toEqual([`[voice note] ${words(2001).slice(0, 1999).trimEnd()}…`]);
    expect(userContents(state([message(voice)], { transcripts: transcript(`${"a".repeat(1998)} ${"b".repeat(10)}`) }))).toEqual([`[voice note] ${"a".repeat(1998)}…`]);
  });

  it("ADR-019.5 an observation's field of 48 characters is carried whole; of 49, cut to 47 and an ellipsis", () => {
    const photo = { key: `${CLIENT}/media/${Date.parse(AT)}-${SID}-0.jpg`, size: 1000, contentType: "image/jpeg", uploaded: AT };
    const observed = (curls: string) =>
      state([message({ Body: "mi foto", NumMedia: "1", MediaUrl0: "https://api.twilio.com/x/Media/ME0", MediaContentType0: "image/jpeg" })], {
        media: [photo],
        observations: [{ v: 1, sid: SID, index: 0, model: "gpt-test", observedAt: AT, observation: { curl_pattern: curls, density: "media" }, key: `${CLIENT}/observations/${SID}-0.json` }],
      });
    expect(userContents(observed(words(48)))[0]).toBe(`${OBSERVATIONS_HEADING}\nPhoto 1: curls ${words(48)}; density media`);
    expect(userContents(observed(words(49)))[0]).toBe(`${OBSERVATIONS_HEADING}\nPhoto 1: curls ${words(49).slice(0, 47).trimEnd()}…; density media`);
    expect(userContents(observed(`${"a".repeat(46)} bbbb`))[0]).toBe(`${OBSERVATIONS_HEADING}\nPhoto 1: curls ${"a".repeat(46)}…; density media`);
  });

  it("ADR-029.7 the observations' block keeps every line that fits with its line break, and names how many it left out", () => {
    const lines = ["Photo 1: curls 3B", "Photo 2: curls 3A", "Photo 3: curls 2C"];
    expect(boundedBlock(lines, 54)).toEqual(lines);
    expect(boundedBlock(lines, 53)).toEqual([...lines.slice(0, 2), "(1 more photos: your notes on them are not repeated here)"]);
    expect(boundedBlock(lines, 36)).toEqual([...lines.slice(0, 2), "(1 more photos: your notes on them are not repeated here)"]);
    expect(boundedBlock(lines, 35)).toEqual([lines[0], "(2 more photos: your notes on them are not repeated here)"]);
    expect(boundedBlock([], 10)).toEqual([]);
  });
});
