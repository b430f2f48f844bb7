/**
 * The reply path's fence and its log lines (ADR 016.8, ADR 021.7), and the outcomes it records
 * when it says nothing (ADR 020.6). Each race is placed exactly: a reset or a STOP is recorded
 * from a wrapper of the real KV or R2 binding, at the moment the spec names.
 */
import { env } from "cloudflare:workers";
import { HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import { webhooks } from "../fixtures/twilio/webhooks";
import { optOutConfirmation, summaryLinkText } from "../src/conversation/commands";
import { answerCovering } from "../src/conversation/answers";
import { burstTiming } from "../src/reply/reply-job";
import { storageOf } from "../src/storage/bucket";
import { readConversation, recordInbound } from "../src/storage/conversation";
import type { ClientKey } from "../src/storage/keys";
import { loggedEvents } from "./support/logged";
import { answer, chatRequests, MESSAGES_PATH, network, observationRequests, OPENAI, sentMessages, TWILIO } from "./support/network";
import { fakeFile, serveTwilioMedia } from "./support/media";
import { bucketEnv, kvEnv } from "./support/recording-env";
import { messageSid, webhookRequest, withSid } from "./support/twilio";
import { clock, dispatch, dispatchWith, onTheClock, sendWebhook, slowModel } from "./support/worker";

const CLIENT = "whatsapp:+5215512345678" as ClientKey;
const REDACTED = "whatsapp:+…5678";
let counter = 0x9d00;
const text = (body: string) => withSid({ ...webhooks["text-es"], Body: body }, messageSid(++counter, "SM"));

/** What the answer covering `sid` recorded as its outcome (reply.json), read back through the storage module. */
async function outcomeFor(sid: string) {
  const state = await readConversation(storageOf(env), CLIENT);
  const covering = answerCovering(state, sid);
  if (!covering) throw new Error(`no answer covers ${sid}`);
  const { outcome, reason } = covering.reply as { outcome: string; reason?: string };
  return { outcome, reason };
}

/**
 * Bindings that record `reset` (as the webhook would) the first time the job reads the consultation
 * record after R2 stored an object whose key `after` matches: a reset placed exactly there.
 */
function resetAtNextConsultationRead(reset: Record<string, string>, after: (key: string) => boolean) {
  let armed = false;
  let done = false;
  const raced = kvEnv({
    get: (real) => async (key) => {
      if (armed && !done && key === `${CLIENT}/consultation`) {
        done = true;
        await recordInbound(storageOf(env), CLIENT, { v: 1, sid: reset.MessageSid!, receivedAt: new Date(clock.now()).toISOString(), params: reset }, "reset");
      }
      return real(key);
    },
  });
  const watched = bucketEnv(
    {
      put: (real) => async (key, ...rest) => {
        const result = await real(key, ...rest);
        if (after(key)) armed = true;
        return result;
      },
    },
    raced,
  );
  return { watched, recorded: () => done };
}

describe("the fence of a reply job", () => {
  it("ADR-016.8 a reset recorded after the job claimed its answer, before it writes the consultation record: that record is not written, nothing is called or sent, and the job logs overtaken_by_reset", async () => {
    network.use(answer("post", `${OPENAI}/chat/completions`, () => HttpResponse.json(chatCompletion)));
    const message = text("¿Qué champú me recomiendas?");
    const reset = text("reset");
    const { watched, recorded } = resetAtNextConsultationRead(reset, (key) => /\/answers\/\d{6}\/claim\.json$/.test(key));
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    await dispatchWith(watched, await webhookRequest(message));
    expect(recorded()).toBe(true);
    expect(await env.CHAT_HISTORY.get(`${CLIENT}/consultation`)).toBeNull();
    expect(chatRequests()).toEqual([]);
    expect(sentMessages()).toEqual([]);
    expect(loggedEvents(warnings, "overtaken_by_reset")).toEqual([{ event: "overtaken_by_reset", client: REDACTED, sid: message.MessageSid }]);
    expect(loggedEvents(errors)).toEqual([]);
  });

  it("ADR-016.8 an overtaken job removes only what it wrote: a claim it lost to the reset's, on the same number, is left", async () => {
    const message = text("¿Qué champú me recomiendas?");
    const reset = text("reset");
    const lost: string[] = [];
    // The reset's job claims the number first: the job's own create-only claim then writes nothing.
    const claimedFirst = bucketEnv({
      put: (real) => async (key, ...rest) => {
        if (lost.length === 0 && /\/answers\/\d{6}\/claim\.json$/.test(key)) {
          lost.push(key);
          await recordInbound(storageOf(env), CLIENT, { v: 1, sid: reset.MessageSid, receivedAt: new Date(clock.now()).toISOString(), params: reset }, "reset");
          await env.MEDIA_BUCKET.put(key, "the reset's claim");
        }
        return real(key, ...rest);
      },
    });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await dispatchWith(claimedFirst, await webhookRequest(message));
    expect(lost).toHaveLength(1);
    expect(await (await env.MEDIA_BUCKET.get(lost[0]!))?.text()).toBe("the reset's claim");
    expect(sentMessages()).toEqual([]);
  });

  it("ADR-021.7 a job that fails logs reply_failed with the client, the message and the error, and nothing as overtaken", async () => {
    const message = text("¿Qué champú me recomiendas?");
    const failing = bucketEnv({
      put: (real) => async (key, ...rest) => {
        if (/\/answers\/\d{6}\/claim\.json$/.test(key)) throw new Error("R2 is down");
        return real(key, ...rest);
      },
    });
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    await dispatchWith(failing, await webhookRequest(message));
    expect(loggedEvents(errors, "reply_failed")).toEqual([{ event: "reply_failed", client: REDACTED, sid: message.MessageSid, error: "Error: R2 is down" }]);
    expect(loggedEvents(warnings, "overtaken_by_reset")).toEqual([]);
    expect(sentMessages()).toEqual([]);
  });

  it("ADR-021.7 a consultation record KV refuses logs consultation_write_failed with the client, the message and the error, and the client is answered", async () => {
    network.use(answer("post", `${OPENAI}/chat/completions`, () => HttpResponse.json(chatCompletion)));
    const message = text("¿Qué champú me recomiendas?");
    const refusing = kvEnv({
      put: (real) => async (key, ...rest) => {
        if (key === `${CLIENT}/consultation`) throw new Error("KV PUT failed: 429 Too Many Requests");
        return real(key, ...rest);
      },
    });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    await dispatchWith(refusing, await webhookRequest(message));
    expect(loggedEvents(errors)).toEqual([
      { event: "consultation_write_failed", client: REDACTED, sid: message.MessageSid, error: "Error: KV PUT failed: 429 Too Many Requests" },
    ]);
    expect(sentMessages().map((m) => m.Body)).toEqual([chatCompletion.choices[0]!.message.content]);
  });
});

describe("the fence and the log lines of a photo's first look (ADR-019.3)", () => {
  const photo = webhooks.photo;

  it("ADR-021.7 a photo message whose consultation record KV refuses when the photo arrives: consultation_write_failed is logged, the photo goes to the answer as an image instead, and the client is answered", async () => {
    serveTwilioMedia({ url: photo.MediaUrl0, bytes: fakeFile(), contentType: "image/jpeg" });
    let refusals = 0;
    const refusingOnce = kvEnv({
      put: (real) => async (key, ...rest) => {
        if (key === `${CLIENT}/consultation` && refusals++ === 0) throw new Error("KV PUT failed: 429 Too Many Requests");
        return real(key, ...rest);
      },
    });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    await dispatchWith(refusingOnce, await webhookRequest(photo));
    expect(loggedEvents(errors)).toEqual([
      { event: "consultation_write_failed", client: REDACTED, sid: photo.MessageSid, error: "Error: KV PUT failed: 429 Too Many Requests" },
    ]);
    expect(observationRequests()).toEqual([]);
    const [request] = chatRequests();
    const images = request!.messages.flatMap((m) => (Array.isArray(m.content) ? (m.content as Array<{ type: string }>).filter((p) => p.type === "image_url") : []));
    expect(images).toEqual([{ type: "image_url", image_url: { url: expect.stringMatching(/^https:\/\/wa\.example\.com\/media\//), detail: "low" } }]);
    expect(sentMessages().map((m) => m.Body)).toEqual([chatCompletion.choices[0]!.message.content]);
  });

  it("ADR-019.5 a photo message whose consultation record KV refuses twice (its first look and its answer): the answering request tells the model it has not seen that photo, never that it was shown it", async () => {
    serveTwilioMedia({ url: photo.MediaUrl0, bytes: fakeFile(), contentType: "image/jpeg" });
    const refusing = kvEnv({
      put: (real) => async (key, ...rest) => {
        if (key === `${CLIENT}/consultation`) throw new Error("KV PUT failed: 429 Too Many Requests");
        return real(key, ...rest);
      },
    });
    vi.spyOn(console, "error").mockImplementation(() => {});
    await dispatchWith(refusing, await webhookRequest(photo));
    expect(observationRequests()).toEqual([]);
    const [request] = chatRequests();
    const images = request!.messages.flatMap((m) => (Array.isArray(m.content) ? (m.content as Array<{ type: string }>).filter((p) => p.type === "image_url") : []));
    expect(images).toEqual([]); // no consultation, no signed link: the photo cannot be attached
    expect(JSON.stringify(request!.messages)).not.toContain("shown to you once when it arrived");
    // ADR-019.5, amended 2026-12-07: the model is told it has not seen that photo, and to ask for it again.
    expect(request!.messages[1]!.content).toBe(
      "What you saw in the client's photos, each looked at once when it arrived (your own notes, by photo number; the photos are not sent again):\n" +
        "Photo 1: sent with the client's message below, but it could not be shown to you: you have not seen it, so say so and ask for it again.",
    );
  });

  it("ADR-016.8 a reset recorded after the photo was stored, before its first look writes the consultation record: that record is not written, the photo is not looked at, nothing is sent, and the job logs overtaken_by_reset only", async () => {
    serveTwilioMedia({ url: photo.MediaUrl0, bytes: fakeFile(), contentType: "image/jpeg" });
    const reset = text("reset");
    const { watched, recorded } = resetAtNextConsultationRead(reset, (key) => key.startsWith(`${CLIENT}/media/`));
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    await dispatchWith(watched, await webhookRequest(photo));
    expect(recorded()).toBe(true);
    expect(await env.CHAT_HISTORY.get(`${CLIENT}/consultation`)).toBeNull();
    expect(observationRequests()).toEqual([]);
    expect(chatRequests()).toEqual([]);
    expect(sentMessages()).toEqual([]);
    expect(loggedEvents(warnings, "overtaken_by_reset")).toEqual([{ event: "overtaken_by_reset", client: REDACTED, sid: photo.MessageSid }]);
    expect(loggedEvents(errors)).toEqual([]);
  });
});

describe("what a job records when it says nothing", () => {
  it("ADR-020.6 a STOP recorded while the model writes the answer: the answer is recorded as silent because the client opted out, and only the confirmation is sent", async () => {
    const stop = text("STOP");
    const message = text("Cuéntame cómo cuidar mis rizos");
    network.use(
      answer("post", `${OPENAI}/chat/completions`, async () => {
        // The client opts out while the model writes: the STOP's job runs to its end before the model answers.
        const { settled } = await dispatch(await webhookRequest(stop));
        await settled;
        return HttpResponse.json(chatCompletion);
      }),
    );
    await sendWebhook(message);
    expect(sentMessages().map((m) => m.Body)).toEqual([optOutConfirmation.es]);
    expect(await outcomeFor(message.MessageSid)).toEqual({ outcome: "silent", reason: "opted out" });
  });

  it("ADR-020.6 a second STOP is recorded as silent, the command named as the reason", async () => {
    const first = text("STOP");
    const second = text("STOP");
    await sendWebhook(first);
    await sendWebhook(second);
    expect(sentMessages().map((m) => m.Body)).toEqual([optOutConfirmation.en]);
    expect(await outcomeFor(second.MessageSid)).toEqual({ outcome: "silent", reason: "command opt-out" });
  });

  it("ADR-016.3 a command is answered at once, not after an earlier answer the model is still writing", async () => {
    slowModel(3000);
    const summary = text("resumen");
    await onTheClock(async (send) => {
      await send(text("¿Qué champú me recomiendas?"));
      await clock.advance(burstTiming.settleMs + 500); // the model is writing
      expect(chatRequests()).toHaveLength(1);
      await send(summary);
      await clock.advance(10_000);
    });
    const bodies = sentMessages().map((m) => m.Body);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe(chatCompletion.choices[0]!.message.content);
    expect(bodies[0]).toBe(summaryLinkText.es(bodies[0]!.slice(summaryLinkText.es("").length)));
  });
});
