/**
 * ADR 018: what one answer may cost and take. The model's output is capped on every chat request
 * the reply path sends; an answer goes out in at most 3 WhatsApp messages; and each client's model
 * calls are limited (20 a minute, 200 a day), counted from their stored answers and from a
 * content-free record of each call that a reset keeps (ADR 018.4).
 */
import { env } from "cloudflare:workers";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { limitNote } from "../src/conversation/model-call-limits";
import { readAnswers } from "../src/storage/conversation";
import { readClientCalls } from "../src/storage/openai-calls";
import { recordModelCall } from "../src/storage/outside-client";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import handoff from "../fixtures/openai/chat-completion-handoff.json";
import { CLIENT, store, writeAnswer } from "./support/consultation";
import { answer, chatRequests, network, OPENAI, sentMessages } from "./support/network";
import { messageSid, withSid } from "./support/twilio";
import { clock, onTheClock, sendWebhook } from "./support/worker";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function chatCompletionWith(message: Record<string, unknown>) {
  return {
    id: "chatcmpl-limits",
    object: "chat.completion",
    created: 1741569952,
    model: "gpt-4o-mini-2024-07-18",
    choices: [{ index: 0, message: { role: "assistant", refusal: null, ...message }, logprobs: null, finish_reason: "stop" }],
  };
}

const sentence = (i: number) => `Para el rizo número ${i}, aplica el acondicionador de medios a puntas y desenreda con los dedos. `;
/** About 60,000 characters of a model that would not stop. */
const endlessAnswer = Array.from({ length: 640 }, (_, i) => sentence(i)).join("").trim();

let next = 0x5000;
const message = (body: string) => withSid({ ...webhooks["text-es"], Body: body }, messageSid(++next));

/** `count` earlier answers of the model to the client, spread over the `span` ms before now (the claims are what counts). */
async function modelAnswersWithin(count: number, span: number): Promise<void> {
  const now = clock.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const at = new Date(now - span + Math.floor(((i + 1) * span) / (count + 1))).toISOString();
      return writeAnswer(store(), CLIENT, { seq: i + 1, covers: [messageSid(0x9000 + i)], at, text: "Gracias, ¿y tu rutina?" });
    }),
  );
}

/** Where the record of a model call lies (ADR 018.4), written here by hand: `{claimedAt ms, 13 digits}-{answer seq, 6 digits}`. */
const modelCallKey = (ms: number, seq: number) => `model-calls/${CLIENT}/${String(ms).padStart(13, "0")}-${String(seq).padStart(6, "0")}`;

async function modelCallKeys(): Promise<string[]> {
  return (await env.MEDIA_BUCKET.list({ prefix: `model-calls/${CLIENT}/` })).objects.map((o) => o.key);
}

/** `count` records of model calls and nothing else (as a reset leaves them), spread over the `span` ms before now. */
async function modelCallRecordsWithin(count: number, span: number, endingAt = clock.now()): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, (_, i) => env.MEDIA_BUCKET.put(modelCallKey(endingAt - span + Math.floor(((i + 1) * span) / (count + 1)), i + 1), "")),
  );
}

describe("the model's output", () => {
  it("ADR-018.1 every chat request of the reply path carries max_completion_tokens 1000", async () => {
    await sendWebhook(webhooks["text-es"]);
    await sendWebhook(message("Tengo rizos 3A y se me esponjan"));
    const requests = chatRequests() as unknown as Array<Record<string, unknown>>;
    expect(requests).toHaveLength(2);
    for (const request of requests) expect(request.max_completion_tokens).toBe(1000);
  });
});

describe("an answer too long for 3 WhatsApp messages", () => {
  it("ADR-018.2 a 60,000-character model answer goes out as 3 messages, cut after a sentence, the last saying it was shortened", async () => {
    expect(endlessAnswer.length).toBeGreaterThan(60_000);
    network.use(answer("post", `${OPENAI}/chat/completions`, () => Response.json(chatCompletionWith({ content: endlessAnswer }))));
    await sendWebhook(webhooks["text-es"]);
    const bodies = sentMessages().map((m) => m.Body!);
    expect(bodies).toHaveLength(3);
    expect(bodies[2]).toMatch(/desenreda con los dedos\.\n\n\(Acorté esta respuesta para que sea fácil de leer\. Pregúntame si quieres más detalle\.\)$/);
    const sent = bodies.join(" ").replace(/\s*\(Acorté[^)]*\)$/, "");
    expect(endlessAnswer.replace(/\s+/g, " ").startsWith(sent.replace(/\s+/g, " "))).toBe(true);
  });

  it("ADR-018.2 a concluding answer that is too long still carries the summary page and wa.me links whole", async () => {
    const call = handoff.choices[0]!.message.tool_calls[0]!;
    const args = JSON.parse(call.function.arguments) as { summary: string; message: string };
    const longClosing = { ...call, function: { ...call.function, arguments: JSON.stringify({ ...args, message: endlessAnswer }) } };
    network.use(answer("post", `${OPENAI}/chat/completions`, () => Response.json(chatCompletionWith({ content: null, tool_calls: [longClosing] }))));
    await sendWebhook(webhooks["text-es"]);
    const bodies = sentMessages().map((m) => m.Body!);
    expect(bodies.length).toBeLessThanOrEqual(3);
    const last = bodies.at(-1)!;
    expect(last).toMatch(/Acorté esta respuesta/);
    expect(last).toMatch(/https:\/\/wa\.example\.com\/summary\/[A-Za-z0-9_-]{100,}\n/);
    expect(last).toMatch(/https:\/\/wa\.me\/15550001111\?text=\S+$/);
  });
});

describe("each client's model calls", () => {
  it("ADR-018.3 with 20 model answers in the last minute, the next message gets one note instead of the model, the one after silence", async () => {
    await modelAnswersWithin(20, MINUTE - 5_000);
    await sendWebhook(message("¿Y qué más?"));
    expect(chatRequests()).toEqual([]);
    expect(sentMessages().map((m) => m.Body)).toEqual([expect.stringMatching(/^Me escribes más rápido de lo que puedo responder bien\. Dame un minuto/)]);
    await sendWebhook(message("¿Hola?"));
    await sendWebhook(message("¿Sigues ahí?"));
    expect(chatRequests()).toEqual([]);
    expect(sentMessages()).toHaveLength(1);
    // Each is closed as silent, saying why.
    expect((await readAnswers(store(), CLIENT)).filter((a) => a.seq > 21).map((a) => a.reply)).toEqual(
      [22, 23].map((seq) => ({ v: 1, seq, outcome: "silent", decidedAt: expect.any(String), reason: "model-call limit" })),
    );
  });

  it("ADR-018.3 with 19 model answers in the last minute, the next message is still answered by the model: the burst being answered is no earlier call", async () => {
    await modelAnswersWithin(19, MINUTE - 5_000);
    await sendWebhook(message("¿Y qué más?"));
    expect(chatRequests()).toHaveLength(1);
    expect(sentMessages().map((m) => m.Body)).toEqual([chatCompletion.choices[0]!.message.content]);
  });

  it("ADR-018.3 with 19 model answers in the last minute, a burst whose file is still downloading when it is claimed is answered by the model: its own answer, read again after the wait, is no earlier call", async () => {
    await modelAnswersWithin(19, MINUTE - 10_000);
    const document = webhooks.document;
    network.use(
      answer("get", document.MediaUrl0, async () => {
        await clock.sleep(4000); // longer than the settling window: the next message's job claims the burst before the file is in
        return new HttpResponse(new TextEncoder().encode("%PDF-1.7\n%rutina") as BodyInit, { status: 200, headers: { "content-type": "application/pdf" } });
      }),
    );
    await onTheClock(async (send) => {
      await send(document);
      await clock.advance(300);
      await send(message("¿Lo ves?"));
      await clock.advance(10_000);
    });
    expect(chatRequests()).toHaveLength(1);
    expect(chatRequests()[0]!.messages.filter((m) => m.role === "user").map((m) => m.content)).toEqual([
      "mi rutina\n[attachment 1 (application/pdf): kept for the stylist; you cannot see it, and the client was told that only photos can be looked at]",
      "¿Lo ves?",
    ]);
    expect(sentMessages().map((m) => m.Body)).toEqual([
      `Guardé tu documento para Tata Oro, pero yo solo puedo mirar fotos. Si quieres que vea tu cabello, envíame una foto.\n\n${chatCompletion.choices[0]!.message.content}`,
    ]);
  });

  it("ADR-018.3 with 19 model answers in the last minute, an answer superseded while it waited for a file still counts: the burst that superseded it gets the minute's note, not the model", async () => {
    await modelAnswersWithin(19, MINUTE - 10_000);
    const document = webhooks.document;
    network.use(
      answer("get", document.MediaUrl0, async () => {
        await clock.sleep(4000); // the first answer is claimed, and superseded, before the file is in
        return new HttpResponse(new TextEncoder().encode("%PDF-1.7\n%rutina") as BodyInit, { status: 200, headers: { "content-type": "application/pdf" } });
      }),
    );
    await onTheClock(async (send) => {
      await send(document);
      await clock.advance(300);
      await send(message("¿Lo ves?"));
      await clock.advance(1700); // its answer is claimed and waits for the file
      await send(message("¿Y ahora?"));
      await clock.advance(15_000);
    });
    expect(chatRequests()).toEqual([]);
    expect(sentMessages().map((m) => m.Body)).toEqual([limitNote.minute.es]);
  });

  it("ADR-018.3 once the minute has passed, the model answers again", async () => {
    await modelAnswersWithin(20, MINUTE - 5_000);
    await sendWebhook(message("¿Y qué más?"));
    expect(chatRequests()).toEqual([]);
    await clock.advance(MINUTE);
    await sendWebhook(message("Ya pasó un minuto: uso gel y crema"));
    expect(chatRequests()).toHaveLength(1);
    expect(sentMessages()).toHaveLength(2);
  });

  it("ADR-018.3 with 200 model answers in the last day, the note says to write again tomorrow", async () => {
    await modelAnswersWithin(200, DAY - 10 * MINUTE);
    await sendWebhook(message("Otra pregunta sobre mis rizos"));
    expect(chatRequests()).toEqual([]);
    expect(sentMessages().map((m) => m.Body)).toEqual([expect.stringMatching(/escríbeme mañana/)]);
  });

  it("ADR-018.4 a reset does not give a fresh allowance: after 20 model answers in a minute and a reset, the next message gets the note, the one after silence", async () => {
    for (let i = 1; i <= 20; i++) await sendWebhook(message(`Pregunta número ${i} sobre mis rizos`));
    expect(chatRequests()).toHaveLength(20);
    const before = sentMessages().length;
    await sendWebhook(message("reset"));
    await sendWebhook(message("¿Y ahora me respondes?"));
    await sendWebhook(message("¿Hola?"));
    expect(chatRequests()).toHaveLength(20);
    expect(sentMessages().slice(before).map((m) => m.Body)).toEqual([
      expect.stringMatching(/^Listo/),
      expect.stringMatching(/^Me escribes más rápido de lo que puedo responder bien\. Dame un minuto/),
    ]);
  });

  it("ADR-018.4 each model call leaves one empty record outside the client's prefix, named by its answer's claim; a note or silence leaves none", async () => {
    await sendWebhook(message("Tengo rizos 3A"));
    expect(chatRequests()).toHaveLength(1);
    const claim = JSON.parse(await (await env.MEDIA_BUCKET.get(`${CLIENT}/answers/000001/claim.json`))!.text()) as { claimedAt: string };
    expect(await modelCallKeys()).toEqual([modelCallKey(Date.parse(claim.claimedAt), 1)]);
    expect(await (await env.MEDIA_BUCKET.get(modelCallKey(Date.parse(claim.claimedAt), 1)))!.text()).toBe("");

    await modelCallRecordsWithin(20, MINUTE - 5_000);
    await sendWebhook(message("¿Y qué más?"));
    await sendWebhook(message("¿Hola?"));
    expect(chatRequests()).toHaveLength(1);
    expect(sentMessages().at(-1)!.Body).toMatch(/^Me escribes más rápido/);
    expect(await modelCallKeys()).toHaveLength(21);
  });

  it("ADR-018.4 200 recorded model calls in the last day and no answers left (as after a reset): the note says to write again tomorrow", async () => {
    await modelCallRecordsWithin(200, DAY - 10 * MINUTE);
    await sendWebhook(message("Otra pregunta sobre mis rizos"));
    expect(chatRequests()).toEqual([]);
    expect(sentMessages().map((m) => m.Body)).toEqual([expect.stringMatching(/escríbeme mañana/)]);
  });

  it("ADR-018.4 recorded model calls older than the day do not count", async () => {
    await modelCallRecordsWithin(200, DAY, clock.now() - DAY - 1);
    await sendWebhook(message("Otra pregunta sobre mis rizos"));
    expect(chatRequests()).toHaveLength(1);
  });

  it("ADR-018.4 a model call counts once, though both its answer and its record say so", async () => {
    for (let i = 1; i <= 19; i++) await sendWebhook(message(`Pregunta ${i}`));
    expect(await modelCallKeys()).toHaveLength(19);
    await sendWebhook(message("La pregunta número 20"));
    expect(chatRequests()).toHaveLength(20);
  });

  it("ADR-018.4 what lies where a record goes is kept as it is and counted once; keys of another shape are not counted", async () => {
    const claimedAt = new Date(clock.now() - 1000);
    await env.MEDIA_BUCKET.put(modelCallKey(claimedAt.getTime(), 7), "not written by this Worker");
    await env.MEDIA_BUCKET.put(`model-calls/${CLIENT}/${claimedAt.getTime()}-7.json`, "");
    await env.MEDIA_BUCKET.put(`model-calls/${CLIENT}/${String(claimedAt.getTime()).padStart(13, "0")}-x`, "");
    await recordModelCall(store(), CLIENT, { seq: 7, claimedAt: claimedAt.toISOString() });
    expect(await (await env.MEDIA_BUCKET.get(modelCallKey(claimedAt.getTime(), 7)))!.text()).toBe("not written by this Worker");
    expect(await readClientCalls(store(), CLIENT, claimedAt.getTime() - MINUTE)).toEqual([{ at: claimedAt.getTime(), id: `${claimedAt.getTime()}-7` }]);
  });

  it("ADR-018.4 the count lists from the window's start: a record of the millisecond before it is left out, one of its first millisecond counts", async () => {
    const since = clock.now() - DAY;
    for (const [ms, seq] of [[since - 1, 1], [since, 2], [since + 1, 3]] as const) await env.MEDIA_BUCKET.put(modelCallKey(ms, seq), "");
    expect((await readClientCalls(store(), CLIENT, since)).map((c) => c.id)).toEqual([`${since}-2`, `${since + 1}-3`]);
  });

  it("ADR-018.3 commands are answered by code whatever the limits: the summary link still comes", async () => {
    await modelAnswersWithin(20, MINUTE - 5_000);
    await sendWebhook(message("resumen"));
    expect(sentMessages().map((m) => m.Body)).toEqual([expect.stringMatching(/^Aquí está el resumen de tu consulta/)]);
    expect(chatRequests()).toEqual([]);
  });
});
