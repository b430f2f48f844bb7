/**
 * ADR 008 and ADR 020.1: deleting Twilio's copies, as our deletion client asks for it: DELETE on
 * a Message and on one of its Media resources, with Basic auth and no body; Twilio answers 204,
 * or 20009 while the message is not final yet (retried by the caller's policy, so it is pinned
 * with its code), or 404 when the copy is already gone.
 */
import { MatchersV3 } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import notFinal from "../../fixtures/twilio/api/error-not-final.json";
import { createDeletionClient, TwilioDeleteError } from "../../src/twilio/deletion-client";
import { pactBetween, TWILIO, WORKER } from "../support/pacts";
import { ACCOUNT_SID, AUTH_TOKEN, oneAttempt } from "../support/parties";

const { like, regex } = MatchersV3;

const provider = pactBetween(WORKER, TWILIO);
const deletionsAt = (url: string) => createDeletionClient({ apiBaseUrl: url, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fetch });

const MESSAGE_SID = "MM2c3d4e5f60718293a4b5c6d7e8f90a1b";
const MEDIA_SID = "ME3d4e5f60718293a4b5c6d7e8f90a1b2c";
const basicAuth = { Authorization: regex("^Basic [A-Za-z0-9+/]+=*$", `Basic ${btoa(`${ACCOUNT_SID}:${AUTH_TOKEN}`)}`) };

const deleteMessage = {
  method: "DELETE",
  path: regex("^/2010-04-01/Accounts/AC[0-9a-f]{32}/Messages/(SM|MM)[0-9a-f]{32}\\.json$", `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}.json`),
  headers: basicAuth,
};

const deleteMedia = {
  method: "DELETE",
  path: regex(
    "^/2010-04-01/Accounts/AC[0-9a-f]{32}/Messages/(SM|MM)[0-9a-f]{32}/Media/ME[0-9a-f]{32}\\.json$",
    `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}/Media/${MEDIA_SID}.json`,
  ),
  headers: basicAuth,
};

const twilioError = (status: number, code: number, message: string) => ({
  status,
  headers: { "Content-Type": regex("^application/json(;.*)?$", "application/json") },
  body: { code, message: like(message) },
});

describe("Twilio's Message and Media resources, as our deletion client deletes them", () => {
  it("ADR-020.1 a message is deleted with DELETE and Basic auth, answered 204", async () => {
    provider
      .given("the client's message is final at Twilio")
      .uponReceiving("a request to delete a client's message")
      .withRequest(deleteMessage)
      .willRespondWith({ status: 204 });
    await provider.executeTest(async (server) => {
      expect(await deletionsAt(server.url).deleteMessage(MESSAGE_SID, oneAttempt())).toBe("deleted");
    });
  });

  it("ADR-020.1 a media file is deleted with DELETE on its resource under its message, answered 204", async () => {
    provider
      .given("the client's message has a photo at Twilio")
      .uponReceiving("a request to delete a message's media file")
      .withRequest(deleteMedia)
      .willRespondWith({ status: 204 });
    await provider.executeTest(async (server) => {
      expect(await deletionsAt(server.url).deleteMedia(MESSAGE_SID, MEDIA_SID, oneAttempt())).toBe("deleted");
    });
  });

  it("ADR-020.1 a message that is not final yet is refused with code 20009, which the client reports for a retry", async () => {
    provider
      .given("the client's message is not final yet at Twilio")
      .uponReceiving("a request to delete a message that is not final yet")
      .withRequest(deleteMessage)
      .willRespondWith(twilioError(notFinal.status, notFinal.code, notFinal.message));
    await provider.executeTest(async (server) => {
      const error = await deletionsAt(server.url).deleteMessage(MESSAGE_SID, oneAttempt()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TwilioDeleteError);
      expect(error).toMatchObject({ code: 20009 });
    });
  });

  it("ADR-020.1 a media file that is already gone answers 404, which counts as deleted", async () => {
    provider
      .given("the client's media is already deleted at Twilio")
      .uponReceiving("a request to delete a media file that no longer exists")
      .withRequest(deleteMedia)
      .willRespondWith(twilioError(404, 20404, "The requested resource was not found"));
    await provider.executeTest(async (server) => {
      expect(await deletionsAt(server.url).deleteMedia(MESSAGE_SID, MEDIA_SID, oneAttempt())).toBe("already-gone");
    });
  });
});
