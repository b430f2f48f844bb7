/**
 * ADR 004.6-004.8: OpenAI and Twilio fail in the ways they document. What is worth another try
 * (429 rate limits, 5xx, timeouts) is retried a bounded number of times, honouring retry-after
 * within the deadline; what is not (insufficient_quota, other 4xx) is not. When the model cannot
 * answer, the client gets a kind fallback in their language and their message stays recorded.
 * A send Twilio refuses is recorded as failed, with Twilio's code, and never retried in a loop.
 */
import { env } from "cloudflare:workers";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import insufficientQuota from "../fixtures/openai/error-insufficient-quota.json";
import rateLimit from "../fixtures/openai/error-rate-limit.json";
import serverError from "../fixtures/openai/error-server.json";
import transcription from "../fixtures/openai/transcription.json";
import outsideWindow from "../fixtures/twilio/api/error-outside-window.json";
import tooManyRequests from "../fixtures/twilio/api/error-too-many-requests.json";
import messageCreated from "../fixtures/twilio/api/message-created.json";
import { loadConfig } from "../src/config/settings";
import { answerInbound, modelFallback } from "../src/reply/answer-inbound";
import { storageOf } from "../src/storage/bucket";
import { recordInbound } from "../src/storage/conversation";
import { createModelClient } from "../src/openai/client";
import { createMessagesClient } from "../src/twilio/messages-client";
import { fakeFile, serveTwilioMedia } from "./support/media";
import { answer, chatRequests, MESSAGES_PATH, network, OPENAI, sentMessages, TWILIO } from "./support/network";
import { clock, sendWebhook } from "./support/worker";
import { withSid } from "./support/twilio";
import { answerFor } from "./support/answers";

const spanish = webhooks["text-es"];
const english = webhooks["text-en"];
const spanishClient = "whatsapp:+5215512345678";
const modelAnswer = chatCompletion.choices[0]!.message.content;

/** A provider stand-in that answers each request with the next response in the list (the last one repeats). */
function inTurn(method: "post", url: string, responses: Array<() => Response | Promise<Response>>) {
  const at: number[] = [];
  const handler = answer(method, url, () => {
    // The reply job's clock (ADR-035.2): the waits between attempts pass on it.
    at.push(clock.now());
    return responses[Math.min(at.length, responses.length) - 1]!();
  });
  return { handler, at };
}

const openaiError = (status: number, body: { error: object }, headers: Record<string, string> = {}) => () =>
  HttpResponse.json(body, { status, headers: { "x-request-id": "req_spec", ...headers } });
const ok = () => HttpResponse.json(chatCompletion);
/** A model that never answers: only the client's timeout ends the attempt. */
const never = () => new Promise<Response>(() => {});
const twilioError = (body: { status: number }, headers: Record<string, string> = {}) => () =>
  HttpResponse.json(body, { status: body.status, headers });
const twilioCreated = () => HttpResponse.json(messageCreated, { status: 201 });

const replyRecord = answerFor;

async function inboundIsRecorded(client: string, sid: string): Promise<boolean> {
  return (await env.MEDIA_BUCKET.head(`${client}/messages/${sid}.json`)) !== null;
}

describe("the model is rate limited (429 rate_limit_exceeded)", () => {
  it("ADR-004.6 waits as long as retry-after says, tries again and sends the answer", async () => {
    const model = inTurn("post", `${OPENAI}/chat/completions`, [openaiError(429, rateLimit, { "retry-after": "1" }), ok]);
    network.use(model.handler);
    await sendWebhook(spanish);
    expect(model.at).toHaveLength(2);
    expect(model.at[1]! - model.at[0]!).toBe(1000);
    expect(sentMessages().map((m) => m.Body)).toEqual([modelAnswer]);
    expect(await replyRecord(spanishClient, spanish.MessageSid)).toMatchObject({ source: "model", status: "sent" });
  });

  it("ADR-004.6 honours OpenAI's retry-after-ms", async () => {
    const model = inTurn("post", `${OPENAI}/chat/completions`, [openaiError(429, rateLimit, { "retry-after-ms": "120", "retry-after": "30" }), ok]);
    network.use(model.handler);
    await sendWebhook(spanish);
    expect(model.at).toHaveLength(2);
    expect(model.at[1]! - model.at[0]!).toBe(120); // not the 30 s of retry-after
    expect(sentMessages().map((m) => m.Body)).toEqual([modelAnswer]);
  });

  it("ADR-004.6 does not wait past the deadline: a retry-after of a minute means the fallback now", async () => {
    const model = inTurn("post", `${OPENAI}/chat/completions`, [openaiError(429, rateLimit, { "retry-after": "60" })]);
    network.use(model.handler);
    await sendWebhook(spanish);
    expect(model.at).toHaveLength(1);
    expect(sentMessages().map((m) => m.Body)).toEqual([modelFallback.es]);
  });

  it("ADR-004.6 gives up after three attempts in all", async () => {
    const model = inTurn("post", `${OPENAI}/chat/completions`, [openaiError(429, rateLimit, { "retry-after-ms": "10" })]);
    network.use(model.handler);
    await sendWebhook(spanish);
    expect(model.at).toHaveLength(3);
    expect(sentMessages().map((m) => m.Body)).toEqual([modelFallback.es]);
  });
});

describe("the account is out of quota (429 insufficient_quota)", () => {
  it("ADR-004.6 is not retried; the Spanish client gets the fallback in Spanish and the message stays recorded", async () => {
    const model = inTurn("post", `${OPENAI}/chat/completions`, [openaiError(429, insufficientQuota), ok]);
    network.use(model.handler);
    await sendWebhook(spanish);
    expect(model.at).toHaveLength(1);
    expect(sentMessages()).toEqual([{ To: spanishClient, From: "whatsapp:+14155238886", Body: modelFallback.es }]);
    expect(await inboundIsRecorded(spanishClient, spanish.MessageSid)).toBe(true);
    expect(await replyRecord(spanishClient, spanish.MessageSid)).toMatchObject({ source: "fallback", status: "sent", text: modelFallback.es });
  });

  it("ADR-004.7 an English client gets the fallback in English", async () => {
    network.use(inTurn("post", `${OPENAI}/chat/completions`, [openaiError(429, insufficientQuota)]).handler);
    await sendWebhook(english);
    expect(sentMessages().map((m) => m.Body)).toEqual([modelFallback.en]);
  });

  it("ADR-004.7 the next message composes from the recorded one, not from the fallback", async () => {
    network.use(inTurn("post", `${OPENAI}/chat/completions`, [openaiError(429, insufficientQuota), ok]).handler);
    await sendWebhook(spanish);
    const next = withSid({ ...spanish, Body: "¿Sigues ahí?" }, "SM5555aaaabbbbccccddddeeeeffff0000");
    await sendWebhook(next);
    const request = chatRequests()[1]!;
    expect(request.messages.slice(1)).toEqual([
      { role: "user", content: spanish.Body },
      { role: "assistant", content: modelFallback.es },
      { role: "user", content: next.Body },
    ]);
  });
});

describe("the model fails on OpenAI's side (5xx)", () => {
  it("ADR-004.6 a 500 then an answer: two calls, the answer is sent", async () => {
    const model = inTurn("post", `${OPENAI}/chat/completions`, [openaiError(500, serverError), ok]);
    network.use(model.handler);
    await sendWebhook(spanish);
    expect(model.at).toHaveLength(2);
    expect(sentMessages().map((m) => m.Body)).toEqual([modelAnswer]);
  });

  it("ADR-004.6 500s that do not stop: three calls, then the fallback", async () => {
    const model = inTurn("post", `${OPENAI}/chat/completions`, [openaiError(503, serverError)]);
    network.use(model.handler);
    await sendWebhook(spanish);
    expect(model.at).toHaveLength(3);
    expect(sentMessages().map((m) => m.Body)).toEqual([modelFallback.es]);
  });

  it("ADR-004.6 another 4xx (400 invalid request) is not retried", async () => {
    const invalid = { error: { message: "Invalid 'messages'", type: "invalid_request_error", param: "messages", code: null } };
    const model = inTurn("post", `${OPENAI}/chat/completions`, [openaiError(400, invalid), ok]);
    network.use(model.handler);
    await sendWebhook(spanish);
    expect(model.at).toHaveLength(1);
    expect(sentMessages().map((m) => m.Body)).toEqual([modelFallback.es]);
  });
});

/** The reply path as the webhook runs it, with per-attempt timeouts small enough for a spec. */
async function answerWithTimeouts(timeouts: { model?: number; send?: number }) {
  const config = loadConfig(env);
  const store = storageOf(env);
  const record = { v: 1 as const, sid: spanish.MessageSid, receivedAt: new Date(clock.now()).toISOString(), params: spanish };
  await recordInbound(store, spanishClient, record);
  await answerInbound(
    {
      store,
      config,
      model: createModelClient({ ...config.openai, fetch: config.fetch, timeoutMs: timeouts.model }),
      messages: createMessagesClient({ ...config.twilio, fetch: config.fetch, timeoutMs: timeouts.send }),
      publicOrigin: "https://wa.example.com",
      clock,
    },
    spanishClient,
    record,
  );
}

describe("the model does not answer in time", () => {
  it("ADR-004.6 every attempt times out: retried, then the fallback, and the message stays recorded", async () => {
    const model = inTurn("post", `${OPENAI}/chat/completions`, [never]);
    network.use(model.handler);
    const started = Date.now();
    await answerWithTimeouts({ model: 150 });
    expect(model.at).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(20_000); // not even one attempt of the client's 20 s default
    expect(sentMessages().map((m) => m.Body)).toEqual([modelFallback.es]);
    expect(await inboundIsRecorded(spanishClient, spanish.MessageSid)).toBe(true);
  });

  it("ADR-004.6 a timeout then an answer: the answer is sent", async () => {
    const model = inTurn("post", `${OPENAI}/chat/completions`, [never, ok]);
    network.use(model.handler);
    await answerWithTimeouts({ model: 150 });
    expect(model.at).toHaveLength(2);
    expect(sentMessages().map((m) => m.Body)).toEqual([modelAnswer]);
  });

  it("ADR-004.6 an attempt never outlives the retry deadline, whatever the per-attempt timeout", async () => {
    network.use(inTurn("post", `${OPENAI}/chat/completions`, [never]).handler);
    const config = loadConfig(env);
    const model = createModelClient({ ...config.openai, fetch: config.fetch, timeoutMs: 60_000 });
    const started = Date.now();
    await expect(model.complete([{ role: "user", content: "hola" }], [], { attempts: 3, baseDelayMs: 50, deadline: started + 300 })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(30_000); // far from the 60 s per-attempt timeout
  });
});

describe("Twilio refuses a send, or does not answer", () => {
  it("ADR-004.6 429 (code 20429) then accepted: two attempts, the reply is recorded as sent", async () => {
    const twilio = inTurn("post", `${TWILIO}${MESSAGES_PATH}`, [twilioError(tooManyRequests), twilioCreated]);
    network.use(twilio.handler);
    await sendWebhook(spanish);
    expect(twilio.at).toHaveLength(2);
    expect(await replyRecord(spanishClient, spanish.MessageSid)).toMatchObject({
      status: "sent",
      parts: [{ status: "sent", twilioSid: messageCreated.sid }],
    });
  });

  it("ADR-004.8 400 (code 63016, outside the 24-hour window): one attempt, recorded as failed with Twilio's code, no loop", async () => {
    const twilio = inTurn("post", `${TWILIO}${MESSAGES_PATH}`, [twilioError(outsideWindow), twilioCreated]);
    network.use(twilio.handler);
    await sendWebhook(spanish);
    expect(twilio.at).toHaveLength(1);
    expect(chatRequests()).toHaveLength(1);
    const reply = await replyRecord(spanishClient, spanish.MessageSid);
    expect(reply).toMatchObject({ status: "failed", source: "model", text: modelAnswer });
    expect(reply.error).toContain("Twilio 400 (63016)");
    expect(reply.error).toContain(outsideWindow.message);
    expect(reply.parts).toMatchObject([{ status: "failed", error: reply.error }]);

    await sendWebhook(spanish); // Twilio retries the webhook: the failed reply is not sent again
    expect(twilio.at).toHaveLength(1);
    expect(chatRequests()).toHaveLength(1);
  });

  it("ADR-004.8 a failed reply is left out of the next model request", async () => {
    network.use(inTurn("post", `${TWILIO}${MESSAGES_PATH}`, [twilioError(outsideWindow), twilioCreated]).handler);
    await sendWebhook(spanish);
    const next = withSid({ ...spanish, Body: "Hola otra vez" }, "SM6666aaaabbbbccccddddeeeeffff0000");
    await sendWebhook(next);
    expect(chatRequests()[1]!.messages.slice(1).map((m) => m.role)).toEqual(["user", "user"]);
    expect((await replyRecord(spanishClient, next.MessageSid)).status).toBe("sent");
  });

  it("ADR-004.8 no answer in time: one attempt (Twilio may have sent it), recorded as failed, not sent again", async () => {
    const twilio = inTurn("post", `${TWILIO}${MESSAGES_PATH}`, [never, twilioCreated]);
    network.use(twilio.handler);
    await answerWithTimeouts({ send: 150 });
    expect(twilio.at).toHaveLength(1);
    const reply = await replyRecord(spanishClient, spanish.MessageSid);
    expect(reply).toMatchObject({ status: "failed", text: modelAnswer });
    expect(reply.error).toContain("no answer within 150 ms");
  });

  it("ADR-004.6 429s that do not stop: three attempts, then recorded as failed", async () => {
    const twilio = inTurn("post", `${TWILIO}${MESSAGES_PATH}`, [twilioError(tooManyRequests)]);
    network.use(twilio.handler);
    await sendWebhook(spanish);
    expect(twilio.at).toHaveLength(3);
    const reply = await replyRecord(spanishClient, spanish.MessageSid);
    expect(reply.status).toBe("failed");
    expect(reply.error).toContain("Twilio 429 (20429)");
  });
});

describe("a transcription fails on OpenAI's side (5xx)", () => {
  it("ADR-004.6 a 500 then a transcript: two calls, the voice note reaches the model and no note asks for it again", async () => {
    const note = webhooks["voice-note"];
    serveTwilioMedia({ url: note.MediaUrl0, bytes: fakeFile(2048, [0x4f, 0x67, 0x67, 0x53]), contentType: "audio/ogg" });
    const transcriptions = inTurn("post", `${OPENAI}/audio/transcriptions`, [openaiError(500, serverError), () => HttpResponse.json(transcription)]);
    network.use(transcriptions.handler);
    await sendWebhook(note);
    expect(transcriptions.at).toHaveLength(2);
    expect(chatRequests()[0]!.messages.at(-1)!.content).toBe(`[voice note] ${transcription.text}`);
    expect(sentMessages().map((m) => m.Body)).toEqual([modelAnswer]);
  });
});
