/**
 * ADR 006.7-006.9 and ADR 010.7, composed in node from stored records written by hand
 * (src/conversation/compose.ts, src/conversation/timeline.ts): what the model reads of a client's
 * message when parts of it are missing: no words, an attachment of no known type, a voice note
 * transcribed though its audio is not stored, an attachment that did not come through.
 */
import { describe, expect, it } from "vitest";
import { composeModelInput } from "../../../src/conversation/compose";
import type { ConversationState, InboundRecord, MediaObjectInfo } from "../../../src/storage/records";

const CLIENT = "whatsapp:+5215512345678" as ConversationState["client"];
const AT = "2026-12-01T10:00:00.000Z";
const SID = "SM0123456789abcdef0123456789abcdef";
const config = { stylist: { name: "Tata Oro", city: "", bookingUrl: "", whatsappNumber: "" } } as unknown as Parameters<typeof composeModelInput>[1];

function message(params: Record<string, string>): InboundRecord {
  return { v: 1, sid: SID, receivedAt: AT, params: { MessageSid: SID, From: CLIENT, NumMedia: "0", ...params } };
}
const stored = (index: number, contentType: string | undefined, extension: string): MediaObjectInfo => ({
  key: `${CLIENT}/media/${Date.parse(AT)}-${SID}-${index}.${extension}`,
  size: 1000,
  contentType,
  uploaded: AT,
});
const state = (inbound: InboundRecord[], extra: Partial<ConversationState> = {}): ConversationState => ({
  client: CLIENT,
  consultation: null,
  inbound,
  answers: [],
  receipts: [],
  ingested: [],
  media: [],
  transcripts: [],
  observations: [],
  problems: [],
  ...extra,
});
/** The user messages the model reads after the system prompt. */
const userContents = (s: ConversationState) => composeModelInput(s, config).slice(1).map((m) => m.content);

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
