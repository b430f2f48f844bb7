/**
 * ADR 008: the Messages API requests our messages client sends (form-encoded, Basic auth) and the
 * answers and errors it reads, pinned by driving `createMessagesClient` against Pact's mock Twilio.
 */
import { MatchersV3 } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { createMessagesClient, TwilioSendError } from "../../src/twilio/messages-client";
import { pactBetween, TWILIO, WORKER } from "../support/pacts";
import { ACCOUNT_SID, ASSISTANT_NUMBER, AUTH_TOKEN, CLIENT_NUMBER, oneAttempt } from "../support/parties";

const { like, regex } = MatchersV3;

const provider = pactBetween(WORKER, TWILIO);
const messagesAt = (url: string) => createMessagesClient({ apiBaseUrl: url, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fetch });

const WHATSAPP_ADDRESS = "^whatsapp:\\+[1-9]\\d{6,14}$";
const reply = { to: CLIENT_NUMBER, from: ASSISTANT_NUMBER, body: "¡Qué gusto saludarte! ¿Me envías una foto de tu cabello?" };

const createMessage = {
  method: "POST",
  path: regex("^/2010-04-01/Accounts/AC[0-9a-f]{32}/Messages\\.json$", `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`),
  headers: {
    Authorization: regex("^Basic [A-Za-z0-9+/]+=*$", `Basic ${btoa(`${ACCOUNT_SID}:${AUTH_TOKEN}`)}`),
    "Content-Type": "application/x-www-form-urlencoded",
  },
  contentType: "application/x-www-form-urlencoded",
  body: { To: regex(WHATSAPP_ADDRESS, reply.to), From: regex(WHATSAPP_ADDRESS, reply.from), Body: like(reply.body) },
};

const twilioError = (status: number, code: number, message: string) => ({
  status,
  headers: { "Content-Type": regex("^application/json(;.*)?$", "application/json") },
  body: { code, message: like(message) },
});

describe("Twilio's Messages API, as our messages client uses it", () => {
  it("ADR-008.1 a reply is created with To, From and Body, form-encoded, with Basic auth", async () => {
    provider
      .given("the account can send WhatsApp messages to the client")
      .uponReceiving("a request to send a WhatsApp reply")
      .withRequest(createMessage)
      .willRespondWith({
        status: 201,
        headers: { "Content-Type": regex("^application/json(;.*)?$", "application/json") },
        body: { sid: regex("^SM[0-9a-f]{32}$", "SMaaaabbbbccccddddeeeeffff00001111"), status: like("queued") },
      });
    await provider.executeTest(async (server) => {
      const sent = await messagesAt(server.url).send(reply, oneAttempt());
      expect(sent).toEqual({ sid: "SMaaaabbbbccccddddeeeeffff00001111", status: "queued" });
    });
  });

  it("ADR-008.1 429 (code 20429) is reported with its code so the send can be retried", async () => {
    provider
      .given("the account is sending too many requests")
      .uponReceiving("a request to send a WhatsApp reply while throttled")
      .withRequest(createMessage)
      .willRespondWith(twilioError(429, 20429, "Too Many Requests"));
    await provider.executeTest(async (server) => {
      const error = await messagesAt(server.url).send(reply, oneAttempt()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TwilioSendError);
      expect(error).toMatchObject({ status: 429, code: 20429 });
    });
  });

  it("ADR-008.1 400 (code 63016, outside the 24-hour window) is reported with its code and message", async () => {
    const message = "Failed to send freeform message because you are outside the allowed window.";
    provider
      .given("the client has not written in the last 24 hours")
      .uponReceiving("a request to send a WhatsApp reply outside the 24-hour window")
      .withRequest(createMessage)
      .willRespondWith(twilioError(400, 63016, message));
    await provider.executeTest(async (server) => {
      const error = await messagesAt(server.url).send(reply, oneAttempt()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TwilioSendError);
      expect(error).toMatchObject({ status: 400, code: 63016 });
      expect((error as Error).message).toContain(message);
    });
  });
});
