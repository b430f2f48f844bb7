/**
 * ADR 006, what the model sees and how media is served: photos reach the vision model as
 * signed, expiring links to `GET /media/{token}`, which serves exactly the bytes Twilio sent,
 * safely, and nothing for a tampered, expired or revoked link.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { storageOf } from "../src/storage/bucket";
import { ensureConsultation, readConsultation } from "../src/storage/consultation";
import { mediaKey, type ClientKey } from "../src/storage/keys";
import { putMedia } from "../src/storage/media";
import { modelPhotoPolicy } from "../src/conversation/model-photos";
import { mediaLink } from "../src/media/signed-links";
import { fakeFile, serveTwilioMedia, twilioMediaUrl } from "./support/media";
import { HttpResponse } from "msw";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import { answer, chatRequests, network, observationRequests, OPENAI } from "./support/network";
import { clock, get, sendWebhook } from "./support/worker";
import { withSid } from "./support/twilio";

const CLIENT: ClientKey = "whatsapp:+5215512345678";
const SECRET = "spec-link-signing-secret-0123456789";
const ORIGIN = "https://wa.example.com";

type ImagePart = { type: "image_url"; image_url: { url: string; detail: string } };
const imagePartsOf = (content: unknown): ImagePart[] =>
  Array.isArray(content) ? (content as Array<{ type: string }>).filter((p): p is ImagePart => p.type === "image_url") : [];

async function sendThreePhotos(sid = webhooks["three-photos"].MessageSid, body = "") {
  const files = [fakeFile(), fakeFile(3000), fakeFile(5000)];
  const urls = files.map((_, n) => twilioMediaUrl(sid, n));
  serveTwilioMedia(...files.map((bytes, n) => ({ url: urls[n]!, bytes, contentType: "image/jpeg" })));
  await sendWebhook({
    ...webhooks["three-photos"],
    MessageSid: sid,
    SmsMessageSid: sid,
    SmsSid: sid,
    Body: body,
    MediaUrl0: urls[0]!,
    MediaUrl1: urls[1]!,
    MediaUrl2: urls[2]!,
  });
  return files;
}

let stored = 0;

/** A stored file and a link to it, as the reply path would make one (a new key every time). */
async function storedWithLink(contentType: string, bytes: Uint8Array, expiresAtSeconds = clock.now() / 1000 + 600) {
  const store = storageOf(env);
  const consultation = await ensureConsultation(store, CLIENT, new Date(clock.now()).toISOString());
  const key = mediaKey(CLIENT, new Date(clock.now()).toISOString(), `MM${String(++stored).padStart(32, "0")}`, 0, "bin");
  await putMedia(store, key, bytes, contentType);
  return { key, link: await mediaLink(SECRET, ORIGIN, CLIENT, consultation, key, Math.floor(expiresAtSeconds)) };
}

const pathOf = (link: string) => new URL(link).pathname;

describe("photos reach the vision model", () => {
  it("ADR-006.4 each of a message's three photos reaches the model once, as an image part whose link serves the exact bytes Twilio served", async () => {
    const files = await sendThreePhotos();

    const observing = observationRequests();
    expect(observing).toHaveLength(3); // one look per photo, when it arrives (ADR-019.3)
    const images = observing.map((request) => imagePartsOf(request.messages.at(-1)!.content));
    for (const [n, [image, ...others]] of images.entries()) {
      expect(others).toEqual([]);
      expect(image!.image_url.detail).toBe(modelPhotoPolicy.detail);
      expect(image!.image_url.url.startsWith(`${ORIGIN}/media/`)).toBe(true);
      expect(image!.image_url.url).not.toContain("whatsapp");
      const response = await get(pathOf(image!.image_url.url));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/jpeg");
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(files[n]);
    }
    expect(chatRequests()[0]!.messages.flatMap((m) => imagePartsOf(m.content))).toEqual([]); // the answer reads the observations
  });

  it("ADR-006.4 a photo without an observation is attached to the answer of its own turn only; later requests name it by number", async () => {
    // A model that never answers an observation: every photo stays unobserved.
    network.use(answer("post", `${OPENAI}/chat/completions`, () => HttpResponse.json(chatCompletion)));
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await sendThreePhotos("MM10000000000000000000000000000001");
    await sendThreePhotos("MM10000000000000000000000000000002");
    await sendThreePhotos("MM10000000000000000000000000000003");

    expect(observationRequests()).toHaveLength(9); // each photo was looked at once, and not described
    const third = chatRequests()[2]!;
    const userContents = third.messages.filter((m) => m.role === "user").map((m) => m.content);
    expect(userContents.flatMap(imagePartsOf)).toHaveLength(3); // the third message's own photos, nothing earlier
    expect(imagePartsOf(userContents.at(-1))).toHaveLength(3);
    expect(JSON.stringify(userContents)).toContain("[photos 1–3]");
  });
});

describe("photo links sent to the model", () => {
  it("ADR-006.5 open for at least the policy's link lifetime and at most twice it, then get 404", async () => {
    const lifetime = modelPhotoPolicy.linkLifetimeSeconds * 1000;
    const hour = 3_600_000;
    await clock.advance(hour - (clock.now() % hour) + 1234); // not on a window boundary
    const before = clock.now();
    await sendThreePhotos();
    const after = clock.now(); // the links were made between the two
    const links = observationRequests().map((r) => pathOf(imagePartsOf(r.messages.at(-1)!.content)[0]!.image_url.url));
    expect(links).toHaveLength(3);

    await clock.advance(before + lifetime - clock.now());
    for (const link of links) expect((await get(link)).status).toBe(200);
    await clock.advance(after + 2 * lifetime + 1000 - clock.now());
    for (const link of links) expect((await get(link)).status).toBe(404);
  });
});

describe("GET /media/{token}", () => {
  it("ADR-006.6 serves images and audio inline with their stored content type's essence, nosniff and private caching", async () => {
    for (const [stored, served] of [["image/jpeg", "image/jpeg"], ["image/png", "image/png"], ["audio/ogg; codecs=opus", "audio/ogg"], ["Image/PNG ; x=y", "image/png"]]) {
      const bytes = fakeFile(1500);
      const { link } = await storedWithLink(stored!, bytes);
      const response = await get(pathOf(link));
      expect(response.status, stored).toBe(200);
      expect(response.headers.get("content-type"), stored).toBe(served);
      expect(response.headers.get("content-disposition"), stored).toBe("inline");
      expect(response.headers.get("x-content-type-options"), stored).toBe("nosniff");
      expect(response.headers.get("cache-control"), stored).toMatch(/^private\b/);
      expect(new Uint8Array(await response.arrayBuffer()), stored).toEqual(bytes);
    }
  });

  it("ADR-006.6 a stored content type holding a comma or a quote is no content type: served only as a download", async () => {
    // A browser reads "image/png; a=b, text/html" as a list and renders the last type: HTML.
    for (const stored of ["image/png; a=b, text/html", "image/png, text/html", 'image/png; a="b, text/html"', 'image/png; name="x"', "audio/ogg; a=b,text/html"]) {
      const { link } = await storedWithLink(stored, new TextEncoder().encode("<html><script>alert(1)</script></html>"));
      const response = await get(pathOf(link));
      expect(response.status, stored).toBe(200);
      expect(response.headers.get("content-type"), stored).toBe("application/octet-stream");
      expect(response.headers.get("content-disposition"), stored).toMatch(/^attachment; filename="[^"/]+"$/);
    }
  });

  it("ADR-006.6 serves HTML, SVG, PDF, video and unknown types only as downloads: application/octet-stream, attachment", async () => {
    for (const stored of ["text/html; charset=utf-8", "image/svg+xml", "application/pdf", "video/mp4", "application/x-unknown", "", "image/"]) {
      const { link } = await storedWithLink(stored, new TextEncoder().encode("<svg onload=alert(1)><script>alert(1)</script>"));
      const response = await get(pathOf(link));
      expect(response.status, stored).toBe(200);
      expect(response.headers.get("content-type"), stored).toBe("application/octet-stream");
      expect(response.headers.get("content-disposition"), stored).toMatch(/^attachment; filename="[^"/]+"$/);
      expect(response.headers.get("x-content-type-options"), stored).toBe("nosniff");
      expect(response.headers.get("cache-control"), stored).toMatch(/^private\b/);
    }
  });

  it("ADR-006.5 every single-character change to a valid token gets 404", async () => {
    const { link } = await storedWithLink("image/jpeg", fakeFile());
    const token = pathOf(link).slice("/media/".length);
    expect((await get(`/media/${token}`)).status).toBe(200);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < token.length; i++) {
      const replacement = alphabet[(alphabet.indexOf(token[i]!) + 1 + (i % 63)) % 64]!;
      const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
      const response = await get(`/media/${tampered}`);
      expect(response.status, `position ${i}`).toBe(404);
    }
    for (const variant of [token.slice(1), token.slice(0, -1), `${token}A`, `A${token}`]) {
      expect((await get(`/media/${variant}`)).status).toBe(404);
    }
  });

  it("ADR-006.5 an expired link gets 404", async () => {
    const { link } = await storedWithLink("image/jpeg", fakeFile(), clock.now() / 1000 - 1);
    const response = await get(pathOf(link));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "not found" });
  });

  it("ADR-006.5 never takes an R2 key from the URL", async () => {
    const { key } = await storedWithLink("image/jpeg", fakeFile());
    expect((await get(`/media/${encodeURIComponent(key)}`)).status).toBe(404);
    expect((await get(`/media/${key}`)).status).toBe(404);
  });

  it("ADR-006.5 a link sealed for anything but the client's media gets 404", async () => {
    const store = storageOf(env);
    const consultation = await ensureConsultation(store, CLIENT, new Date(clock.now()).toISOString());
    const inbound = `${CLIENT}/messages/MM00000000000000000000000000000001.json`;
    await env.MEDIA_BUCKET.put(inbound, "{}");
    const link = await mediaLink(SECRET, ORIGIN, CLIENT, consultation, inbound, Math.floor(clock.now() / 1000) + 600);
    expect((await get(pathOf(link))).status).toBe(404);
  });

  it("ADR-006.10 a link sealed for another consultation of the client gets 404 even while the object is still stored", async () => {
    const { key, link } = await storedWithLink("image/jpeg", fakeFile());
    expect((await get(pathOf(link))).status).toBe(200);
    const store = storageOf(env);
    const { consultation } = await readConsultation(store, CLIENT);
    const earlier = { ...consultation!, id: `${consultation!.id.slice(0, -1)}${consultation!.id.endsWith("A") ? "B" : "A"}` };
    const stale = await mediaLink(SECRET, ORIGIN, CLIENT, earlier, key, Math.floor(clock.now() / 1000) + 600);
    expect((await env.MEDIA_BUCKET.head(key))).not.toBeNull();
    expect((await get(pathOf(stale))).status).toBe(404);
  });

  it("ADR-006.5 a link to a client with no consultation on record gets 404", async () => {
    const { link } = await storedWithLink("image/jpeg", fakeFile());
    await env.CHAT_HISTORY.delete(`${CLIENT}/consultation`);
    expect((await readConsultation(storageOf(env), CLIENT)).consultation).toBeNull();
    expect((await get(pathOf(link))).status).toBe(404);
  });

  it("ADR-006.10 after a reset the client's media is gone and its old links get 404", async () => {
    await sendThreePhotos();
    const links = observationRequests().map((r) => imagePartsOf(r.messages.at(-1)!.content)[0]!.image_url.url);
    expect((await get(pathOf(links[0]!))).status).toBe(200);

    await sendWebhook(withSid({ ...webhooks["text-es"], Body: "reiniciar" }, "SM00000000000000000000000000000099"));

    for (const link of links) expect((await get(pathOf(link))).status).toBe(404);
    expect((await env.MEDIA_BUCKET.list({ prefix: `${CLIENT}/media/` })).objects).toEqual([]);
  });
});
