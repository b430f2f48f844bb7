/**
 * ADR 016.7: delivery receipts. Every message the Worker sends names `POST /whatsapp/status` as its
 * status callback; Twilio calls it, signed, out of order and more than once. A receipt is recorded
 * once per message and status, only for a message we sent, and the summary page shows how far each
 * answer got: the furthest state reached, and a failure always, with its code in plain words.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { loadConfig } from "../src/config/settings";
import { storageOf } from "../src/storage/bucket";
import { readConsultation } from "../src/storage/consultation";
import type { ClientKey } from "../src/storage/keys";
import { conversationIdFor } from "../src/summary/conversation-id";
import { answerFor } from "./support/answers";
import { expectNoEffect } from "./support/effects";
import { parseHtml } from "./support/html";
import { bucketEnv, listingEnv } from "./support/recording-env";
import { copyStorage } from "./support/storage";
import { HttpResponse } from "msw";
import { burstTiming } from "../src/reply/reply-job";
import { answer, MESSAGES_PATH, network, OPENAI, sentMessages, TWILIO } from "./support/network";
import { AUTH_TOKEN, messageSid, PUBLIC_BASE_URL, withSid } from "./support/twilio";
import { twilioSignature } from "./support/twilio-signature";
import { clock, dispatch, dispatchWith, get, sendWebhook } from "./support/worker";
import { loggedEvents } from "./support/logged";

const CLIENT = webhooks["text-es"].From as ClientKey;
const STATUS_URL = `${PUBLIC_BASE_URL}/whatsapp/status`;

/** A status callback as Twilio posts it for one of our messages. */
function callback(twilioSid: string, status: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    MessageSid: twilioSid,
    SmsSid: twilioSid,
    MessageStatus: status,
    SmsStatus: status,
    AccountSid: "AC00000000000000000000000000000000",
    From: "whatsapp:+14155238886",
    To: CLIENT,
    ApiVersion: "2010-04-01",
    ChannelPrefix: "whatsapp",
    ...extra,
  };
}

async function statusRequest(params: Record<string, string>, signature?: string | null): Promise<Request> {
  const headers = new Headers({ "content-type": "application/x-www-form-urlencoded" });
  const signed = signature === undefined ? await twilioSignature(AUTH_TOKEN, STATUS_URL, params) : signature;
  if (signed !== null) headers.set("x-twilio-signature", signed);
  return new Request("http://worker.internal/whatsapp/status", { method: "POST", headers, body: new URLSearchParams(params).toString() });
}

async function post(params: Record<string, string>, signature?: string | null): Promise<Response> {
  const { response, settled } = await dispatch(await statusRequest(params, signature));
  await settled;
  return response;
}

/** One answered message: the Twilio SID of the answer's one part. */
async function answered(): Promise<string> {
  await sendWebhook(webhooks["text-es"]);
  const twilioSid = (await answerFor(CLIENT, webhooks["text-es"].MessageSid)).parts[0]!.twilioSid!;
  expect(twilioSid).toMatch(/^SM[0-9a-f]{32}$/);
  return twilioSid;
}

/** The delivery shown on the summary page for the (only) answer. */
async function shownDelivery(): Promise<{ state: string; text: string }> {
  const consultation = (await readConsultation(storageOf(env), CLIENT)).consultation!;
  const id = await conversationIdFor(loadConfig(env).linkSigningSecret, CLIENT, consultation);
  const { elements, texts } = await parseHtml(await (await get(`/summary/${id}`)).text(), [".delivery"]);
  const states = elements.filter((e) => e.attributes.class === "delivery").map((e) => e.attributes["data-delivery"]!);
  expect(states).toHaveLength(1);
  return { state: states[0]!, text: texts[".delivery"]![0]! };
}

/**
 * Twilio calls back before its answer to the send reaches the Worker: the message's "sent" receipt
 * is posted while the part is on its way, and the send's answer comes `answerAfterMs` later (virtual
 * time). The answer's one part's Twilio SID and the receipt's answer.
 */
async function receiptBeforeSendAnswer(answerAfterMs: number): Promise<{ sid: string; receiptStatus: number; postedAt: number }> {
  const sid = messageSid(0x7e57);
  let receipt: Promise<{ response: Response; settled: Promise<void> }> | undefined;
  let postedAt = 0;
  network.use(
    answer("post", `${TWILIO}${MESSAGES_PATH}`, async () => {
      postedAt = clock.now();
      receipt = statusRequest(callback(sid, "sent")).then((request) => dispatch(request));
      await (await receipt).response;
      await clock.sleep(answerAfterMs);
      return HttpResponse.json({ sid, status: "queued" }, { status: 201 });
    }),
  );
  await sendWebhook(webhooks["text-es"]);
  const { response, settled } = await receipt!;
  await settled;
  expect((await answerFor(CLIENT, webhooks["text-es"].MessageSid)).parts.map((p) => p.twilioSid)).toEqual([sid]);
  return { sid, receiptStatus: response.status, postedAt };
}

const receiptKeys = async () => Object.keys((await copyStorage()).r2).filter((key) => key.startsWith(`${CLIENT}/receipts/`)).sort();

describe("the status callback", () => {
  it("ADR-016.7 every message the Worker sends names it: StatusCallback is the public origin's /whatsapp/status", async () => {
    await answered();
    expect(sentMessages(true).map((m) => m.StatusCallback)).toEqual([STATUS_URL]);
  });

  it("ADR-016.7 a signed receipt is recorded once and answered 200 with an empty body; the page shows it", async () => {
    const sid = await answered();
    expect((await shownDelivery()).state).toBe("sent");
    const response = await post(callback(sid, "delivered"));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(await receiptKeys()).toEqual([`${CLIENT}/receipts/${sid}-delivered.json`]);
    expect(await shownDelivery()).toEqual({ state: "delivered", text: "entregado ✓✓" });
  });

  it("ADR-016.7 unsigned or forged: 403, nothing stored, nothing called", async () => {
    const sid = await answered();
    await expectNoEffect(async () => post(callback(sid, "read"), null), 403);
    await expectNoEffect(async () => post(callback(sid, "read"), await twilioSignature("not-the-token", STATUS_URL, callback(sid, "read"))), 403);
    const signedForDelivered = await twilioSignature(AUTH_TOKEN, STATUS_URL, callback(sid, "delivered"));
    await expectNoEffect(async () => post(callback(sid, "read"), signedForDelivered), 403);
    expect(await receiptKeys()).toEqual([]);
  });

  it("ADR-016.7 out of order and repeated: one record per status, and the page shows the furthest reached", async () => {
    const sid = await answered();
    for (const status of ["read", "sent", "delivered", "delivered", "read", "queued"]) expect((await post(callback(sid, status))).status).toBe(200);
    expect(await receiptKeys()).toEqual(["delivered", "queued", "read", "sent"].map((s) => `${CLIENT}/receipts/${sid}-${s}.json`));
    expect(await shownDelivery()).toEqual({ state: "read", text: "leído ✓✓" });
  });

  it("ADR-016.7 a receipt whose To comes with blanks around the address is recorded under that client", async () => {
    const sid = await answered();
    expect((await post(callback(sid, "delivered", { To: ` ${CLIENT}\n` }))).status).toBe(200);
    expect(await receiptKeys()).toEqual([`${CLIENT}/receipts/${sid}-delivered.json`]);
    expect(await shownDelivery()).toEqual({ state: "delivered", text: "entregado ✓✓" });
  });

  it("ADR-016.7 a receipt for a message we did not send: 200, nothing stored", async () => {
    await answered();
    const before = await copyStorage();
    const response = await post(callback("SM" + "e".repeat(32), "delivered"));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(await copyStorage()).toEqual(before);
  });

  it("ADR-016.7 a failed delivery (63016) always shows, with its code and what it means, whatever came before or after", async () => {
    const sid = await answered();
    await post(callback(sid, "sent"));
    await post(callback(sid, "failed", { ErrorCode: "63016", ErrorMessage: "Failed to send freeform message because you are outside the allowed window." }));
    await post(callback(sid, "delivered"));
    const shown = await shownDelivery();
    expect(shown.state).toBe("not-delivered");
    expect(shown.text).toBe("no entregado (63016: fuera de la ventana de 24 horas de WhatsApp: la clienta tiene que escribir primero)");
    const failed = JSON.parse(await (await env.MEDIA_BUCKET.get(`${CLIENT}/receipts/${sid}-failed.json`))!.text());
    expect(failed).toMatchObject({ v: 1, twilioSid: sid, status: "failed", errorCode: "63016" });
  });

  it("ADR-016.7 an undelivered message (63024) shows as not delivered, with its code and what it means, never as sent or delivered", async () => {
    const sid = await answered();
    await post(callback(sid, "sent"));
    await post(callback(sid, "undelivered", { ErrorCode: "63024", ErrorMessage: "Invalid message recipient" }));
    const shown = await shownDelivery();
    expect(shown).toEqual({ state: "not-delivered", text: "no entregado (63024: WhatsApp no acepta mensajes para este número)" });
    await post(callback(sid, "delivered"));
    expect(await shownDelivery()).toEqual(shown);
    const undelivered = JSON.parse(await (await env.MEDIA_BUCKET.get(`${CLIENT}/receipts/${sid}-undelivered.json`))!.text());
    expect(undelivered).toMatchObject({ v: 1, twilioSid: sid, status: "undelivered", errorCode: "63024" });
  });

  it("ADR-016.7 a receipt that comes back while its part is on its way waits for the send's outcome, and is recorded", async () => {
    const { sid, receiptStatus, postedAt } = await receiptBeforeSendAnswer(3001);
    expect(receiptStatus).toBe(200);
    expect(await receiptKeys()).toEqual([`${CLIENT}/receipts/${sid}-sent.json`]);
    // Recorded at its first look after the outcome landed: it looks again every pollMs.
    const recordedAt = postedAt + Math.ceil(3001 / burstTiming.pollMs) * burstTiming.pollMs;
    const record = JSON.parse(await (await env.MEDIA_BUCKET.get(`${CLIENT}/receipts/${sid}-sent.json`))!.text());
    expect(record).toEqual({ v: 1, twilioSid: sid, status: "sent", at: new Date(recordedAt).toISOString() });
  });

  it("ADR-016.7 the wait is bounded: a receipt whose part's outcome is recorded later than orderWaitMs after it arrived is dropped", async () => {
    const { receiptStatus } = await receiptBeforeSendAnswer(burstTiming.orderWaitMs + 1);
    expect(receiptStatus).toBe(200);
    expect(await receiptKeys()).toEqual([]);
  });

  it("ADR-016.7 a receipt for the second part of a later answer, posted while that part is on its way, waits for its outcome and is recorded", async () => {
    await answered();
    const paragraph = (n: number) => `Consejo ${n}: ${"aplica el acondicionador de medios a puntas y desenreda con los dedos, sin prisa. ".repeat(12).trim()}`;
    const text = `${paragraph(1)}\n\n${paragraph(2)}`; // two WhatsApp messages
    const completion = { id: "chatcmpl-two-parts", object: "chat.completion", created: 1741569952, model: "gpt-4o-mini-2024-07-18", choices: [{ index: 0, message: { role: "assistant", content: text, refusal: null }, logprobs: null, finish_reason: "stop" }] };
    const sids = [messageSid(0x7e60), messageSid(0x7e61)];
    let receipt: Promise<{ response: Response; settled: Promise<void> }> | undefined;
    let sends = 0;
    network.use(
      answer("post", `${OPENAI}/chat/completions`, () => HttpResponse.json(completion)),
      answer("post", `${TWILIO}${MESSAGES_PATH}`, async () => {
        const sid = sids[sends++]!;
        if (sid === sids[1]) {
          receipt = statusRequest(callback(sid, "sent")).then((request) => dispatch(request));
          await (await receipt).response;
          await clock.sleep(3001);
        }
        return HttpResponse.json({ sid, status: "queued" }, { status: 201 });
      }),
    );
    const later = withSid({ ...webhooks["text-es"], Body: "Cuéntame más, con detalle" }, messageSid(0x7e5f));
    await sendWebhook(later);
    await (await receipt!).settled;
    expect((await answerFor(CLIENT, later.MessageSid)).parts.map((p) => p.twilioSid)).toEqual(sids);
    expect(await receiptKeys()).toEqual([`${CLIENT}/receipts/${sids[1]}-sent.json`]);
  });

  it("ADR-016.7 a receipt for a message we did not send, with nothing of the client's on its way, is dropped at once: one look at the answers, no wait", async () => {
    await answered();
    const lists: string[] = [];
    const before = clock.now();
    expect((await dispatchWith(listingEnv(lists), await statusRequest(callback("SM" + "e".repeat(32), "delivered")))).status).toBe(200);
    expect(lists).toEqual([`${CLIENT}/answers/`]);
    expect(clock.now()).toBe(before);
    expect(await receiptKeys()).toEqual([]);
  });

  it("ADR-016.7 a callback for our message with a status Twilio does not name, or none: 200, nothing stored", async () => {
    const sid = await answered();
    const { MessageStatus: _status, SmsStatus: _sms, ...statusless } = callback(sid, "delivered");
    for (const params of [callback(sid, "receiving"), callback(sid, "Delivered-ish"), statusless]) expect((await post(params)).status).toBe(200);
    expect(await receiptKeys()).toEqual([]);
  });

  it("ADR-016.7 a receipt's error code is kept as 1 to 6 digits, blanks around it trimmed; anything else is left out of the record", async () => {
    const sid = await answered();
    const at = new Date(clock.now()).toISOString();
    const codes = { failed: " 63016 ", undelivered: "63024x", delivered: "x30008", read: "1234567" };
    for (const [status, ErrorCode] of Object.entries(codes)) expect((await post(callback(sid, status, { ErrorCode }))).status).toBe(200);
    const records = await Promise.all(Object.keys(codes).map(async (status) => JSON.parse(await (await env.MEDIA_BUCKET.get(`${CLIENT}/receipts/${sid}-${status}.json`))!.text())));
    expect(records).toEqual([
      { v: 1, twilioSid: sid, status: "failed", errorCode: "63016", at },
      { v: 1, twilioSid: sid, status: "undelivered", at },
      { v: 1, twilioSid: sid, status: "delivered", at },
      { v: 1, twilioSid: sid, status: "read", at },
    ]);
  });

  it("ADR-016.7 a receipt that cannot be stored is still acknowledged (200, Twilio does not retry it) and logs receipt_not_recorded", async () => {
    const sid = await answered();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const unstorable = bucketEnv({ put: () => () => Promise.reject(new Error("R2 is down")), list: () => () => Promise.reject(new Error("R2 is down")) });
      expect((await dispatchWith(unstorable, await statusRequest(callback(sid, "read")))).status).toBe(200);
      expect(loggedEvents(errors, "receipt_not_recorded")).toEqual([{ event: "receipt_not_recorded", error: "Error: R2 is down" }]);
    } finally {
      errors.mockRestore();
    }
  });

  it("ADR-016.7 a receipt from another Twilio account is refused (403) and nothing is stored", async () => {
    const sid = await answered();
    await expectNoEffect(async () => post(callback(sid, "read", { AccountSid: "AC" + "1".repeat(32) })), 403);
    const refused = await post(callback(sid, "read", { AccountSid: "AC" + "1".repeat(32) }));
    expect(await refused.json()).toEqual({ error: "AccountSid is not this Worker's Twilio account (TWILIO_ACCOUNT_SID)" });
  });
});
