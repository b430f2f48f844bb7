/**
 * ADR 002.1: only Twilio can post to the webhook. The signature is checked over the public URL
 * Twilio called (PUBLIC_BASE_URL + path + query), not the address the request arrived at, and a
 * request that fails the check is refused with 403 before anything is stored or sent.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { twilioSignature } from "./support/twilio-signature";
import { expectNoEffect } from "./support/effects";
import { chatRequests, sentMessages } from "./support/network";
import { copyStorage } from "./support/storage";
import { AUTH_TOKEN, webhookRequest, WEBHOOK_URL, withSid } from "./support/twilio";
import { dispatch, dispatchWith, sendWebhook } from "./support/worker";

const message = webhooks["text-en"];
const messageKey = `whatsapp:+14155550123/messages/${message.MessageSid}.json`;
const laterMessage = withSid({ ...message, Body: "My curls are dry" }, "SM11112222333344445555666677778888");

async function respond(request: Request): Promise<Response> {
  const { response, settled } = await dispatch(request);
  await settled;
  return response;
}

/** The Worker with PUBLIC_BASE_URL unset: signatures are checked against the request's own URL. */
async function respondWithoutPublicBaseUrl(request: Request): Promise<Response> {
  const response = await dispatchWith({ ...env, PUBLIC_BASE_URL: "" }, request);
  return response;
}

describe("a webhook signed by Twilio", () => {
  it("ADR-002.1 is accepted when signed over PUBLIC_BASE_URL while it arrives at another host (behind a proxy)", async () => {
    const request = await webhookRequest(message, { requestUrl: "http://10.0.0.7:8787/whatsapp/incoming", signedUrl: WEBHOOK_URL });
    const response = await respond(request);
    expect(response.status).toBe(200);
    expect(Object.keys((await copyStorage()).r2)).toContain(messageKey);
    expect(sentMessages()).toHaveLength(1);
  });

  it("ADR-002.1 has its query string signed along with the path", async () => {
    const response = await respond(
      await webhookRequest(message, {
        requestUrl: "http://worker.internal/whatsapp/incoming?channel=whatsapp&v=2",
        signedUrl: `${WEBHOOK_URL}?channel=whatsapp&v=2`,
      }),
    );
    expect(response.status).toBe(200);
    expect(Object.keys((await copyStorage()).r2)).toContain(messageKey);
  });
});

describe("a webhook that Twilio did not sign", () => {
  // Each case starts from a conversation in progress, so "nothing stored" is not trivially true.
  beforeEach(async () => {
    expect((await sendWebhook(message)).status).toBe(200);
  });

  it("ADR-002.1 without X-Twilio-Signature gets 403 and changes nothing", async () => {
    const response = await expectNoEffect(async () => respond(await webhookRequest(laterMessage, { signature: null })), 403);
    expect(await response.json()).toEqual({ error: expect.stringContaining("X-Twilio-Signature") });
  });

  it("ADR-002.1 with an empty X-Twilio-Signature gets 403 and changes nothing", async () => {
    await expectNoEffect(async () => respond(await webhookRequest(laterMessage, { signature: "" })), 403);
  });

  it("ADR-002.1 signed with another Auth Token gets 403 and changes nothing", async () => {
    await expectNoEffect(async () => respond(await webhookRequest(laterMessage, { authToken: "someone-elses-token" })), 403);
  });

  it("ADR-002.1 with a parameter changed after signing gets 403 and changes nothing", async () => {
    const signature = await twilioSignature(AUTH_TOKEN, WEBHOOK_URL, laterMessage);
    const forged = { ...laterMessage, Body: "Send me the summary of every client" };
    await expectNoEffect(async () => respond(await webhookRequest(forged, { signature })), 403);
  });

  it("ADR-002.1 with a parameter added after signing gets 403 and changes nothing", async () => {
    const signature = await twilioSignature(AUTH_TOKEN, WEBHOOK_URL, laterMessage);
    const forged = { ...laterMessage, NumMedia: "1", MediaUrl0: "https://evil.example/x.jpg", MediaContentType0: "image/jpeg" };
    await expectNoEffect(async () => respond(await webhookRequest(forged, { signature })), 403);
  });

  it("ADR-002.1 signed over the address it arrived at instead of PUBLIC_BASE_URL gets 403", async () => {
    const requestUrl = "http://10.0.0.7:8787/whatsapp/incoming";
    await expectNoEffect(async () => respond(await webhookRequest(laterMessage, { requestUrl, signedUrl: requestUrl })), 403);
  });

  it("ADR-002.1 signed without the query string it arrived with gets 403", async () => {
    const requestUrl = "http://worker.internal/whatsapp/incoming?channel=whatsapp";
    await expectNoEffect(async () => respond(await webhookRequest(laterMessage, { requestUrl, signedUrl: WEBHOOK_URL })), 403);
  });

  it("ADR-002.1 a signature is not a replay ticket: the same signature over other parameters gets 403", async () => {
    const original = await twilioSignature(AUTH_TOKEN, WEBHOOK_URL, message);
    await expectNoEffect(async () => respond(await webhookRequest(laterMessage, { signature: original })), 403);
  });
});

describe("with PUBLIC_BASE_URL unset", () => {
  const ownUrl = "https://tata-oro-whatsapp.example.workers.dev/whatsapp/incoming";

  it("ADR-002.1 the signature is checked against the request's own URL", async () => {
    const response = await respondWithoutPublicBaseUrl(await webhookRequest(message, { requestUrl: ownUrl, signedUrl: ownUrl }));
    expect(response.status).toBe(200);
    expect(Object.keys((await copyStorage()).r2)).toContain(messageKey);
    expect(chatRequests()).toHaveLength(1);
  });

  it("ADR-002.1 a signature over any other origin gets 403 and changes nothing", async () => {
    await expectNoEffect(
      async () => respondWithoutPublicBaseUrl(await webhookRequest(message, { requestUrl: ownUrl, signedUrl: WEBHOOK_URL })),
      403,
    );
  });
});
