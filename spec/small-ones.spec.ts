/**
 * ADR 029.3: the small ones of the second review. A media link's file is never kept in a
 * browser's cache (`no-store`: a revoked link stops showing at once, even offline); whenever
 * TWILIO_AUTH_TOKEN is set, an unsigned caller of a webhook learns nothing about the Worker's
 * settings: the signature is checked before a missing setting is named.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { mediaResponse } from "../src/media/media-response";
import { expectNoEffect } from "./support/effects";
import { PUBLIC_BASE_URL, webhookRequest } from "./support/twilio";
import { dispatchWith } from "./support/worker";

describe("the small ones", () => {
  it("ADR-029.3 a media file is served private, no-store", () => {
    const object = { key: "whatsapp:+5215512345678/media/x.jpg", size: 1, body: new Response("a").body, httpMetadata: { contentType: "image/jpeg" } } as unknown as R2ObjectBody;
    expect(mediaResponse(object).headers.get("cache-control")).toBe("private, no-store");
  });

  for (const path of ["/whatsapp/incoming", "/whatsapp/status"]) {
    it(`ADR-029.3 ${path}: with TWILIO_AUTH_TOKEN set, a bad or missing signature gets 403 before any missing setting is named`, async () => {
      for (const signature of [null, "bm90IGEgc2lnbmF0dXJl"]) {
        const request = await webhookRequest(webhooks["text-es"], { signature, requestUrl: `http://worker.internal${path}`, signedUrl: `${PUBLIC_BASE_URL}${path}` });
        const response = await expectNoEffect(() => dispatchWith({ ...env, TWILIO_ACCOUNT_SID: "", LINK_SIGNING_SECRET: "" }, request), 403);
        const body = await response.text();
        expect(body).not.toMatch(/TWILIO_ACCOUNT_SID|LINK_SIGNING_SECRET|not configured/);
      }
    });
  }

  it("ADR-029.3 a signed webhook still hears which setting is missing", async () => {
    const response = await dispatchWith({ ...env, TWILIO_ACCOUNT_SID: "" }, await webhookRequest(webhooks["text-es"]));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: "not configured: TWILIO_ACCOUNT_SID (missing)" });
  });
});
