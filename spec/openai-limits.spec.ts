/**
 * ADR 029.4 to 029.7: every OpenAI call a client causes counts against their limits (photo looks
 * and transcriptions as well as answers); over a limit their media is stored but no OpenAI call
 * is made; a voice note longer than the cap is kept for the stylist and not transcribed; a
 * deployment-wide daily cap hands every client to Tata; and each client's words, transcripts
 * and the photos' observations have a bound in every request.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import transcription from "../fixtures/openai/transcription.json";
import { webhooks } from "../fixtures/twilio/webhooks";
import { CLIENT } from "./support/consultation";
import { fakeFile, serveTwilioMedia, transcriptionStandIn } from "./support/media";
import { callsTo, chatRequests, observationRequests, OPENAI, sentMessages } from "./support/network";
import { messageSid, withSid } from "./support/twilio";
import { clock, dispatchWith, sendWebhook } from "./support/worker";
import { loggedEvents } from "./support/logged";
import { webhookRequest } from "./support/twilio";

const MINUTE = 60_000;
const OGG = new TextEncoder().encode("OggS\u0000\u0002opus-voice-note-bytes-0123456789");

afterEach(() => vi.restoreAllMocks());

const modelCallKey = (ms: number, seq: number) => `model-calls/${CLIENT}/${String(ms).padStart(13, "0")}-${String(seq).padStart(6, "0")}`;

/** `count` records of the client's model calls in the last minute (as earlier answers leave them). */
async function callsInTheLastMinute(count: number): Promise<void> {
  const now = clock.now();
  await Promise.all(Array.from({ length: count }, (_, i) => env.MEDIA_BUCKET.put(modelCallKey(now - 30_000 + i, i + 1), "")));
}

const storedMedia = async () => (await env.MEDIA_BUCKET.list({ prefix: `${CLIENT}/media/` })).objects.map((o) => o.key);
const transcriptions = () => callsTo(`${OPENAI}/audio/transcriptions`);
const clientCallRecords = async () => (await env.MEDIA_BUCKET.list({ prefix: `model-calls/${CLIENT}/` })).objects.length;

function servePhotos(message: Record<string, string>) {
  const count = Number(message.NumMedia);
  serveTwilioMedia(...Array.from({ length: count }, (_, i) => ({ url: message[`MediaUrl${i}`]!, bytes: fakeFile(), contentType: "image/jpeg" })));
}

describe("photo looks and transcriptions count against the client's limits", () => {
  it("ADR-029.4 at the minute's limit, a message of 3 photos is stored with no photo look and no answer from the model", async () => {
    await callsInTheLastMinute(20);
    const photos = webhooks["three-photos"];
    servePhotos(photos);
    await sendWebhook(photos);
    expect(await storedMedia()).toHaveLength(3);
    expect(observationRequests()).toEqual([]);
    expect(chatRequests()).toEqual([]);
    expect(sentMessages().map((m) => m.Body)).toEqual([expect.stringMatching(/^You are writing faster than I can answer well/)]);
  });

  it("ADR-029.4 each photo look is a counted call: with 18 calls in the minute, 3 photos get 2 looks and then the limit's note", async () => {
    await callsInTheLastMinute(18);
    const photos = webhooks["three-photos"];
    servePhotos(photos);
    await sendWebhook(photos);
    expect(await storedMedia()).toHaveLength(3);
    expect(observationRequests()).toHaveLength(2);
    expect(chatRequests()).toEqual([]);
    expect(await clientCallRecords()).toBe(20);
  });

  it("ADR-029.4 a voice note at the limit is stored and not transcribed", async () => {
    await callsInTheLastMinute(20);
    const note = webhooks["voice-note"];
    serveTwilioMedia({ url: note.MediaUrl0, bytes: OGG, contentType: "audio/ogg" });
    transcriptionStandIn(() => Response.json(transcription));
    await sendWebhook(note);
    expect(await storedMedia()).toHaveLength(1);
    expect(transcriptions()).toEqual([]);
    expect(chatRequests()).toEqual([]);
  });

  it("ADR-029.4 a transcription is a counted call", async () => {
    const note = webhooks["voice-note"];
    serveTwilioMedia({ url: note.MediaUrl0, bytes: OGG, contentType: "audio/ogg" });
    transcriptionStandIn(() => Response.json(transcription));
    await sendWebhook(note);
    expect(transcriptions()).toHaveLength(1);
    expect(chatRequests()).toHaveLength(1);
    expect(await clientCallRecords()).toBe(2);
  });
});

describe("a voice note too long to transcribe", () => {
  it("ADR-029.5 a voice note over 2 MB is kept for the stylist, never sent to OpenAI, and the client is told why", async () => {
    const note = webhooks["voice-note"];
    const long = fakeFile(2 * 1024 * 1024 + 1, [0x4f, 0x67, 0x67, 0x53]);
    serveTwilioMedia({ url: note.MediaUrl0, bytes: long, contentType: "audio/ogg" });
    transcriptionStandIn(() => Response.json(transcription));
    await sendWebhook(note);
    expect(await storedMedia()).toHaveLength(1);
    expect(transcriptions()).toEqual([]);
    expect(sentMessages().at(-1)!.Body).toMatch(/^Your voice note is too long for me to listen to .* I saved it for Tata Oro/);
  });

  it("ADR-029.5 a voice note of exactly 2 MB is not over the cap: it is transcribed, and the answer carries no note", async () => {
    const note = webhooks["voice-note"];
    serveTwilioMedia({ url: note.MediaUrl0, bytes: fakeFile(2 * 1024 * 1024, [0x4f, 0x67, 0x67, 0x53]), contentType: "audio/ogg" });
    transcriptionStandIn(() => Response.json(transcription));
    await sendWebhook(note);
    expect(transcriptions()).toHaveLength(1);
    expect(chatRequests().at(-1)!.messages.at(-1)!.content).toBe(`[voice note] ${transcription.text}`);
    expect(sentMessages().map((m) => m.Body)).toEqual([chatCompletion.choices[0]!.message.content]);
  });
});

describe("the deployment-wide daily cap", () => {
  it("ADR-029.6 past OPENAI_DAILY_CALL_CAP calls in the last day, a client is told Tata will answer personally, the operator gets a log line, and no OpenAI call is made", async () => {
    const error = vi.spyOn(console, "warn").mockImplementation(() => {});
    const capped = { ...env, OPENAI_DAILY_CALL_CAP: "3" };
    for (let i = 1; i <= 3; i++) {
      await dispatchWith(capped, await webhookRequest(withSid({ ...webhooks["text-es"], From: `whatsapp:+52155100000${i}`, WaId: `52155100000${i}`, Body: "hola" }, messageSid(0x7100 + i))));
    }
    expect(chatRequests()).toHaveLength(3);
    expect(loggedEvents(error, "openai_daily_cap_reached")).toEqual([]);
    await dispatchWith(capped, await webhookRequest(withSid({ ...webhooks["text-es"], Body: "¿me ayudas con mis rizos?" }, messageSid(0x7200))));
    expect(chatRequests()).toHaveLength(3);
    expect(sentMessages().at(-1)!.Body).toMatch(/Tata Oro te responderá personalmente/);
    // Once before "typing…", once before the model.
    expect(loggedEvents(error, "openai_daily_cap_reached")).toEqual([
      { event: "openai_daily_cap_reached", cap: 3 },
      { event: "openai_daily_cap_reached", cap: 3 },
    ]);
    await dispatchWith(capped, await webhookRequest(withSid({ ...webhooks["text-es"], Body: "¿hola?" }, messageSid(0x7201))));
    expect(chatRequests()).toHaveLength(3);
    expect(sentMessages().filter((m) => m.To === webhooks["text-es"].From)).toHaveLength(1);
  });

  it("ADR-029.6 the cap holds photo looks too", async () => {
    const capped = { ...env, OPENAI_DAILY_CALL_CAP: "1" };
    await dispatchWith(capped, await webhookRequest(withSid({ ...webhooks["text-es"], From: "whatsapp:+5215510000009", WaId: "5215510000009" }, messageSid(0x7300))));
    const photos = webhooks["three-photos"];
    servePhotos(photos);
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await dispatchWith(capped, await webhookRequest(photos));
    expect(await storedMedia()).toHaveLength(3);
    expect(observationRequests()).toEqual([]);
  });
});

describe("the size of a request", () => {
  it("ADR-029.7 a client's message of 20,000 characters reaches the model cut to 2,000", async () => {
    await sendWebhook(withSid({ ...webhooks["text-es"], Body: "rizos ".repeat(3400) }, messageSid(0x7400)));
    const content = chatRequests()[0]!.messages.at(-1)!.content as string;
    expect(content.length).toBeLessThanOrEqual(2_000);
    expect(content.startsWith("rizos rizos")).toBe(true);
  });

  it("ADR-029.7 a transcript reaches the model cut to 2,000 characters", async () => {
    const note = webhooks["voice-note"];
    serveTwilioMedia({ url: note.MediaUrl0, bytes: OGG, contentType: "audio/ogg" });
    transcriptionStandIn(() => Response.json({ text: "palabra ".repeat(3000) }));
    await sendWebhook(note);
    const content = chatRequests()[0]!.messages.at(-1)!.content as string;
    expect(content.length).toBeLessThanOrEqual(2_000 + "[voice note] ".length + 1);
  });
});
