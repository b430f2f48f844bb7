/**
 * ADR 006.7-006.9, ADR 010.7 and ADR 019.5, composed in node from stored records written by hand
 * (src/conversation/compose.ts, src/conversation/timeline.ts): what the model reads of a client's
 * message when parts of it are missing: no words, an attachment of no known type, a voice note
 * transcribed though its audio is not stored, an attachment that did not come through; and which
 * of its photos are attached as images.
 */
import { describe, expect, it } from "vitest";
import { OBSERVATIONS_HEADING } from "../../../src/conversation/compose";
import type { MediaObjectInfo, ObservationRecord } from "../../../src/storage/records";
import { sentAnswer } from "../../support/sent-answer";
import { AT, CLIENT, SID, message, state, userContents } from "../../support/written-state";

const stored = (index: number, contentType: string | undefined, extension: string, sid = SID): MediaObjectInfo => ({
  key: `${CLIENT}/media/${Date.parse(AT)}-${sid}-${index}.${extension}`,
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

  it("ADR-006.9 of two voice notes sent with blank words, the one without a transcript is marked as not transcribed; the blank words add no line", () => {
    const inbound = [
      message({ Body: "   ", NumMedia: "2", MediaUrl0: "https://api.twilio.com/x/Media/ME0", MediaContentType0: "audio/ogg", MediaUrl1: "https://api.twilio.com/x/Media/ME1", MediaContentType1: "audio/ogg" }),
    ];
    const transcripts = [{ key: `${CLIENT}/transcripts/${SID}-0.json`, sid: SID, index: 0, text: "tengo mucho frizz" }];
    expect(userContents(state(inbound, { media: [stored(0, "audio/ogg", "ogg"), stored(1, "audio/ogg", "ogg")], transcripts }))).toEqual([
      "[voice note] tengo mucho frizz\n[attachment 2 (audio/ogg): a voice note that could not be transcribed; the client was asked to resend or write it]",
    ]);
  });

  it("ADR-006.9 an attachment announced without a content type that did not come through is named as of unknown type", () => {
    const inbound = [message({ Body: "mira", NumMedia: "1", MediaUrl0: "https://api.twilio.com/x/Media/ME0" })];
    expect(userContents(state(inbound))).toEqual(["mira\n[attachment 1 (unknown type) did not come through]"]);
  });
});

describe("the photos attached as images", () => {
  const EARLIER = "SM0123456789abcdef0123456789abcde0";
  const photoMessage = (Body: string, sid: string) => message({ Body, NumMedia: "1", MediaUrl0: "https://api.twilio.com/x/Media/ME0", MediaContentType0: "image/jpeg" }, sid);
  const link = (sid: string) => `https://wa.example.com/media/token-of-${sid}`;
  const observation = (sid: string, fields: Record<string, string>): ObservationRecord & { key: string } => ({
    v: 1,
    sid,
    index: 0,
    model: "gpt-test",
    observedAt: AT,
    observation: fields as ObservationRecord["observation"],
    key: `${CLIENT}/observations/${sid}-0.json`,
  });

  it("ADR-019.5 a photo of the turn being answered that has no observation is attached after the turn's words and its number, each on its own line", () => {
    const photo = stored(0, "image/jpeg", "jpg");
    expect(userContents(state([photoMessage("mira mis rizos", SID)], { media: [photo] }), new Map([[photo.key, link(SID)]]))).toEqual([
      `${OBSERVATIONS_HEADING}\nPhoto 1: attached to the client's message below; no notes yet.`,
      [
        { type: "text", text: "mira mis rizos\n[photo 1]" },
        { type: "image_url", image_url: { url: link(SID), detail: "low" } },
      ],
    ]);
  });

  it("ADR-019.5 after its own turn no photo is attached again, whatever links are at hand", () => {
    const earlier = stored(0, "image/jpeg", "jpg", EARLIER);
    const s = state([photoMessage("mi foto", EARLIER), message({ Body: "¿qué opinas?" })], {
      media: [earlier],
      answers: [sentAnswer(1, [EARLIER], AT, "¡Qué lindos rizos! ¿Usas calor?")],
      observations: [observation(EARLIER, { curl_pattern: "3B", density: "media" })],
    });
    expect(userContents(s, new Map([[earlier.key, link(EARLIER)]]))).toEqual([
      `${OBSERVATIONS_HEADING}\nPhoto 1: curls 3B; density media`,
      "mi foto\n[photo 1]",
      "¡Qué lindos rizos! ¿Usas calor?",
      "¿qué opinas?",
    ]);
  });

  it("ADR-019.5 a photo of the turn being answered whose observation holds no notes was shown once: not attached, and not said to be unseen", () => {
    const photo = stored(0, "image/jpeg", "jpg");
    const s = state([photoMessage("mira", SID)], { media: [photo], observations: [observation(SID, { curl_pattern: "", density: "  " })] });
    expect(userContents(s)).toEqual([`${OBSERVATIONS_HEADING}\nPhoto 1: shown to you once when it arrived; no notes were recorded.`, "mira\n[photo 1]"]);
  });
});

describe("the turns the model reads", () => {
  it("ADR-007.5 a command's answer is left out of the turns, known by its reply's source alone (its claim naming no command), or by the command it covers", () => {
    const written = sentAnswer(1, [SID], AT, "Tu resumen: https://wa.example.com/summary/x");
    const commandAnswer = { ...written, reply: { ...written.reply!, source: "command" as const } };
    expect(userContents(state([message({ Body: "hola" })], { answers: [commandAnswer] }))).toEqual(["hola"]);
    expect(userContents(state([message({ Body: "hola" })], { answers: [written] }))).toEqual(["hola", "Tu resumen: https://wa.example.com/summary/x"]);
    // Or by the command message it covers, whatever its reply and claim say.
    expect(userContents(state([message({ Body: "resumen" })], { answers: [written] }))).toEqual([]);
  });
  it("ADR-016.2 each answer follows the last message it covers; one none of whose messages is left goes where its time puts it", () => {
    const at = (minute: number) => `2026-12-01T10:0${minute}:00.000Z`;
    const said = (Body: string, sid: string, minute: number) => ({ ...message({ Body }, sid), receivedAt: at(minute) });
    const [M1, M2, GONE1, GONE2] = ["1", "2", "3", "4"].map((d) => `SM${d.repeat(32)}`) as [string, string, string, string];
    const messages = [said("hola", M1, 0), said("¿y ahora?", M2, 3)];
    expect(userContents(state(messages, { answers: [sentAnswer(1, [GONE1], at(1), "uno"), sentAnswer(2, [GONE2], at(2), "dos")] }))).toEqual(["hola", "uno", "dos", "¿y ahora?"]);
    expect(userContents(state(messages, { answers: [sentAnswer(1, [GONE1, M1], at(4), "uno")] }))).toEqual(["hola", "uno", "¿y ahora?"]);
    expect(userContents(state(messages, { answers: [sentAnswer(1, [M1, M2], at(1), "uno")] }))).toEqual(["hola", "¿y ahora?", "uno"]);
    expect(userContents(state(messages, { answers: [sentAnswer(1, [GONE1], at(3), "uno")] }))).toEqual(["hola", "¿y ahora?", "uno"]);
  });
});
