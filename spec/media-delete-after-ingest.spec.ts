/**
 * ADR 020.5: once a photo, voice note or file is safely in R2, Twilio's copy is deleted (DELETE
 * on its Media resource), so that the media lives in one place. A deletion that fails is logged
 * with its SIDs and never touches our copy; what we could not store stays at Twilio; and
 * TWILIO_DELETE_MEDIA_AFTER_INGEST=false keeps Twilio's copies.
 */
import { env } from "cloudflare:workers";
import { HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import transcription from "../fixtures/openai/transcription.json";
import { webhooks } from "../fixtures/twilio/webhooks";
import { loadConfig } from "../src/config/settings";
import { ingestMediaWith } from "../src/media/ingest";
import { storageOf } from "../src/storage/bucket";
import { mediaKey, type ClientKey } from "../src/storage/keys";
import type { InboundRecord } from "../src/storage/records";
import { fakeFile, serveTwilioMedia, transcriptionStandIn, twilioMediaUrl } from "./support/media";
import { ACCOUNT_SID, answer, calls, MEDIA_RESOURCE, network, sentMessages, TWILIO, twilioDeletions } from "./support/network";
import { webhookRequest } from "./support/twilio";
import { dispatchWith, sendWebhook } from "./support/worker";
import { loggedEvents } from "./support/logged";

const CLIENT: ClientKey = "whatsapp:+5215512345678";

/** `Messages/{MessageSid}/Media/{MediaSid}.json`: the Media resource behind a webhook's media URL, as the spec reads it. */
const mediaResource = (url: string) => `${url.slice(url.indexOf("Messages/"))}.json`;

async function storedMedia(): Promise<R2Object[]> {
  return (await env.MEDIA_BUCKET.list({ prefix: `${CLIENT}/media/` })).objects;
}

afterEach(() => vi.restoreAllMocks());

describe("Twilio's copy of a media file, once ours is stored", () => {
  it("ADR-020.5 a photo is stored in R2, then deleted at Twilio", async () => {
    const photo = webhooks.photo;
    serveTwilioMedia({ url: photo.MediaUrl0, bytes: fakeFile(), contentType: "image/jpeg" });
    await sendWebhook(photo);

    expect(await storedMedia()).toHaveLength(1);
    expect(twilioDeletions()).toEqual([mediaResource(photo.MediaUrl0)]);
    const fetchedAt = calls.findIndex((c) => c.url === photo.MediaUrl0);
    const deletedAt = calls.findIndex((c) => c.method === "DELETE");
    expect(fetchedAt).toBeGreaterThanOrEqual(0);
    expect(deletedAt).toBeGreaterThan(fetchedAt);
    expect(calls[deletedAt]!.headers.authorization).toMatch(/^Basic /);
  });

  it("ADR-020.5 a voice note is transcribed from our copy, and Twilio's is deleted", async () => {
    const voice = webhooks["voice-note"];
    serveTwilioMedia({ url: voice.MediaUrl0, bytes: fakeFile(1024, [0x4f, 0x67, 0x67, 0x53]), contentType: "audio/ogg" });
    transcriptionStandIn(() => HttpResponse.json(transcription));
    await sendWebhook(voice);

    expect(await storedMedia()).toHaveLength(1);
    expect(twilioDeletions()).toEqual([mediaResource(voice.MediaUrl0)]);
  });

  it("ADR-020.5 a media file that could not be fetched is not deleted at Twilio: it is the only copy", async () => {
    const photo = webhooks.photo;
    network.use(answer("get", photo.MediaUrl0, () => new HttpResponse(null, { status: 500 })));
    await sendWebhook(photo);

    expect(await storedMedia()).toHaveLength(0);
    expect(twilioDeletions()).toEqual([]);
  });

  it("ADR-020.5 a deletion that keeps failing is retried, logged with its SIDs, and never touches our copy or the answer", async () => {
    const photo = webhooks.photo;
    const bytes = fakeFile();
    serveTwilioMedia({ url: photo.MediaUrl0, bytes, contentType: "image/jpeg" });
    network.use(answer("delete", MEDIA_RESOURCE, () => HttpResponse.json({ code: 20500, message: "Internal Server Error" }, { status: 500 })));
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    await sendWebhook(photo);

    expect(twilioDeletions().length).toBeGreaterThan(1);
    const [stored] = await storedMedia();
    expect(new Uint8Array(await (await env.MEDIA_BUCKET.get(stored!.key))!.arrayBuffer())).toEqual(bytes);
    expect(sentMessages()).toHaveLength(1);
    const logged = warnings.mock.calls.map((args) => String(args[0])).filter((line) => line.includes("twilio_media_not_deleted"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(photo.MessageSid);
    expect(logged[0]).toContain(photo.MediaUrl0.slice(-34));
    expect(logged[0]).not.toContain(CLIENT);
  });

  it("ADR-020.5 TWILIO_DELETE_MEDIA_AFTER_INGEST=false keeps Twilio's copy", async () => {
    const photo = webhooks.photo;
    serveTwilioMedia({ url: photo.MediaUrl0, bytes: fakeFile(), contentType: "image/jpeg" });
    await dispatchWith({ ...env, TWILIO_DELETE_MEDIA_AFTER_INGEST: "false" }, await webhookRequest(photo));

    expect(await storedMedia()).toHaveLength(1);
    expect(twilioDeletions()).toEqual([]);
  });

  it("ADR-020.5 a stored file whose URL is not this account's media is not deleted with this account's credentials: it is logged, the URL cut to 200 characters", async () => {
    // Files an earlier run stored, of a message whose URLs are now another account's (the deployment
    // moved) or are no media URL at all: found stored, they are not fetched, and only the deletion reads their URLs.
    const sid = "MM0000000000000000000000000000ac01";
    const otherAccount = twilioMediaUrl(sid, 0).replace(ACCOUNT_SID, `AC${"1".repeat(32)}`);
    const notMedia = `${TWILIO}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sid}/Feedback/${"f".repeat(200)}`;
    const message: InboundRecord = {
      v: 1,
      sid,
      receivedAt: "2026-12-07T10:00:00.000Z",
      params: { MessageSid: sid, NumMedia: "2", MediaUrl0: otherAccount, MediaContentType0: "image/jpeg", MediaUrl1: notMedia, MediaContentType1: "image/jpeg" },
    };
    for (const index of [0, 1]) await env.MEDIA_BUCKET.put(mediaKey(CLIENT, message.receivedAt, sid, index, "jpg"), fakeFile());
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const outcomes = await ingestMediaWith(loadConfig(env))(storageOf(env), CLIENT, message);

    expect(outcomes.map((o) => o.result)).toEqual(["stored", "stored"]);
    expect(calls.filter((c) => c.method === "DELETE")).toEqual([]);
    expect(loggedEvents(warnings)).toEqual([
      { event: "twilio_media_not_deleted", url: expect.stringContaining(`/Accounts/AC${"1".repeat(32)}/Messages/${sid}/Media/`), detail: "not a media URL of this account" },
      { event: "twilio_media_not_deleted", url: notMedia.slice(0, 200), detail: "not a media URL of this account" },
    ]);
  });
});
