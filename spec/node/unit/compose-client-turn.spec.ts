/**
 * ADR 006.7-006.9 and ADR 010.7, composed in node from stored records written by hand
 * (src/conversation/compose.ts, src/conversation/timeline.ts): what the model reads of a client's
 * message when parts of it are missing: no words, an attachment of no known type, a voice note
 * transcribed though its audio is not stored, an attachment that did not come through.
 */
import { describe, expect, it } from "vitest";
import type { MediaObjectInfo } from "../../../src/storage/records";
import { AT, CLIENT, SID, message, state, userContents } from "../../support/written-state";

const stored = (index: number, contentType: string | undefined, extension: string): MediaObjectInfo => ({
  key: `${CLIENT}/media/${Date.parse(AT)}-${SID}-${index}.${extension}`,
  size: 1000,
  contentType,
  uploaded: AT,
});

describe("a client's message with parts missing, as the model reads it", () => {
  it("ADR-010.7 a message record without words (no Body) is an empty message, not words of its own", () => {
    expect(userContents(state([message({})]))).toEqual(["[empty message]"]);
  });

  it("ADR-006.8 an attachment stored without a content type is named as of unknown type", () => {
    const media = stored(0, undefined, "bin");
    const inbound = [message({ Body: "mira", NumMedia: "1", MediaUrl0: "https://api.twilio.com/x/Media/ME1", MediaContentType0: "" })];
    expect(userContents(state(inbound, { media: [media] }))).toEqual([
      "mira\n[attachment 1 (unknown type): kept for the stylist; you cannot see it, and the client was told that only photos can be looked at]",
    ]);
  });

  it("ADR-006.7 a voice note that was transcribed reads as its transcript; only the attachment that has neither file nor transcript did not come through", () => {
    const inbound = [
      message({
        Body: "",
        NumMedia: "3",
        MediaUrl0: "https://api.twilio.com/x/Media/ME0",
        MediaContentType0: "audio/ogg",
        MediaUrl1: "https://api.twilio.com/x/Media/ME1",
        MediaContentType1: "image/jpeg",
        MediaUrl2: "https://api.twilio.com/x/Media/ME2",
        MediaContentType2: "audio/ogg",
      }),
    ];
    const transcripts = [
      { key: `${CLIENT}/transcripts/${SID}-0.json`, sid: SID, index: 0, text: "tengo el cabello muy seco" },
      { key: `${CLIENT}/transcripts/${SID}-2.json`, sid: SID, index: 2, text: "y mucho frizz" },
    ];
    expect(userContents(state(inbound, { transcripts }))).toEqual([
      "[voice note] tengo el cabello muy seco\n[voice note] y mucho frizz\n[attachment 2 (image/jpeg) did not come through]",
    ]);
  });
});
