/**
 * ADR 015.3: every setting the answer needs is checked, for presence and for form, before a
 * message is recorded. A missing or malformed one gets 503 naming it and why, and nothing is
 * stored or sent, so a later delivery of the same message (Twilio's retry, the fallback URL) is
 * new once the setting is fixed, and is answered.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { expectNoEffect } from "./support/effects";
import { sentMessages } from "./support/network";
import { copyStorage } from "./support/storage";
import { webhookRequest } from "./support/twilio";
import { dispatchWith } from "./support/worker";

const respondWith = (overrides: Record<string, string>, request: Request): Promise<Response> => dispatchWith({ ...env, ...overrides }, request);

const refusals: Array<{ name: string; value: string; why: string }> = [
  { name: "OPENAI_API_KEY", value: "", why: "missing" },
  { name: "OPENAI_API_KEY", value: "sk-...", why: "a placeholder, not a real value" },
  { name: "TWILIO_AUTH_TOKEN", value: "<your Twilio auth token>", why: "a placeholder, not a real value" },
  { name: "TWILIO_ACCOUNT_SID", value: "AC123", why: "not AC followed by 32 hex digits" },
  { name: "TWILIO_WHATSAPP_NUMBER", value: "+14155238886", why: "not whatsapp:+ and an E.164 number" },
  { name: "STYLIST_WHATSAPP_NUMBER", value: "", why: "missing" },
  { name: "STYLIST_WHATSAPP_NUMBER", value: "Tata", why: "not an E.164 number (digits, e.g. +5215512345678)" },
  { name: "PUBLIC_BASE_URL", value: "http://wa.example.com", why: "not an https origin" },
  { name: "PUBLIC_BASE_URL", value: "https://wa.example.com/whatsapp/incoming", why: "not an origin (it has a path)" },
  { name: "LINK_SIGNING_SECRET", value: "short-secret", why: "too short (at least 16 characters)" },
  { name: "OPENAI_BASE_URL", value: "api.openai.com/v1", why: "not an http(s) URL" },
  { name: "STYLIST_BOOKING_URL", value: "http://book.example.com", why: "not an https URL" },
];

describe("a webhook when a setting the answer needs is missing or malformed", () => {
  for (const { name, value, why } of refusals) {
    it(`ADR-015.3 ${name}=${JSON.stringify(value)} answers 503 naming it and why (${why}), and stores and sends nothing`, async () => {
      const response = await expectNoEffect(async () => respondWith({ [name]: value }, await webhookRequest(webhooks["text-es"])), 503);
      expect(await response.json()).toEqual({ error: `not configured: ${name} (${why})`, settings: [{ name, problem: why }] });
    });
  }

  it("ADR-015.3 names every problem at once", async () => {
    const response = await respondWith({ OPENAI_API_KEY: "", LINK_SIGNING_SECRET: "short" }, await webhookRequest(webhooks["text-es"]));
    expect(response.status).toBe(503);
    expect(((await response.json()) as { settings: Array<{ name: string }> }).settings.map((s) => s.name)).toEqual(["OPENAI_API_KEY", "LINK_SIGNING_SECRET"]);
  });

  it("ADR-015.3 the same message delivered again once the setting is fixed is recorded and answered, once", async () => {
    const refused = await respondWith({ OPENAI_API_KEY: "" }, await webhookRequest(webhooks["text-es"]));
    expect(refused.status).toBe(503);
    expect(Object.keys((await copyStorage()).r2)).toEqual([]);

    const retried = await respondWith({}, await webhookRequest(webhooks["text-es"]));
    expect(retried.status).toBe(200);
    expect(Object.keys((await copyStorage()).r2)).toContain(`whatsapp:+5215512345678/messages/${webhooks["text-es"].MessageSid}.json`);
    expect(sentMessages()).toHaveLength(1);
    expect(sentMessages()[0]!.To).toBe("whatsapp:+5215512345678");
  });
});
