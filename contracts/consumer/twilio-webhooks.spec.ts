/**
 * ADR 008: Twilio is the consumer of our webhook. These interactions are what Twilio posts for a
 * WhatsApp message (the recorded parameter sets in fixtures/twilio/webhooks) and the empty TwiML
 * it needs back; contracts/provider verifies the real Worker against them.
 */
import { MatchersV3, type V3Request } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { webhooks, type WebhookName } from "../../fixtures/twilio/webhooks";
import { pactBetween, TWILIO_WEBHOOKS, WORKER } from "../support/pacts";
import { ACCOUNT_SID, ASSISTANT_NUMBER, CLIENT_NUMBER } from "../support/parties";
import { postWebhook, STATUS_PATH, WEBHOOK_PATH } from "../support/twilio-webhook";

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

/** A delivery receipt as Twilio posts it to a message's StatusCallback (ADR 016.7). */
export const deliveredReceipt = (twilioSid: string): Record<string, string> => ({
  MessageSid: twilioSid,
  SmsSid: twilioSid,
  MessageStatus: "delivered",
  SmsStatus: "delivered",
  AccountSid: ACCOUNT_SID,
  From: ASSISTANT_NUMBER,
  To: CLIENT_NUMBER,
  ApiVersion: "2010-04-01",
  ChannelPrefix: "whatsapp",
  ChannelInstallSid: "XE00000000000000000000000000000000",
  ChannelToAddress: "+5215512345678",
});

const receiptMatchers: Record<string, (value: string) => unknown> = {
  MessageSid: (v) => regex("^SM[0-9a-f]{32}$", v),
  SmsSid: (v) => regex("^SM[0-9a-f]{32}$", v),
  AccountSid: (v) => regex("^AC[0-9a-f]{32}$", v),
  From: (v) => regex("^whatsapp:\\+[1-9]\\d{6,14}$", v),
  To: (v) => regex("^whatsapp:\\+[1-9]\\d{6,14}$", v),
  ChannelInstallSid: (v) => regex("^XE[0-9a-f]{32}$", v),
  ChannelToAddress: (v) => regex("^\\+[1-9]\\d{6,14}$", v),
};

function receiptRequest(params: Record<string, string>): V3Request {
  return {
    method: "POST",
    path: STATUS_PATH,
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": regex("^[A-Za-z0-9+/]{27}=$", "0123456789abcdefghijklmnopq=") },
    contentType: "application/x-www-form-urlencoded",
    body: Object.fromEntries(Object.entries(params).map(([key, value]) => [key, receiptMatchers[key]?.(value) ?? value])),
  };
}

/** The Twilio SID the provider's stand-in gives the Worker's answer, so that the receipt is for a message it sent. */
export const SENT_SID = "SMaaaabbbbccccddddeeeeffff00003333";

describe("Twilio's delivery receipts, as Twilio posts them to our Worker", () => {
  it("ADR-016.7 a receipt for a message the Worker sent is acknowledged with 200 and an empty body", async () => {
    provider
      .given("the Worker sent a WhatsApp message", { twilioSid: SENT_SID })
      .uponReceiving("a delivery receipt for a message the Worker sent")
      .withRequest(receiptRequest(deliveredReceipt(SENT_SID)))
      .willRespondWith({ status: 200 });
    await provider.executeTest(async (server) => {
      const response = await postWebhook(server.url, deliveredReceipt(SENT_SID), STATUS_PATH);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("");
    });
  });

  it("ADR-016.7 a receipt for a message the Worker did not send is acknowledged the same way", async () => {
    const unknown = "SMffffeeeeddddccccbbbbaaaa99998888";
    provider
      .given("the client has not written before")
      .uponReceiving("a delivery receipt for a message the Worker did not send")
      .withRequest(receiptRequest(deliveredReceipt(unknown)))
      .willRespondWith({ status: 200 });
    await provider.executeTest(async (server) => {
      const response = await postWebhook(server.url, deliveredReceipt(unknown), STATUS_PATH);
      expect(response.status).toBe(200);
    });
  });
});
