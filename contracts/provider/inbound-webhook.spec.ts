/**
 * ADR 008: our Worker, started locally with wrangler (workerd, local KV and R2) and pointed at
 * local stand-ins for OpenAI and Twilio, honours every interaction Twilio's webhook pact records.
 */
import { Verifier } from "@pact-foundation/pact";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhooks, type WebhookName } from "../../fixtures/twilio/webhooks";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker";
import { startStandIns, type StandIns } from "../../scripts/stand-ins";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { formRequestFilter } from "../support/form-filter";
import { pactFileOf, TWILIO_WEBHOOKS, WORKER } from "../support/pacts";
import { ACCOUNT_SID, ASSISTANT_NUMBER, AUTH_TOKEN, OPENAI_API_KEY, PUBLIC_BASE_URL } from "../support/parties";
import { postWebhook, WEBHOOK_PATH } from "../support/twilio-webhook";
import { SPEC_HANG_MS, PROCESS_WAIT_MS } from "../../spec/support/patience";

let standIns: StandIns;
/** The client's message whose answer the receipt is for. */
const RECEIPT_MESSAGE = "SM0123456789abcdef0123456789abcdef";
let worker: LocalWorker;

beforeAll(async () => {
  standIns = await startStandIns();
  worker = await startLocalWorker({
    vars: {
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_WHATSAPP_NUMBER: ASSISTANT_NUMBER,
      // The webhook fixtures' MediaUrl0 are on api.twilio.com, not on this origin: the Worker
      // refuses to fetch them (ADR 006), so nothing leaves 127.0.0.1.
      TWILIO_API_BASE_URL: standIns.twilioBaseUrl,
      TWILIO_MESSAGING_BASE_URL: standIns.twilioBaseUrl,
      OPENAI_BASE_URL: standIns.openaiBaseUrl,
      OPENAI_API_KEY,
      PUBLIC_BASE_URL,
      LINK_SIGNING_SECRET: "contract-link-signing-secret-0123456789",
      STYLIST_WHATSAPP_NUMBER: "+15550001111",
    },
  });
}, SPEC_HANG_MS);

afterAll(async () => {
  await worker?.stop();
  await standIns?.stop();
});

/** Twilio signs the public URL it called; the verifier calls the local Worker, so sign here, with Twilio's own SDK. */
const signLikeTwilio = formRequestFilter(async (request, params) => {
  const url = `${PUBLIC_BASE_URL}${request.originalUrl ?? request.url}`;
  request.headers["x-twilio-signature"] = getExpectedTwilioSignature(AUTH_TOKEN, url, Object.fromEntries(params));
});

describe("our Worker as the provider of Twilio's webhook", () => {
  it("ADR-008.3 every webhook Twilio's pact records (messages and delivery receipts) gets its 200 from the running Worker", async () => {
    const verifier = new Verifier({
      provider: WORKER,
      providerBaseUrl: worker.url,
      pactUrls: [pactFileOf(TWILIO_WEBHOOKS, WORKER)],
      requestFilter: signLikeTwilio,
      stateHandlers: {
        "the client has not written before": async () => {},
        "the Worker sent a WhatsApp message": async (params) => {
          const sent = standIns.sent.length;
          standIns.nextMessageSid((params as { twilioSid: string }).twilioSid);
          const message = { ...webhooks["text-es"], MessageSid: RECEIPT_MESSAGE, SmsMessageSid: RECEIPT_MESSAGE, SmsSid: RECEIPT_MESSAGE };
          const first = await postWebhook(worker.url, message);
          if (first.status !== 200) throw new Error(`the message to answer got ${first.status}`);
          await standIns.waitForSent(sent + 1, PROCESS_WAIT_MS);
        },
        "Twilio already delivered this MessageSid": async (params) => {
          const name = (params as { webhook: WebhookName }).webhook;
          const first = await postWebhook(worker.url, webhooks[name]);
          if (first.status !== 200) throw new Error(`the first delivery of ${name} got ${first.status}`);
        },
      },
      logLevel: "warn",
    });
    await expect(verifier.verifyProvider()).resolves.toBeDefined();
  });

  it("ADR-008.3 an unsigned delivery of the same webhook is refused, so the verification above depends on the signature", async () => {
    const response = await fetch(`${worker.url}${WEBHOOK_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "0123456789abcdefghijklmnopq=" },
      body: new URLSearchParams(webhooks["text-en"]).toString(),
    });
    expect(response.status).toBe(403);
  });
});
