/**
 * ADR 006, media the model cannot look at: voice notes are transcribed and join the
 * conversation; videos and documents are kept with a kind "photos only" note; an attachment
 * that fails never costs the message its answer, and the client is told which one failed.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import transcription from "../fixtures/openai/transcription.json";
import { webhooks } from "../fixtures/twilio/webhooks";
import { fakeFile, serveTwilioMedia, transcriptionStandIn } from "./support/media";
import { answer, chatRequests, callsTo, network, observationRequests, OPENAI, sentMessages } from "./support/network";
import { bucketEnv } from "./support/recording-env";
import { dispatchWith, sendWebhook } from "./support/worker";
import { webhookRequest, withSid } from "./support/twilio";
import { loggedEvents } from "./support/logged";

const CLIENT = "whatsapp:+5215512345678";
const MODEL_TEXT = chatCompletion.choices[0]!.message.content;
/** ASCII after the Ogg magic, so the recorded multipart body can be compared as text. */
const OGG = new TextEncoder().encode("OggS\u0000\u0002opus-voice-note-bytes-0123456789");

const lastUserContent = () => chatRequests().at(-1)!.messages.at(-1)!.content;
const storedKeys = async (folder: string) =>
  (await env.MEDIA_BUCKET.list({ prefix: `${CLIENT}/${folder}/`, include: ["httpMetadata"] })).objects;

afterEach(() => vi.restoreAllMocks());

describe("voice notes", () => {
  it("ADR-006.7 sends WhatsApp's audio/ogg as it is to the configured transcription model", async () => {
    const note = webhooks["voice-note"];
    serveTwilioMedia({ url: note.MediaUrl0, bytes: OGG, contentType: "audio/ogg" });
    transcriptionStandIn(() => Response.json(transcription));
    await sendWebhook(note);

    const [request] = callsTo(`${OPENAI}/audio/transcriptions`);
    expect(request!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(request!.body).toMatch(/name="model"\r\n\r\ngpt-transcribe\r\n/);
    expect(request!.body).toMatch(/name="file"; filename="[^"]+\.ogg"\r\nContent-Type: audio\/ogg\r\n\r\n/);
    expect(request!.body).toContain(new TextDecoder().decode(OGG));
  });

  it("ADR-006.7 the transcript joins the conversation as the client's words, marked as a voice note", async () => {
    const note = webhooks["voice-note"];
    serveTwilioMedia({ url: note.MediaUrl0, bytes: OGG, contentType: "audio/ogg" });
    transcriptionStandIn(() => Response.json(transcription));
    await sendWebhook(note);

    expect(lastUserContent()).toBe(`[voice note] ${transcription.text}`);
    expect(sentMessages().map((m) => m.Body)).toEqual([MODEL_TEXT]);
    const [stored] = await storedKeys("transcripts");
    expect(JSON.parse(await (await env.MEDIA_BUCKET.get(stored!.key))!.text())).toMatchObject({ text: transcription.text, index: 0 });

    await sendWebhook(withSid({ ...webhooks["text-es"], Body: "¿y entonces?" }, "SM00000000000000000000000000000002"));
    const history = chatRequests()[1]!.messages.filter((m) => m.role === "user").map((m) => m.content);
    expect(history).toEqual([`[voice note] ${transcription.text}`, "¿y entonces?"]);
  });

  it("ADR-006.7 a voice note declared without a space after `;` (audio/ogg;codecs=opus) is transcribed like any other", async () => {
    const note = { ...webhooks["voice-note"], MediaContentType0: "audio/ogg;codecs=opus" };
    serveTwilioMedia({ url: note.MediaUrl0, bytes: OGG, contentType: "audio/ogg;codecs=opus" });
    transcriptionStandIn(() => Response.json(transcription));
    await sendWebhook(note);

    expect(callsTo(`${OPENAI}/audio/transcriptions`)).toHaveLength(1);
    expect(lastUserContent()).toBe(`[voice note] ${transcription.text}`);
    const [stored] = await storedKeys("media");
    expect(stored!.key).toMatch(/\.ogg$/);
  });

  it("ADR-006.9 a failed transcription keeps the audio, still answers the text and tells the client", async () => {
    const note = { ...webhooks["voice-note"], Body: "Escucha esto por favor, es sobre mi cabello" };
    serveTwilioMedia({ url: note.MediaUrl0, bytes: OGG, contentType: "audio/ogg" });
    transcriptionStandIn(() => Response.json({ error: { message: "server error", type: "server_error" } }, { status: 500 }));
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await sendWebhook(note);

    expect(await storedKeys("media")).toHaveLength(1);
    expect(await storedKeys("transcripts")).toEqual([]);
    expect(lastUserContent()).toBe(
      `${note.Body}\n[attachment 1 (audio/ogg): a voice note that could not be transcribed; the client was asked to resend or write it]`,
    );
    expect(sentMessages().map((m) => m.Body)).toEqual([
      `No pude escuchar tu nota de voz. ¿Puedes enviarla de nuevo o escribirme lo que decías?\n\n${MODEL_TEXT}`,
    ]);
  });
});

describe("videos and documents", () => {
  it("ADR-006.8 a video is kept, the client is told kindly that only photos can be looked at, and the model answers too", async () => {
    const video = webhooks.video;
    const bytes = fakeFile(4096, [0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]);
    serveTwilioMedia({ url: video.MediaUrl0, bytes, contentType: "video/mp4" });
    await sendWebhook(video);

    const [stored] = await storedKeys("media");
    expect(stored!.key).toMatch(/-0\.mp4$/);
    expect(stored!.httpMetadata?.contentType).toBe("video/mp4");
    expect(lastUserContent()).toBe(
      "[attachment 1 (video/mp4): kept for the stylist; you cannot see it, and the client was told that only photos can be looked at]",
    );
    expect(sentMessages().map((m) => m.Body)).toEqual([
      `I saved your video for Tata Oro, but I can only look at photos. If you want me to see your hair, send me a photo.\n\n${MODEL_TEXT}`,
    ]);
  });

  it("ADR-006.8 a PDF is kept and answered in the client's language, and the conversation goes on", async () => {
    const document = webhooks.document;
    serveTwilioMedia({ url: document.MediaUrl0, bytes: new TextEncoder().encode("%PDF-1.7\n%rutina"), contentType: "application/pdf" });
    await sendWebhook(document);

    const [stored] = await storedKeys("media");
    expect(stored!.key).toMatch(/-0\.pdf$/);
    expect(sentMessages()[0]!.Body).toBe(
      `Guardé tu documento para Tata Oro, pero yo solo puedo mirar fotos. Si quieres que vea tu cabello, envíame una foto.\n\n${MODEL_TEXT}`,
    );

    await sendWebhook(withSid({ ...webhooks["text-es"], Body: "Vale, luego te mando fotos" }, "SM00000000000000000000000000000003"));
    expect(sentMessages()[1]!.Body).toBe(MODEL_TEXT);
    expect(chatRequests()[1]!.messages.filter((m) => m.role === "user").map((m) => m.content)).toEqual([
      "mi rutina\n[attachment 1 (application/pdf): kept for the stylist; you cannot see it, and the client was told that only photos can be looked at]",
      "Vale, luego te mando fotos",
    ]);
  });
});

describe("partial failures", () => {
  it("ADR-006.9 a photo Twilio cannot serve is named to the client, the photos that arrived reach the model, the text is answered", async () => {
    const message = { ...webhooks["three-photos"], Body: "Aquí van mis fotos de frente, lado y atrás" };
    const arrived = [fakeFile(), fakeFile()];
    serveTwilioMedia(
      { url: message.MediaUrl0, bytes: arrived[0]!, contentType: "image/jpeg" },
      { url: message.MediaUrl2, bytes: arrived[1]!, contentType: "image/jpeg" },
    );
    network.use(answer("get", message.MediaUrl1, () => Response.json({ code: 20404, message: "not found" }, { status: 404 })));
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await sendWebhook(message);

    expect(lastUserContent()).toBe(`${message.Body}\n[photos 1–2]\n[attachment 2 (image/jpeg) did not come through]`);
    expect(observationRequests()).toHaveLength(2); // the two that arrived were looked at (ADR-019.3)
    expect(sentMessages().map((m) => m.Body)).toEqual([`Tu foto (adjunto 2) no me llegó. ¿Puedes enviarla de nuevo?\n\n${MODEL_TEXT}`]);
  });

  it("ADR-006.9 when the model is down too, the client still hears which attachment failed, and the fallback", async () => {
    const photo = webhooks.photo;
    network.use(
      answer("get", photo.MediaUrl0, () => new Response("busy", { status: 503 })),
      answer("post", `${OPENAI}/chat/completions`, () => Response.json({ error: { message: "bad", type: "invalid_request_error" } }, { status: 400 })),
    );
    vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
    await sendWebhook(photo);

    const [reply] = sentMessages();
    expect(reply!.Body).toMatch(/^Tu foto no me llegó\. ¿Puedes enviarla de nuevo\?\n\nPerdona, no pude responder/);
  });

  it("ADR-006.9 a photo that cannot be stored is named to the client as not received, logged, and the text is answered", async () => {
    const photo = webhooks.photo;
    serveTwilioMedia({ url: photo.MediaUrl0, bytes: fakeFile(), contentType: "image/jpeg" });
    const unstorable = bucketEnv({ put: (real) => (key, value, options) => (key.includes("/media/") ? Promise.reject(new Error("R2 is unavailable")) : real(key, value, options)) });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await dispatchWith(unstorable, await webhookRequest(photo));

    expect(await storedKeys("media")).toEqual([]);
    expect(lastUserContent()).toBe(`${photo.Body}\n[attachment 1 (image/jpeg) did not come through]`);
    expect(sentMessages().map((m) => m.Body)).toEqual([`Tu foto no me llegó. ¿Puedes enviarla de nuevo?\n\n${MODEL_TEXT}`]);
    expect(loggedEvents(warn)).toContainEqual({ event: "media_not_received", client: "whatsapp:+…5678", sid: photo.MessageSid, index: 0, detail: "Error: R2 is unavailable" });
  });
});
