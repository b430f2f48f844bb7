/**
 * ADR 016.8 (issue 13 item 2): a reset races the work in flight. Whatever the reply path is doing
 * for earlier messages when the client resets (downloading a photo, waiting for the model, sending
 * the answer), nothing from before the reset survives it or is sent after its confirmation. Time
 * is placed on the specs' virtual clock, so each race is run exactly, every time.
 */
import { env } from "cloudflare:workers";
import { HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import { webhooks } from "../fixtures/twilio/webhooks";
import { resetConfirmation } from "../src/conversation/commands";
import { burstTiming } from "../src/reply/reply-job";
import type { ClientKey } from "../src/storage/keys";
import { resetLeaves } from "./support/answers";
import { fakeFile, twilioMediaUrl } from "./support/media";
import { answer, chatRequests, MESSAGES_PATH, network, OPENAI, sentMessages, TWILIO } from "./support/network";
import { messageSid, PUBLIC_BASE_URL, webhookRequest, withSid } from "./support/twilio";
import { clock, dispatch, dispatchWith, onTheClock, slowModel } from "./support/worker";
import { bucketEnv } from "./support/recording-env";
import { loggedEvents } from "./support/logged";
import { storageOf } from "../src/storage/bucket";
import { recordInbound } from "../src/storage/conversation";
import { r2Keys } from "./support/storage";

const CLIENT = "whatsapp:+5215512345678" as ClientKey;
let counter = 0;
const text = (body: string) => withSid({ ...webhooks["text-es"], Body: body }, messageSid(++counter, "SM"));
function photo(body = "") {
  const sid = messageSid(++counter, "MM");
  const { MediaUrl0: _url, ...rest } = webhooks.photo;
  return withSid({ ...rest, Body: body, MediaUrl0: twilioMediaUrl(sid, 0) }, sid);
}

/** The Worker's env in which `reset` is recorded right after the client's model-call record is written; `seen` is told every R2 put's key first. */
function resetAfterModelCallRecord(reset: Record<string, string> & { MessageSid: string }, seen: (key: string) => void = () => {}): typeof env {
  return bucketEnv({
    put: (real) => async (key, ...rest) => {
      seen(key);
      const result = await real(key, ...rest);
      if (key.startsWith(`model-calls/${CLIENT}/`)) {
        await recordInbound(storageOf(env), CLIENT, { v: 1, sid: reset.MessageSid, receivedAt: new Date(clock.now()).toISOString(), params: reset }, "reset");
      }
      return result;
    },
  });
}

describe("a reset while earlier work is in flight", () => {
  it("ADR-016.8 while the model writes the answer: it is never sent, and nothing of it is left in the new consultation", async () => {
    slowModel(3000);
    const reset = text("reset");
    await onTheClock(async (send) => {
      await send(text("Mi nombre es Mariana y uso henna"));
      await clock.advance(burstTiming.settleMs + 500); // the model is writing
      expect(chatRequests()).toHaveLength(1);
      await send(reset);
      await clock.advance(10_000);
    });
    expect(sentMessages().map((m) => m.Body)).toEqual([resetConfirmation.es]);
    expect(await r2Keys(`${CLIENT}/`)).toEqual(resetLeaves(CLIENT, reset.MessageSid));
  });

  it("ADR-016.8 while a photo downloads: the photo is not stored after the reset and never reaches the model", async () => {
    const wrong = photo("Uy, me equivoqué de foto, perdón");
    network.use(
      answer("get", wrong.MediaUrl0, async () => {
        await clock.sleep(3000);
        return new HttpResponse(fakeFile(1024) as BodyInit, { status: 200, headers: { "content-type": "image/jpeg" } });
      }),
    );
    const reset = text("reset");
    await onTheClock(async (send) => {
      await send(wrong);
      await clock.advance(500);
      await send(reset);
      await clock.advance(10_000);
    });
    expect(sentMessages().map((m) => m.Body)).toEqual([resetConfirmation.es]);
    expect(chatRequests()).toEqual([]);
    expect(await r2Keys(`${CLIENT}/`)).toEqual(resetLeaves(CLIENT, reset.MessageSid));
  });

  it("ADR-016.8 before the burst settles: the model is never called for it, and the next consultation starts empty", async () => {
    const reset = text("reset");
    const fresh = text("Hola de nuevo, empecemos");
    await onTheClock(async (send) => {
      await send(text("Tengo el pelo teñido de rojo"));
      await clock.advance(200);
      await send(reset);
      await clock.advance(5000);
      await send(fresh);
      await clock.advance(5000);
    });
    expect(chatRequests()).toHaveLength(1);
    expect(chatRequests()[0]!.messages.filter((m) => m.role !== "system")).toEqual([{ role: "user", content: fresh.Body }]);
    expect(sentMessages().map((m) => m.Body)).toEqual([resetConfirmation.es, chatCompletion.choices[0]!.message.content]);
  });

  it("ADR-016.8 while the answer is being sent: the confirmation comes after it, and nothing of the answer is left", async () => {
    const order: string[] = [];
    network.use(
      answer("post", `${TWILIO}${MESSAGES_PATH}`, async ({ request }) => {
        const body = new URLSearchParams(await request.text()).get("Body") ?? "";
        if (body !== resetConfirmation.es) await clock.sleep(2000); // Twilio is slow to accept the answer
        order.push(body);
        return HttpResponse.json({ sid: messageSid(500 + order.length), status: "queued" }, { status: 201 });
      }),
    );
    const reset = text("reset");
    await onTheClock(async (send) => {
      await send(text("¿Qué champú me recomiendas?"));
      await clock.advance(burstTiming.settleMs + 500); // the answer is on its way to Twilio
      await send(reset);
      await clock.advance(20_000);
    });
    expect(order).toEqual([chatCompletion.choices[0]!.message.content, resetConfirmation.es]);
    expect(await r2Keys(`${CLIENT}/`)).toEqual(resetLeaves(CLIENT, reset.MessageSid));
  });

  it("ADR-016.8 while the answer is being sent, its delivery receipt recorded as soon as its outcome is: nothing of the answer is left, its receipt neither", async () => {
    network.use(
      answer("post", `${TWILIO}${MESSAGES_PATH}`, async ({ request }) => {
        const body = new URLSearchParams(await request.text()).get("Body") ?? "";
        if (body !== resetConfirmation.es) await clock.sleep(2000); // Twilio is slow to accept the answer
        return HttpResponse.json({ sid: messageSid(body === resetConfirmation.es ? 602 : 601), status: "queued" }, { status: 201 });
      }),
    );
    const receipts: string[] = [];
    // Twilio calls back with the answer's status right after the Worker wrote the part's outcome.
    const calledBack = bucketEnv({
      put: (real) => async (key, value, options) => {
        const result = await real(key, value, options);
        if (/\/answers\/\d{6}\/sent-0\.json$/.test(key) && receipts.length === 0) {
          const twilioSid = (JSON.parse(String(value)) as { twilioSid: string }).twilioSid;
          const params = { MessageSid: twilioSid, SmsSid: twilioSid, MessageStatus: "sent", SmsStatus: "sent", AccountSid: "AC00000000000000000000000000000000", From: "whatsapp:+14155238886", To: CLIENT, ApiVersion: "2010-04-01", ChannelPrefix: "whatsapp" };
          const { settled } = await dispatch(await webhookRequest(params, { signedUrl: `${PUBLIC_BASE_URL}/whatsapp/status`, requestUrl: "http://worker.internal/whatsapp/status" }));
          await settled;
          receipts.push(...(await r2Keys(`${CLIENT}/receipts/`)));
        }
        return result;
      },
    });
    const reset = text("reset");
    await onTheClock(async (send) => {
      await send(text("¿Qué champú me recomiendas?"));
      await clock.advance(burstTiming.settleMs + 500); // the answer is on its way to Twilio
      await send(reset);
      await clock.advance(20_000);
    }, calledBack);
    expect(receipts).toEqual([`${CLIENT}/receipts/${messageSid(601)}-sent.json`]);
    expect(sentMessages().map((m) => m.Body)).toEqual([chatCompletion.choices[0]!.message.content, resetConfirmation.es]);
    expect(await r2Keys(`${CLIENT}/`)).toEqual(resetLeaves(CLIENT, reset.MessageSid));
  });

  it("ADR-033.1 a reset recorded between the two model-call records, written together: the check after both sees it, no model is called, and no answer is left", async () => {
    network.use(answer("post", `${OPENAI}/chat/completions`, () => HttpResponse.json(chatCompletion)));
    const message = text("¿Qué champú me recomiendas?");
    const reset = text("reset");
    // The reset's record lands right after the client's model-call record, before the deployment's.
    const resetBetween = resetAfterModelCallRecord(reset);
    await dispatchWith(resetBetween, await webhookRequest(message));
    expect(chatRequests()).toEqual([]);
    expect(sentMessages()).toEqual([]);
    expect((await r2Keys(`${CLIENT}/`)).filter((key) => key.includes("/answers/"))).toEqual([]);
  });
});

describe("a reset that overtakes the model-call record", () => {
  afterEach(() => vi.restoreAllMocks());

  it("ADR-033.1 ends the job as overtaken, not as a model failure: no model_failed line, no fallback decided", async () => {
    network.use(answer("post", `${OPENAI}/chat/completions`, () => HttpResponse.json(chatCompletion)));
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const message = text("¿Qué champú me recomiendas?");
    const reset = text("reset");
    const decisions: string[] = [];
    const resetBetween = resetAfterModelCallRecord(reset, (key) => {
      if (key.includes("/answers/")) decisions.push(key);
    });
    await dispatchWith(resetBetween, await webhookRequest(message));
    expect(chatRequests()).toEqual([]);
    expect(sentMessages()).toEqual([]);
    expect(loggedEvents(errors, "model_failed")).toEqual([]);
    expect(decisions.filter((key) => !key.endsWith("/claim.json"))).toEqual([]);
  });
});
