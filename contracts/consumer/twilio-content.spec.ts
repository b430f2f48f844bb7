/**
 * ADR 008 and ADR 028.7: the request our content client sends to Twilio's Content API for a
 * template's WhatsApp approval (Basic auth, no body) and the answer it reads, pinned by driving
 * `createContentClient` against Pact's mock Twilio. `npm run doctor` uses it for the console's
 * follow-up template.
 */
import { MatchersV3 } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { createContentClient } from "../../src/twilio/content-client";
import { pactBetween, TWILIO_CONTENT, WORKER } from "../support/pacts";
import { ACCOUNT_SID, AUTH_TOKEN } from "../support/parties";

const { like, regex } = MatchersV3;

const provider = pactBetween(WORKER, TWILIO_CONTENT);
const contentAt = (url: string) => createContentClient({ baseUrl: url, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fetch });
const TEMPLATE_SID = "HXaaaabbbbccccddddeeeeffff00003333";

const fetchApproval = {
  method: "GET",
  path: regex("^/v1/Content/HX[0-9a-fA-F]{32}/ApprovalRequests$", `/v1/Content/${TEMPLATE_SID}/ApprovalRequests`),
  headers: { Authorization: regex("^Basic [A-Za-z0-9+/]+=*$", `Basic ${btoa(`${ACCOUNT_SID}:${AUTH_TOKEN}`)}`) },
};

const approvalAnswer = (status: string, rejectionReason: string) => ({
  status: 200,
  headers: { "Content-Type": regex("^application/json(;.*)?$", "application/json") },
  body: {
    sid: regex("^HX[0-9a-fA-F]{32}$", TEMPLATE_SID),
    account_sid: regex("^AC[0-9a-fA-F]{32}$", ACCOUNT_SID),
    whatsapp: { status: like(status), rejection_reason: like(rejectionReason) },
  },
});

describe("Twilio's Content API, as our content client uses it", () => {
  it("ADR-028.7 a template's WhatsApp approval is read with Basic auth: approved", async () => {
    provider
      .given("the follow-up template is approved for WhatsApp")
      .uponReceiving("a request for a template's WhatsApp approval")
      .withRequest(fetchApproval)
      .willRespondWith(approvalAnswer("approved", ""));
    await provider.executeTest(async (server) => {
      expect(await contentAt(server.url).approval(TEMPLATE_SID)).toEqual({ status: "approved" });
    });
  });

  it("ADR-028.7 a template WhatsApp rejected is read with its reason", async () => {
    provider
      .given("the follow-up template was rejected for WhatsApp")
      .uponReceiving("a request for a rejected template's WhatsApp approval")
      .withRequest(fetchApproval)
      .willRespondWith(approvalAnswer("rejected", "The template is promotional"));
    await provider.executeTest(async (server) => {
      expect(await contentAt(server.url).approval(TEMPLATE_SID)).toEqual({ status: "rejected", rejectionReason: "The template is promotional" });
    });
  });
});
