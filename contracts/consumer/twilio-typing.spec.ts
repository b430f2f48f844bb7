/**
 * ADR 008 and ADR 016.6: the typing indicator request our client sends to Twilio's messaging API
 * (form-encoded `messageId` and `channel`, Basic auth) and the answers it reads, pinned by driving
 * `createTypingIndicator` against Pact's mock Twilio.
 */
import { MatchersV3 } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { createTypingIndicator } from "../../src/twilio/typing-indicator";
import { pactBetween, TWILIO_MESSAGING, WORKER } from "../support/pacts";
import { ACCOUNT_SID, AUTH_TOKEN } from "../support/parties";

const { like, regex } = MatchersV3;

const provider = pactBetween(WORKER, TWILIO_MESSAGING);
const typingAt = (url: string) => createTypingIndicator({ messagingBaseUrl: url, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fetch, timeoutMs: 5000 });
const INBOUND_SID = "SMaaaabbbbccccddddeeeeffff00002222";

const showTyping = {
  method: "POST",
  path: "/v2/Indicators/Typing.json",
  headers: {
    Authorization: regex("^Basic [A-Za-z0-9+/]+=*$", `Basic ${btoa(`${ACCOUNT_SID}:${AUTH_TOKEN}`)}`),
    "Content-Type": "application/x-www-form-urlencoded",
  },
  contentType: "application/x-www-form-urlencoded",
  body: { messageId: regex("^(SM|MM)[0-9a-f]{32}$", INBOUND_SID), channel: "whatsapp" },
};

describe("Twilio's typing indicator, as our client uses it", () => {
  it("ADR-016.6 \"typing…\" is shown on the client's message: messageId and channel=whatsapp, form-encoded, with Basic auth", async () => {
    provider
      .given("the client's WhatsApp message was received")
      .uponReceiving("a request to show the typing indicator on the client's message")
      .withRequest(showTyping)
      .willRespondWith({
        status: 200,
        headers: { "Content-Type": regex("^application/json(;.*)?$", "application/json") },
        body: { success: like(true) },
      });
    await provider.executeTest(async (server) => {
      expect(await typingAt(server.url).show(INBOUND_SID)).toEqual({ ok: true });
    });
  });

  it("ADR-016.6 a refusal is reported, never thrown: the answer goes on without \"typing…\"", async () => {
    provider
      .given("the client's message is too old for a typing indicator")
      .uponReceiving("a request to show the typing indicator on an old message")
      .withRequest(showTyping)
      .willRespondWith({
        status: 400,
        headers: { "Content-Type": regex("^application/json(;.*)?$", "application/json") },
        body: { code: like(21211), message: like("Invalid messageId"), status: 400 },
      });
    await provider.executeTest(async (server) => {
      expect(await typingAt(server.url).show(INBOUND_SID)).toEqual({ ok: false, reason: "HTTP 400" });
    });
  });
});
