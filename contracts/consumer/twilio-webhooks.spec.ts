/**
 * ADR 008: Twilio is the consumer of our webhook. These interactions are what Twilio posts for a
 * WhatsApp message (the recorded parameter sets in fixtures/twilio/webhooks) and the empty TwiML
 * it needs back; contracts/provider verifies the real Worker against them.
 */
import { MatchersV3, type V3Request } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { webhooks, type WebhookName } from "../../fixtures/twilio/webhooks";
import { pactBetween, TWILIO_WEBHOOKS, WORKER } from "../support/pacts";
import { postWebhook, WEBHOOK_PATH } from "../support/twilio-webhook";

const { like, regex } = MatchersV3;

const provider = pactBetween(TWILIO_WEBHOOKS, WORKER);

/** What varies from message to message is matched by shape; what the Worker branches on is exact. */
const paramMatchers: Record<string, (value: string) => unknown> = {
  MessageSid: (v) => regex("^(SM|MM)[0-9a-f]{32}$", v),
  SmsMessageSid: (v) => regex("^(SM|MM)[0-9a-f]{32}$", v),
  SmsSid: (v) => regex("^(SM|MM)[0-9a-f]{32}$", v),
  AccountSid: (v) => regex("^AC[0-9a-f]{32}$", v),
  From: (v) => regex("^whatsapp:\\+[1-9]\\d{6,14}$", v),
  To: (v) => regex("^whatsapp:\\+[1-9]\\d{6,14}$", v),
  WaId: (v) => regex("^[1-9]\\d{6,14}$", v),
  Body: (v) => like(v),
  ProfileName: (v) => like(v),
  MediaUrl0: (v) => regex("^https://api\\.twilio\\.com/2010-04-01/Accounts/AC[0-9a-f]{32}/Messages/MM[0-9a-f]{32}/Media/ME[0-9a-f]{32}$", v),
};

function webhookRequest(name: WebhookName): V3Request {
  const params: Record<string, string> = webhooks[name];
  return {
    method: "POST",
    path: WEBHOOK_PATH,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      // Computed over the Worker's public URL and the Auth Token, so recomputed when verifying.
      "X-Twilio-Signature": regex("^[A-Za-z0-9+/]{27}=$", "0123456789abcdefghijklmnopq="),
    },
    contentType: "application/x-www-form-urlencoded",
    body: Object.fromEntries(Object.entries(params).map(([key, value]) => [key, paramMatchers[key]?.(value) ?? value])),
  };
}

const emptyTwiml = {
  status: 200,
  headers: { "Content-Type": regex("^text/xml(;.*)?$", "text/xml; charset=utf-8") },
  contentType: "text/xml",
  body: "<Response/>",
};

const deliveries: Array<{ name: WebhookName; state: string; description: string }> = [
  { name: "text-en", state: "the client has not written before", description: "a WhatsApp text message" },
  { name: "photo", state: "the client has not written before", description: "a WhatsApp photo with a caption" },
  { name: "voice-note", state: "the client has not written before", description: "a WhatsApp voice note" },
  { name: "text-es", state: "Twilio already delivered this MessageSid", description: "a retry of a WhatsApp message already delivered" },
];

describe("Twilio's inbound webhook, as Twilio sends it to our Worker", () => {
  for (const { name, state, description } of deliveries) {
    it(`ADR-008.3 ${description} is acknowledged with 200 and empty TwiML`, async () => {
      provider.given(state, { webhook: name }).uponReceiving(description).withRequest(webhookRequest(name)).willRespondWith(emptyTwiml);
      await provider.executeTest(async (server) => {
        const response = await postWebhook(server.url, webhooks[name]);
        expect(response.status).toBe(200);
        expect(await response.text()).toBe("<Response/>");
      });
    });
  }
});
