/**
 * ADR 002.3: input that cannot be a Twilio WhatsApp message gets a clear 4xx and changes
 * nothing: no record, no model call, no reply. A 5xx is never the answer to bad input.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { twilioSignature } from "./support/twilio-signature";
import { expectNoEffect } from "./support/effects";
import { AUTH_TOKEN, webhookRequest, WEBHOOK_URL, withSid } from "./support/twilio";
import { dispatch, sendWebhook } from "./support/worker";

const message = withSid({ ...webhooks["text-es"], Body: "Tengo rizos 3A" }, "SM22223333444455556666777788889999");
const LIMIT = 64 * 1024;

async function respond(request: Request): Promise<Response> {
  const { response, settled } = await dispatch(request);
  await settled;
  return response;
}

/** A correctly signed request whose body is the given raw bytes (Twilio signs the decoded parameters). */
async function signedRawRequest(body: Uint8Array, signedParams: Record<string, string>): Promise<Request> {
  const signature = await twilioSignature(AUTH_TOKEN, WEBHOOK_URL, signedParams);
  return new Request("http://worker.internal/whatsapp/incoming", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body,
  });
}

const paddedTo = (bytes: number) => ({ ...message, Body: "a".repeat(bytes) });

beforeEach(async () => {
  // A conversation in progress: every case below must leave it exactly as it is.
  expect((await sendWebhook(webhooks["text-es"])).status).toBe(200);
});

describe("a body that is not a form", () => {
  for (const contentType of ["application/json", "text/plain", "multipart/form-data; boundary=x", ""]) {
    it(`ADR-002.3 content type ${JSON.stringify(contentType)} gets 415 and changes nothing`, async () => {
      const response = await expectNoEffect(async () => respond(await webhookRequest(message, { contentType })), 415);
      expect(await response.json()).toEqual({ error: expect.stringContaining("application/x-www-form-urlencoded") });
    });
  }

  it("ADR-002.3 the form content type is recognised with a charset parameter and in any case", async () => {
    const response = await respond(await webhookRequest(message, { contentType: "Application/X-WWW-Form-Urlencoded; charset=UTF-8" }));
    expect(response.status).toBe(200);
  });
});

describe("a body over 64 KiB", () => {
  /** The signed request's body as a stream of 8 KiB chunks, with the given headers changed. */
  async function streamed(params: Record<string, string>, contentLength: number | null): Promise<Request> {
    const signed = await webhookRequest(params);
    const bytes = new Uint8Array(await signed.arrayBuffer());
    let offset = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(offset, (offset += 8 * 1024)));
      },
    });
    const headers = new Headers(signed.headers);
    if (contentLength === null) headers.delete("content-length");
    else headers.set("content-length", String(contentLength));
    return new Request(signed.url, { method: "POST", headers, body });
  }

  it("ADR-002.3 declared by Content-Length gets 413 before the body is read, and changes nothing", async () => {
    const signed = await webhookRequest(paddedTo(LIMIT + 1));
    const size = (await signed.clone().arrayBuffer()).byteLength;
    const unreadable = new ReadableStream<Uint8Array>({
      pull() {
        throw new Error("the body of a request declared too large must not be read");
      },
    });
    const headers = new Headers(signed.headers);
    headers.set("content-length", String(size));
    const response = await expectNoEffect(async () => respond(new Request(signed.url, { method: "POST", headers, body: unreadable })), 413);
    expect(await response.json()).toEqual({ error: expect.stringContaining("larger than") });
  });

  it("ADR-002.3 streamed without a Content-Length gets 413 and changes nothing", async () => {
    const request = await streamed(paddedTo(LIMIT * 2), null);
    expect(request.headers.get("content-length")).toBeNull();
    await expectNoEffect(async () => respond(request), 413);
  });

  it("ADR-002.3 streamed with a Content-Length that understates it gets 413 and changes nothing", async () => {
    await expectNoEffect(async () => respond(await streamed(paddedTo(LIMIT * 2), 1_000)), 413);
  });

  it("ADR-002.3 a body of exactly 64 KiB is still accepted", async () => {
    const overhead = new TextEncoder().encode(new URLSearchParams(paddedTo(0)).toString()).length;
    const params = paddedTo(LIMIT - overhead);
    expect(new TextEncoder().encode(new URLSearchParams(params).toString()).length).toBe(LIMIT);
    expect((await respond(await streamed(params, null))).status).toBe(200);
  });
});

describe("a form that is not a WhatsApp message", () => {
  const without = (name: string) => Object.fromEntries(Object.entries(message).filter(([key]) => key !== name));

  it("ADR-002.3 without From gets 400 and changes nothing", async () => {
    const response = await expectNoEffect(async () => respond(await webhookRequest(without("From"))), 400);
    expect(await response.json()).toEqual({ error: "From is missing" });
  });

  it("ADR-002.3 without MessageSid (or its SmsMessageSid alias) gets 400 and changes nothing", async () => {
    const params = Object.fromEntries(Object.entries(message).filter(([key]) => key !== "MessageSid" && key !== "SmsMessageSid"));
    const response = await expectNoEffect(async () => respond(await webhookRequest(params)), 400);
    expect(await response.json()).toEqual({ error: "MessageSid is missing" });
  });

  for (const from of ["+5215512345678", "sms:+5215512345678", "whatsapp:5215512345678", "whatsapp:+52 155 1234 5678", "whatsapp:+"]) {
    it(`ADR-002.3 From ${JSON.stringify(from)} (not whatsapp:+E164) gets 400 and changes nothing`, async () => {
      const response = await expectNoEffect(async () => respond(await webhookRequest({ ...message, From: from })), 400);
      expect(await response.json()).toEqual({ error: expect.stringContaining("WhatsApp address") });
    });
  }

  it("ADR-002.3 a MessageSid that could be a path (../) gets 400 and changes nothing", async () => {
    await expectNoEffect(async () => respond(await webhookRequest({ ...message, MessageSid: "../replies/SM0a1b2c3d" })), 400);
  });
});

describe("a body that is not UTF-8", () => {
  const form = (body: string) => new TextEncoder().encode(new URLSearchParams({ ...message, Body: body }).toString());

  it("ADR-002.3 raw bytes that are not UTF-8 get 400 and change nothing", async () => {
    const valid = form("Hola rizos");
    const at = new TextDecoder().decode(valid).indexOf("Hola");
    const invalid = valid.slice();
    invalid[at] = 0xff; // a byte that never occurs in UTF-8
    const response = await expectNoEffect(async () => respond(await signedRawRequest(invalid, message)), 400);
    expect(await response.json()).toEqual({ error: expect.stringContaining("UTF-8") });
  });

  it("ADR-002.3 percent-encoded bytes that are not UTF-8 get 400 and change nothing", async () => {
    const body = new TextEncoder().encode(new URLSearchParams({ ...message, Body: "PLACEHOLDER" }).toString().replace("PLACEHOLDER", "Hola%C3%28rizos"));
    // Lenient decoding would turn %C3%28 into U+FFFD and record words the client never wrote.
    await expectNoEffect(async () => respond(await signedRawRequest(body, { ...message, Body: "Hola\uFFFD(rizos" })), 400);
  });

  it("ADR-002.3 UTF-8 text, raw or percent-encoded, is recorded exactly", async () => {
    const body = new TextEncoder().encode(new URLSearchParams({ ...message, Body: "PLACEHOLDER" }).toString().replace("PLACEHOLDER", "¿Rizos%20%C3%B1%F0%9F%92%87+ok?"));
    const response = await respond(await signedRawRequest(body, { ...message, Body: "¿Rizos ñ💇 ok?" }));
    expect(response.status).toBe(200);
    const stored = await env.MEDIA_BUCKET.get(`whatsapp:+5215512345678/messages/${message.MessageSid}.json`);
    expect(JSON.parse(await stored!.text()).params.Body).toBe("¿Rizos ñ💇 ok?");
  });
});
