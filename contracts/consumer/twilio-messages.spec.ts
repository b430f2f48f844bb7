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

const STATUS_CALLBACK = "https://wa.example.com/whatsapp/status";
const authorized = {
  Authorization: regex("^Basic [A-Za-z0-9+/]+=*$", `Basic ${btoa(`${ACCOUNT_SID}:${AUTH_TOKEN}`)}`),
  "Content-Type": "application/x-www-form-urlencoded",
};
const created = {
  status: 201,
  headers: { "Content-Type": regex("^application/json(;.*)?$", "application/json") },
  body: { sid: regex("^SM[0-9a-f]{32}$", "SMaaaabbbbccccddddeeeeffff00004444"), status: like("queued") },
};

describe("Twilio's Messages API, as our messages client uses it", () => {
  it("ADR-028.5 the stylist's own reply: To, From, Body and the StatusCallback her ticks come from", async () => {
    const hers = { ...reply, body: "Hola Mariana, soy Tata: te espero el martes a las 10.", statusCallback: STATUS_CALLBACK };
    provider
      .given("the account can send WhatsApp messages to the client")
      .uponReceiving("a request to send the stylist's own WhatsApp reply with a status callback")
      .withRequest({
        ...createMessage,
        headers: authorized,
        body: { To: regex(WHATSAPP_ADDRESS, hers.to), From: regex(WHATSAPP_ADDRESS, hers.from), Body: like(hers.body), StatusCallback: regex("^https://.+/whatsapp/status$", STATUS_CALLBACK) },
      })
      .willRespondWith(created);
    await provider.executeTest(async (server) => {
      expect(await messagesAt(server.url).send(hers, oneAttempt())).toEqual({ sid: "SMaaaabbbbccccddddeeeeffff00004444", status: "queued" });
    });
  });

  it("ADR-028.7 the follow-up template: ContentSid and ContentVariables (JSON), no Body", async () => {
    const template = { to: reply.to, from: reply.from, contentSid: "HXaaaabbbbccccddddeeeeffff00003333", contentVariables: JSON.stringify({ 1: "Mariana" }), statusCallback: STATUS_CALLBACK };
    provider
      .given("the account can send WhatsApp messages to the client")
      .uponReceiving("a request to send the follow-up template after the 24-hour window")
      .withRequest({
        ...createMessage,
        headers: authorized,
        body: {
          To: regex(WHATSAPP_ADDRESS, template.to),
          From: regex(WHATSAPP_ADDRESS, template.from),
          ContentSid: regex("^HX[0-9a-fA-F]{32}$", template.contentSid),
          ContentVariables: like(template.contentVariables),
          StatusCallback: regex("^https://.+/whatsapp/status$", STATUS_CALLBACK),
        },
      })
      .willRespondWith(created);
    await provider.executeTest(async (server) => {
      expect(await messagesAt(server.url).send(template, oneAttempt())).toEqual({ sid: "SMaaaabbbbccccddddeeeeffff00004444", status: "queued" });
    });
  });

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
