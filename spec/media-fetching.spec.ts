/**
 * ADR 006, fetching and storing: only Twilio's origin is fetched, with Basic auth; the CDN
 * redirect is followed without credentials; Twilio's size limits hold while streaming; keys and
 * content types come from a parsed content type; a message's media is stored once.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { loadConfig } from "../src/config/settings";
import { storageOf } from "../src/storage/bucket";
import type { ClientKey } from "../src/storage/keys";
import type { InboundRecord } from "../src/storage/records";
import { ingestMedia, MEDIA_LIMITS } from "../src/media/ingest";
import { createTranscriber } from "../src/openai/transcribe";
import { createMediaFetcher } from "../src/twilio/media-fetch";
import { CDN, everyRequestedUrl, fakeFile, serveTwilioMedia, transcriptionStandIn, twilioMediaUrl } from "./support/media";
import { ACCOUNT_SID, answer, calls, callsTo, chatRequests, MESSAGES_PATH, network, OPENAI, sentMessages, TWILIO, TYPING_URL } from "./support/network";
import { messageSid, withSid } from "./support/twilio";
import { sendWebhook } from "./support/worker";
import { loggedEvents } from "./support/logged";

const CLIENT: ClientKey = "whatsapp:+5215512345678";

async function storedMedia(): Promise<R2Object[]> {
  const listed = await env.MEDIA_BUCKET.list({ prefix: `${CLIENT}/media/`, include: ["httpMetadata"] });
  return listed.objects;
}

async function bytesAt(key: string): Promise<Uint8Array> {
  return new Uint8Array(await (await env.MEDIA_BUCKET.get(key))!.arrayBuffer());
}

const sha256 = async (bytes: Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))));

/** URLs requested other than the model and the Messages API. */
const mediaRequests = (urls: string[]) => urls.filter((u) => !u.startsWith(`${OPENAI}/`) && u !== `${TWILIO}${MESSAGES_PATH}` && u !== TYPING_URL);

/** What `ingestMedia` is given in the Worker, built from the specs' settings, for specs that ingest a message more than once. */
function ingestDeps() {
  const config = loadConfig(env);
  return {
    store: storageOf(env),
    fetchMedia: createMediaFetcher({ ...config.twilio, fetch: config.fetch }),
    transcribe: createTranscriber({ ...config.openai, model: config.openai.transcriptionModel, fetch: config.fetch }),
  };
}

afterEach(() => vi.restoreAllMocks());

describe("fetching a message's media from Twilio", () => {
  it("ADR-006.1 sends Basic auth to Twilio's API origin and follows its redirect to the CDN without any Authorization header", async () => {
    const photo = webhooks.photo;
    const bytes = fakeFile();
    serveTwilioMedia({ url: photo.MediaUrl0, bytes, contentType: "image/jpeg" });
    await sendWebhook(photo);

    const [apiCall] = callsTo(photo.MediaUrl0);
    expect(apiCall!.headers.authorization).toBe(`Basic ${btoa(`${ACCOUNT_SID}:spec-auth-token`)}`);
    const cdnCalls = calls.filter((c) => c.url.startsWith(CDN));
    expect(cdnCalls).toHaveLength(1);
    expect(cdnCalls[0]!.headers).not.toHaveProperty("authorization");
    const [stored] = await storedMedia();
    expect(await bytesAt(stored!.key)).toEqual(bytes);
  });

  it("ADR-006.1 refuses a media URL on any other origin, logs it and never requests it, and still answers the text", async () => {
    const hostile = [
      "https://evil.example/2010-04-01/Accounts/AC0/Messages/MM1/Media/ME1",
      "http://169.254.169.254/latest/meta-data/",
      "https://api.twilio.com@evil.example/Media/ME1",
      "https://user:pass@api.twilio.com/2010-04-01/Media/ME1",
      "https://api.twilio.com:8443/2010-04-01/Media/ME1",
      "http://api.twilio.com/2010-04-01/Media/ME1",
      "data:image/jpeg;base64,/9j/4AAQ",
      "javascript:alert(1)",
      "api.twilio.com/2010-04-01/Media/ME1",
    ];
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const requested = everyRequestedUrl();
    for (const [n, url] of hostile.entries()) {
      const sid = `MM${String(n).padStart(32, "0")}`;
      warn.mockClear();
      await sendWebhook({ ...webhooks.photo, MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, MediaUrl0: url });

      const logged = loggedEvents(warn);
      expect(logged, url).toContainEqual(expect.objectContaining({ event: "media_refused", sid, index: 0 }));
      expect(sentMessages(), url).toHaveLength(n + 1);
      expect(sentMessages()[n]!.Body, url).toMatch(/^Tu foto no me llegó\. ¿Puedes enviarla de nuevo\?\n\n\S/);
    }
    expect(mediaRequests(requested)).toEqual([]);
    expect(await storedMedia()).toEqual([]);
  });

  it("ADR-006.1 on Twilio's own origin fetches only this account's media of this message, never another API path with the account's credentials", async () => {
    const photo = webhooks.photo;
    const media = photo.MediaUrl0.slice(photo.MediaUrl0.indexOf("/Media/"));
    const account = `${TWILIO}/2010-04-01/Accounts/${ACCOUNT_SID}`;
    const elsewhere = [
      `${account}/Messages.json`,
      `${account}/Messages/${photo.MessageSid}.json`,
      `${account}.json`,
      `${TWILIO}/2010-04-01/Accounts/AC11111111111111111111111111111111/Messages/${photo.MessageSid}${media}`,
      `${account}/Messages/MM99999999999999999999999999999999${media}`,
      `${account}/Messages/${photo.MessageSid}/Media`,
      `${account}/Messages/${photo.MessageSid}${media}/../../../Messages.json`,
      `${account}/Messages/${photo.MessageSid}${media}.json`,
      `${account}/Messages/${photo.MessageSid}${media}?PageSize=1000`,
      `${TWILIO}/v1/Services`,
    ];
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const requested = everyRequestedUrl();
    for (const [n, url] of elsewhere.entries()) {
      warn.mockClear();
      const sid = messageSid(0x700 + n, "MM");
      // The same message (its SID) wherever the URL claims one, so only the URL differs from a valid webhook.
      await sendWebhook(withSid({ ...photo, MediaUrl0: url.replaceAll(photo.MessageSid, sid) }, sid));
      const logged = loggedEvents(warn);
      expect(logged, url).toContainEqual(expect.objectContaining({ event: "media_refused", sid, index: 0 }));
      expect(sentMessages().at(-1)!.Body, url).toMatch(/^Tu foto no me llegó/);
    }
    expect(mediaRequests(requested)).toEqual([]);
    expect(await storedMedia()).toEqual([]);
  });

  it("ADR-006.1 follows at most three redirects, none of them with credentials", async () => {
    const url = webhooks.photo.MediaUrl0;
    let hop = 0;
    network.use(
      answer("get", url, () => new Response(null, { status: 302, headers: { location: `${CDN}/loop/0` } })),
      answer("get", `${CDN}/loop/:n`, () => new Response(null, { status: 302, headers: { location: `${CDN}/loop/${++hop}` } })),
    );
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await sendWebhook(webhooks.photo);

    const hops = calls.filter((c) => c.url.startsWith(CDN));
    expect(hops).toHaveLength(3);
    expect(hops.every((c) => !("authorization" in c.headers))).toBe(true);
    expect(sentMessages()[0]!.Body).toMatch(/^Tu foto no me llegó/);
  });
});

describe("Twilio's size limits", () => {
  it("ADR-006.2 refuses a photo over 5 MB politely and keeps the other photos and the text", async () => {
    const message = webhooks["three-photos"];
    const small = [fakeFile(), fakeFile()];
    serveTwilioMedia(
      { url: message.MediaUrl0, bytes: small[0]!, contentType: "image/jpeg" },
      { url: message.MediaUrl1, bytes: fakeFile(MEDIA_LIMITS.imageBytes + 1), contentType: "image/jpeg" },
      { url: message.MediaUrl2, bytes: small[1]!, contentType: "image/jpeg" },
    );
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await sendWebhook(message);

    const stored = await storedMedia();
    expect(stored.map((o) => o.key.replace(/^.*-(\d+)\.jpg$/, "$1"))).toEqual(["0", "2"]);
    expect(await bytesAt(stored[0]!.key)).toEqual(small[0]);
    expect(await bytesAt(stored[1]!.key)).toEqual(small[1]);
    expect(sentMessages()).toHaveLength(1);
    // no words yet to tell the language by: English
    expect(sentMessages()[0]!.Body).toMatch(/^Your photo \(attachment 2\) is too large for me to receive \(the limit is 5 MB a photo and 16 MB a message\)\. Could you send a smaller version\?\n\n\S/);
  });

  it("ADR-006.2 stops reading a body sent without Content-Length as soon as it passes the limit", async () => {
    const chunk = new Uint8Array(64 * 1024);
    let pulled = 0;
    serveTwilioMedia({
      url: webhooks.photo.MediaUrl0,
      contentType: "image/jpeg",
      // 64 MB if read to the end
      bytes: () => new ReadableStream({ pull: (controller) => (++pulled > 1024 ? controller.close() : controller.enqueue(chunk)) }),
    });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await sendWebhook(webhooks.photo);

    expect(pulled).toBeLessThan(MEDIA_LIMITS.imageBytes / chunk.byteLength + 8);
    expect(await storedMedia()).toEqual([]);
    expect(sentMessages()[0]!.Body).toMatch(/^Tu foto pesa demasiado/);
  });

  it("ADR-006.2 holds a message to 16 MB in total: the file that would pass it is refused, the earlier one kept", async () => {
    const sid = "MM00000000000000000000000000000016";
    const first = fakeFile(9 * 1024 * 1024, [0, 0, 0, 0x18]);
    serveTwilioMedia(
      { url: twilioMediaUrl(sid, 0), bytes: first, contentType: "video/mp4" },
      { url: twilioMediaUrl(sid, 1), bytes: fakeFile(9 * 1024 * 1024, [0, 0, 0, 0x18]), contentType: "video/mp4" },
    );
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await sendWebhook({
      ...webhooks.video,
      MessageSid: sid,
      SmsMessageSid: sid,
      SmsSid: sid,
      NumMedia: "2",
      MediaUrl0: twilioMediaUrl(sid, 0),
      MediaContentType0: "video/mp4",
      MediaUrl1: twilioMediaUrl(sid, 1),
      MediaContentType1: "video/mp4",
    });

    const stored = await storedMedia();
    expect(stored.map((o) => o.key.slice(-6))).toEqual(["-0.mp4"]);
    // digests: comparing 9 MB element by element is what would make this spec slow
    expect(await sha256(await bytesAt(stored[0]!.key))).toBe(await sha256(first));
    expect(sentMessages()[0]!.Body).toContain("Your video (attachment 2) is too large for me to receive");
  });

  it("ADR-006.2 a file stored by an earlier ingest of the message still counts against its 16 MB", async () => {
    const sid = "MM00000000000000000000000000001617";
    const first = fakeFile(12 * 1024 * 1024, [0, 0, 0, 0x18]);
    const record: InboundRecord = {
      v: 1,
      sid,
      receivedAt: "2026-11-27T10:00:00.000Z",
      params: { MessageSid: sid, NumMedia: "2", MediaUrl0: twilioMediaUrl(sid, 0), MediaContentType0: "video/mp4", MediaUrl1: twilioMediaUrl(sid, 1), MediaContentType1: "video/mp4" },
    };
    serveTwilioMedia({ url: twilioMediaUrl(sid, 0), bytes: first, contentType: "video/mp4" });
    network.use(answer("get", twilioMediaUrl(sid, 1), () => new Response(null, { status: 500 })));
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect((await ingestMedia(ingestDeps(), CLIENT, record)).map((o) => o.result)).toEqual(["stored", "not-received"]);

    // Twilio serves the second file now: 5 MB more than the 4 MB the stored 12 MB leave.
    serveTwilioMedia({ url: twilioMediaUrl(sid, 1), bytes: fakeFile(5 * 1024 * 1024, [0, 0, 0, 0x18]), contentType: "video/mp4" });
    expect((await ingestMedia(ingestDeps(), CLIENT, record)).map((o) => o.result)).toEqual(["stored", "too-large"]);
    expect((await storedMedia()).map((o) => o.key.slice(-6))).toEqual(["-0.mp4"]);
  });
});

describe("keys and content types", () => {
  it("ADR-006.3 keys a file by time, MessageSid and index with the extension of its parsed content type, and stores that type's essence only", async () => {
    const note = { ...webhooks["voice-note"], MediaContentType0: "Audio/OGG ; codecs=opus" };
    serveTwilioMedia({ url: note.MediaUrl0, bytes: fakeFile(4096, [0x4f, 0x67, 0x67, 0x53]), contentType: "audio/ogg" });
    transcriptionStandIn(() => Response.json({ text: "hola" }));
    await sendWebhook(note);

    const [stored] = await storedMedia();
    expect(stored!.key).toMatch(new RegExp(`^whatsapp:\\+5215512345678/media/\\d{13}-${note.MessageSid}-0\\.ogg$`));
    expect(stored!.httpMetadata?.contentType).toBe("audio/ogg");
  });

  it("ADR-006.3 a declared content type with a comma or a quote is no content type: kept as application/octet-stream, .bin, not a photo", async () => {
    const sid = "MM00000000000000000000000000000c0a";
    const declared = "image/png; a=b, text/html";
    serveTwilioMedia({ url: twilioMediaUrl(sid, 0), bytes: fakeFile(2048), contentType: declared });
    await sendWebhook(withSid({ ...webhooks.photo, MediaUrl0: twilioMediaUrl(sid, 0), MediaContentType0: declared }, sid));

    const [stored] = await storedMedia();
    expect(stored!.key).toMatch(new RegExp(`-${sid}-0\\.bin$`));
    expect(stored!.httpMetadata?.contentType).toBe("application/octet-stream");
    expect(JSON.stringify(chatRequests()[0]!.messages)).not.toContain("image_url");
  });

  it("ADR-006.3 stores a message's media once per (MessageSid, index), however often it is ingested", async () => {
    const message = webhooks["three-photos"];
    serveTwilioMedia(
      { url: message.MediaUrl0, bytes: fakeFile(), contentType: "image/jpeg" },
      { url: message.MediaUrl1, bytes: fakeFile(), contentType: "image/jpeg" },
      { url: message.MediaUrl2, bytes: fakeFile(), contentType: "image/jpeg" },
    );
    const deps = ingestDeps();
    const record: InboundRecord = { v: 1, sid: message.MessageSid, receivedAt: "2026-11-27T10:00:00.000Z", params: message };
    const outcomes = await Promise.all([ingestMedia(deps, CLIENT, record), ingestMedia(deps, CLIENT, record)]);
    const before = await storedMedia();
    const downloads = calls.length;
    const again = await ingestMedia(deps, CLIENT, record);

    expect(outcomes.flat().map((o) => o.result)).toEqual(Array(6).fill("stored"));
    expect(again.map((o) => o.result)).toEqual(["stored", "stored", "stored"]);
    const after = await storedMedia();
    expect(after.map((o) => [o.key, o.etag])).toEqual(before.map((o) => [o.key, o.etag]));
    expect(after).toHaveLength(3);
    expect(calls.length).toBe(downloads); // the later ingestion downloaded nothing
  });

  it("ADR-006.3 a voice note ingested again is neither downloaded nor transcribed again", async () => {
    const note = webhooks["voice-note"];
    serveTwilioMedia({ url: note.MediaUrl0, bytes: fakeFile(2048, [0x4f, 0x67, 0x67, 0x53]), contentType: "audio/ogg" });
    transcriptionStandIn(() => Response.json({ text: "hola" }));
    const deps = ingestDeps();
    const record: InboundRecord = { v: 1, sid: note.MessageSid, receivedAt: "2026-11-27T10:00:00.000Z", params: note };
    expect((await ingestMedia(deps, CLIENT, record)).map((o) => o.result)).toEqual(["transcribed"]);
    expect((await ingestMedia(deps, CLIENT, record)).map((o) => o.result)).toEqual(["transcribed"]);

    expect(callsTo(note.MediaUrl0)).toHaveLength(1);
    expect(callsTo(`${OPENAI}/audio/transcriptions`)).toHaveLength(1);
  });

  it("ADR-006.3 a retried webhook does not download the media again", async () => {
    const photo = webhooks.photo;
    serveTwilioMedia({ url: photo.MediaUrl0, bytes: fakeFile(), contentType: "image/jpeg" });
    await sendWebhook(photo);
    await sendWebhook(photo);
    expect(callsTo(photo.MediaUrl0)).toHaveLength(1);
    expect(await storedMedia()).toHaveLength(1);
  });
});
