/**
 * ADR 030.3: rotating Twilio's auth token without refusing Twilio. During a rotation Twilio signs
 * with the old token until the new one is promoted, then with the new one; the Worker accepts a
 * signature made with either TWILIO_AUTH_TOKEN or TWILIO_AUTH_TOKEN_SECONDARY, on the inbound
 * webhook and on delivery receipts, and calls Twilio with TWILIO_AUTH_TOKEN only.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { expectNoEffect } from "./support/effects";
import { callsTo, MESSAGES_PATH, sentMessages, TWILIO } from "./support/network";
import { copyStorage } from "./support/storage";
import { AUTH_TOKEN, PUBLIC_BASE_URL, webhookRequest, withSid } from "./support/twilio";
import { twilioSignature } from "./support/twilio-signature";
import { dispatch, dispatchWith } from "./support/worker";

const OLD_TOKEN = "0123456789abcdef0123456789abcdef";
const message = webhooks["text-es"];
const later = withSid({ ...message, Body: "Tengo el pelo seco" }, "SM99990000111122223333444455556666");
const duringRotation = { ...env, TWILIO_AUTH_TOKEN_SECONDARY: OLD_TOKEN } as typeof env;
const inbound = (sid: string) => `${message.From}/messages/${sid}.json`;

describe("rotating the Twilio auth token", () => {
  it("ADR-030.3 with TWILIO_AUTH_TOKEN_SECONDARY set, a webhook signed with either token is accepted and answered", async () => {
    const byOld = await dispatchWith(duringRotation, await webhookRequest(message, { authToken: OLD_TOKEN }));
    expect(byOld.status).toBe(200);
    const byNew = await dispatchWith(duringRotation, await webhookRequest(later, { authToken: AUTH_TOKEN }));
    expect(byNew.status).toBe(200);
    const keys = Object.keys((await copyStorage()).r2);
    expect(keys).toEqual(expect.arrayContaining([inbound(message.MessageSid), inbound(later.MessageSid)]));
    expect(sentMessages()).toHaveLength(2);
  });

  it("ADR-030.3 sends still authenticate with TWILIO_AUTH_TOKEN only, never the secondary", async () => {
    await dispatchWith(duringRotation, await webhookRequest(message, { authToken: OLD_TOKEN }));
    const basic = `Basic ${btoa(`${env.TWILIO_ACCOUNT_SID}:${AUTH_TOKEN}`)}`;
    expect(callsTo(`${TWILIO}${MESSAGES_PATH}`).map((c) => c.headers.authorization)).toEqual([basic]);
  });

  it("ADR-030.3 without the secondary setting, the old token's signature is refused (403, nothing stored)", async () => {
    await expectNoEffect(async () => {
      const { response, settled } = await dispatch(await webhookRequest(message, { authToken: OLD_TOKEN }));
      await settled;
      return response;
    }, 403);
  });

  it("ADR-030.3 a delivery receipt signed with the secondary token is accepted too", async () => {
    const params = { MessageSid: "SM" + "e".repeat(32), SmsSid: "SM" + "e".repeat(32), MessageStatus: "delivered", SmsStatus: "delivered", AccountSid: env.TWILIO_ACCOUNT_SID, To: message.From, From: env.TWILIO_WHATSAPP_NUMBER };
    const request = (token: string) =>
      twilioSignature(token, `${PUBLIC_BASE_URL}/whatsapp/status`, params).then(
        (signature) => new Request("http://worker.internal/whatsapp/status", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }, body: new URLSearchParams(params).toString() }),
      );
    expect((await dispatchWith(duringRotation, await request(OLD_TOKEN))).status).toBe(200);
    expect((await dispatchWith(env, await request(OLD_TOKEN))).status).toBe(403);
  });
});
