/**
 * ADR 016: one answer per burst, in order. Messages are placed at chosen instants on the specs'
 * virtual clock (spec/support/clock.ts); settling windows, caps, model latencies and downloads
 * run in virtual time, so a 40-second burst takes as long as its storage calls, and the outcome
 * does not depend on how busy the machine is.
 */
import { HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import { webhooks } from "../fixtures/twilio/webhooks";
import { answerStatus } from "../src/conversation/answers";
import { burstTiming } from "../src/reply/reply-job";
import { storageOf } from "../src/storage/bucket";
import { readConversation, recordInbound } from "../src/storage/conversation";
import type { ClientKey } from "../src/storage/keys";
import { env } from "cloudflare:workers";
import { answerFor } from "./support/answers";
import { fakeFile, serveTwilioMedia, twilioMediaUrl } from "./support/media";
import { answer, chatRequests, MESSAGES_PATH, network, OPENAI, sentMessages, TWILIO, type ChatRequest } from "./support/network";
import { messageSid, withSid } from "./support/twilio";
import { listingEnv } from "./support/recording-env";
import { clock, get, onTheClock } from "./support/worker";
import { loggedEvents } from "./support/logged";

const CLIENT = "whatsapp:+5215512345678" as ClientKey;
let counter = 0;
const text = (body: string, from: string = CLIENT) => withSid({ ...webhooks["text-es"], From: from, WaId: from.slice(10), Body: body }, messageSid(++counter, "SM"));
function photo(body = "") {
  const sid = messageSid(++counter, "MM");
  const url = twilioMediaUrl(sid, 0);
  const { MediaUrl0: _url, ...rest } = webhooks.photo;
  return withSid({ ...rest, Body: body, MediaUrl0: url }, sid);
}

/** The model answers after `latencies[n]` ms of virtual time (the n-th call), each answer naming its call. */
/** Twilio serves the photo at `url` only after `ms` on the clock; the moments it was served are returned. */
function serveSlowly(url: string, ms: number): number[] {
  const downloaded: number[] = [];
  network.use(
    answer("get", url, async () => {
      await clock.sleep(ms);
      downloaded.push(clock.now());
      return new HttpResponse(fakeFile(1024) as BodyInit, { status: 200, headers: { "content-type": "image/jpeg" } });
    }),
  );
  return downloaded;
}
function modelWithLatencies(latencies: number[]) {
  let calls = 0;
  network.use(
    answer("post", `${OPENAI}/chat/completions`, async () => {
      const n = calls++;
      await clock.sleep(latencies[n] ?? latencies.at(-1) ?? 0);
      const completion = structuredClone(chatCompletion);
      completion.choices[0]!.message.content = `Respuesta ${n + 1}`;
      return HttpResponse.json(completion);
    }),
  );
}

/** Twilio's Messages API, noting when (virtual time) each message was sent. */
function timedSends(): Array<{ at: number; to: string; body: string }> {
  const sends: Array<{ at: number; to: string; body: string }> = [];
  network.use(
    answer("post", `${TWILIO}${MESSAGES_PATH}`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      sends.push({ at: clock.now(), to: form.get("To") ?? "", body: form.get("Body") ?? "" });
      return HttpResponse.json({ sid: messageSid(1_000_000 + sends.length), status: "queued" }, { status: 201 });
    }),
  );
  return sends;
}

/**
 * Twilio's Messages API taking `acceptAfter(body)` ms (virtual) to accept each message: which
 * bodies it was given, in order, and when each was started and accepted.
 */
function slowSends(acceptAfter: (body: string) => number, firstSid: number) {
  const accepted: Array<{ at: number; startedAt: number; body: string }> = [];
  const started: string[] = [];
  network.use(
    answer("post", `${TWILIO}${MESSAGES_PATH}`, async ({ request }) => {
      const body = new URLSearchParams(new TextDecoder().decode(await request.arrayBuffer())).get("Body") ?? "";
      started.push(body);
      const startedAt = clock.now();
      const wait = acceptAfter(body);
      if (wait > 0) await clock.sleep(wait);
      accepted.push({ at: clock.now(), startedAt, body });
      return HttpResponse.json({ sid: messageSid(firstSid + accepted.length), status: "queued" }, { status: 201 });
    }),
  );
  return { accepted, started };
}

const userText = (request: ChatRequest) => JSON.stringify(request.messages.filter((m) => m.role !== "system"));
const imageParts = (request: ChatRequest) =>
  request.messages.flatMap((m) => (Array.isArray(m.content) ? (m.content as Array<{ type: string }>).filter((p) => p.type === "image_url") : []));

describe("a burst of messages", () => {
  it("ADR-016.1 three photos and a line, 250 ms apart, with answers that would finish in reverse order: one reply, from all four and all three photos, after the last", async () => {
    modelWithLatencies([3000, 2000, 1000, 500]);
    const sends = timedSends();
    const photos = [photo(), photo(), photo()];
    serveTwilioMedia(...photos.map((p) => ({ url: p.MediaUrl0, bytes: fakeFile(1024), contentType: "image/jpeg" })));
    const line = text("Esas son todas mis fotos");
    let last = 0;
    await onTheClock(async (send) => {
      for (const message of [...photos, line]) {
        last = await send(message);
        await clock.advance(250);
      }
    });
    expect(chatRequests()).toHaveLength(1);
    expect(sends).toHaveLength(1);
    expect(sends[0]!.at).toBeGreaterThan(last);
    const [request] = chatRequests();
    expect(userText(request!)).toContain("Esas son todas mis fotos");
    expect(imageParts(request!)).toHaveLength(3);
    const answers = await Promise.all([...photos, line].map((m) => answerFor(CLIENT, m.MessageSid)));
    expect(new Set(answers.map((a) => a.seq))).toEqual(new Set([answers[0]!.seq]));
    expect(answers[0]!.covers).toEqual([...photos, line].map((m) => m.MessageSid));
  });

  it("ADR-016.1 a lone message waits only the settling window: its overhead beyond the model call is within 2 s", async () => {
    const latency = 1500;
    modelWithLatencies([latency]);
    const sends = timedSends();
    let at = 0;
    await onTheClock(async (send) => {
      at = await send(text("Hola, quiero una consulta"));
      await clock.advance(10_000);
    });
    expect(sends).toHaveLength(1);
    const overhead = sends[0]!.at - at - latency;
    expect(overhead).toBeGreaterThanOrEqual(burstTiming.settleMs);
    expect(overhead).toBeLessThanOrEqual(2000);
  });

  it("ADR-016.1 a message record dated more than a few seconds ahead (another instance's clock, an hour fast) has no job coming and does not hold the answer back: the client's message is answered, for both", async () => {
    modelWithLatencies([0]);
    const ahead = text("Escrito con un reloj adelantado");
    await recordInbound(storageOf(env), CLIENT, { v: 1, sid: ahead.MessageSid, receivedAt: new Date(clock.now() + 3_600_000).toISOString(), params: ahead }, null);
    const sends = timedSends();
    const current = text("Hola, ¿me ayudas con mis rizos?");
    await onTheClock(async (send) => {
      await send(current);
      await clock.advance(10_000);
    });
    expect(sends).toHaveLength(1);
    expect((await answerFor(CLIENT, current.MessageSid)).covers).toEqual([current.MessageSid, ahead.MessageSid]);
  });

  it("ADR-016.5 a photo still downloading is part of the burst: the answer waits for it and sees it, and the photo's own job, covered meanwhile, ends quietly", async () => {
    const errors = vi.spyOn(console, "error");
    modelWithLatencies([800]);
    const slow = photo("Mi foto de frente");
    const downloaded = serveSlowly(slow.MediaUrl0, 4000); // longer than the settling window
    const sends = timedSends();
    await onTheClock(async (send) => {
      await send(slow);
      await clock.advance(300);
      await send(text("¿La ves bien?"));
      await clock.advance(10_000);
    });
    expect(chatRequests()).toHaveLength(1);
    expect(imageParts(chatRequests()[0]!)).toHaveLength(1);
    expect(sends).toHaveLength(1);
    expect(sends[0]!.body).not.toMatch(/no me llegó/);
    expect(sends[0]!.at).toBeGreaterThan(downloaded[0]!);
    expect(loggedEvents(errors)).toEqual([]); // the photo's job found its message covered: no reply_failed
  });

  it("ADR-016.5 the wait is bounded by mediaWaitMs: a photo still downloading then is not waited for, and the answer goes out without it", async () => {
    modelWithLatencies([0]);
    const slow = photo("Mi foto de frente");
    const downloaded = serveSlowly(slow.MediaUrl0, 20_000); // past mediaWaitMs, within the job's 28 s
    const sends = timedSends();
    let at = 0;
    await onTheClock(async (send) => {
      await send(slow);
      await clock.advance(300);
      at = await send(text("¿La ves bien?"));
      await clock.advance(30_000);
    });
    expect(sends).toHaveLength(1);
    expect(sends[0]!.at).toBeLessThan(downloaded[0]!);
    // Claimed a settling window after the last message, then mediaWaitMs, looked at every pollMs.
    expect(sends[0]!.at - at).toBeGreaterThanOrEqual(burstTiming.settleMs + burstTiming.mediaWaitMs);
    expect(sends[0]!.at - at).toBeLessThanOrEqual(burstTiming.settleMs + burstTiming.mediaWaitMs + burstTiming.pollMs);
    expect(chatRequests()).toHaveLength(1);
    expect(chatRequests()[0]!.messages.filter((m) => m.role !== "system")).toEqual([
      { role: "user", content: "Mi foto de frente\n[attachment 1 (image/jpeg) did not come through]" },
      { role: "user", content: "¿La ves bien?" },
    ]);
  });

  it("ADR-004.6 a job whose claim would come at the end of its budget (its own photo took 27 s to arrive, then the settling window) starts no answer; the client's next message is answered for both", async () => {
    modelWithLatencies([0]);
    const slow = photo("Mi foto de frente");
    serveSlowly(slow.MediaUrl0, 27_000); // with the settling window, the job's whole 28 s
    const sends = timedSends();
    const next = text("¿Te llegó la foto?");
    await onTheClock(async (send) => {
      await send(slow);
      await clock.advance(60_000);
      expect(sends).toEqual([]);
      expect((await readConversation(storageOf(env), CLIENT)).answers).toEqual([]);
      await send(next);
      await clock.advance(10_000);
    });
    expect(sends).toHaveLength(1);
    expect((await answerFor(CLIENT, next.MessageSid)).covers).toEqual([slow.MessageSid, next.MessageSid]);
  });

  it("ADR-016.5 a lone photo already recorded when the answer is claimed is not waited for: the answer's overhead is within 2 s, as a text's", async () => {
    modelWithLatencies([0]);
    const lone = photo("Mi foto de frente");
    serveTwilioMedia({ url: lone.MediaUrl0, bytes: fakeFile(1024), contentType: "image/jpeg" });
    const sends = timedSends();
    let at = 0;
    await onTheClock(async (send) => {
      at = await send(lone);
      await clock.advance(20_000);
    });
    expect(chatRequests()).toHaveLength(1);
    expect(imageParts(chatRequests()[0]!)).toHaveLength(1);
    expect(sends).toHaveLength(1);
    const overhead = sends[0]!.at - at;
    expect(overhead).toBeGreaterThanOrEqual(burstTiming.settleMs);
    expect(overhead).toBeLessThanOrEqual(2000);
  });

  it("ADR-016.5 the answer waits for its own burst's photo still downloading: an earlier photo of the conversation, recorded long before, does not end the wait", async () => {
    modelWithLatencies([800]);
    const earlier = photo("Mi foto de perfil");
    serveTwilioMedia({ url: earlier.MediaUrl0, bytes: fakeFile(1024), contentType: "image/jpeg" });
    const slow = photo("Mi foto de frente");
    const downloaded = serveSlowly(slow.MediaUrl0, 4000); // longer than the settling window
    const sends = timedSends();
    await onTheClock(async (send) => {
      await send(earlier);
      await clock.advance(20_000); // answered, its photo's ingestion long recorded
      expect(sends).toHaveLength(1);
      await send(slow);
      await clock.advance(300);
      await send(text("¿Y esta?"));
      await clock.advance(10_000);
    });
    expect(chatRequests()).toHaveLength(2);
    expect(imageParts(chatRequests()[1]!)).toHaveLength(1); // the new photo; the earlier one was answered
    expect(sends).toHaveLength(2);
    expect(sends[1]!.body).not.toMatch(/no me llegó/);
    expect(sends[1]!.at).toBeGreaterThan(downloaded[0]!);
  });
});

describe("what the reply path lists while it waits", () => {
  it("ADR-025.1 while an answer waits for a burst's photo it lists only the ingestion records, and the whole conversation once when the wait ends", async () => {
    modelWithLatencies([500]);
    const slow = photo("Mi foto de frente");
    serveSlowly(slow.MediaUrl0, 6000); // the waiting answer looks again every burstTiming.pollMs: about 30 times
    const line = text("¿La ves bien?");
    const lists: string[] = [];
    await onTheClock(async (send) => {
      await send(slow);
      await clock.advance(300);
      await send(line);
      await clock.advance(15_000);
    }, listingEnv(lists));
    expect(sentMessages()).toHaveLength(1);
    const polls = lists.filter((prefix) => prefix === `${CLIENT}/ingested/`).length;
    expect(polls).toBeGreaterThan(10);
    // The whole conversation: at the claim, once after the wait, and by the model's photo observation (ADR 019), never a poll.
    expect(lists.filter((prefix) => prefix === `${CLIENT}/`).length).toBeLessThan(6);
  });
  it("ADR-025.1 an answer whose photo was recorded before its claim does not wait: it lists no ingestion records and reads the whole conversation at its claim only", async () => {
    modelWithLatencies([0]);
    const lone = photo("Mi foto de frente");
    serveTwilioMedia({ url: lone.MediaUrl0, bytes: fakeFile(1024), contentType: "image/jpeg" });
    const lists: string[] = [];
    await onTheClock(async (send) => {
      await send(lone);
      await clock.advance(20_000);
    }, listingEnv(lists));
    expect(sentMessages()).toHaveLength(1);
    expect(lists.filter((prefix) => prefix === `${CLIENT}/ingested/`)).toEqual([]);
    // The whole conversation: by the photo's look when it arrived (ADR 019) and at the claim, never after.
    expect(lists.filter((prefix) => prefix === `${CLIENT}/`)).toEqual([`${CLIENT}/`, `${CLIENT}/`]);
  });
});

describe("a message that arrives while the model is answering", () => {
  it("ADR-016.9 the generation in progress is discarded and one answer covers both: nothing answered twice, nothing ignored", async () => {
    modelWithLatencies([3000, 1000]);
    const sends = timedSends();
    const first = text("Tengo el pelo rizado");
    const second = text("Y se me esponja mucho con la humedad");
    await onTheClock(async (send) => {
      await send(first);
      await clock.advance(burstTiming.settleMs + 1000); // the first answer is being written
      expect(chatRequests()).toHaveLength(1);
      await send(second);
      await clock.advance(10_000);
    });
    expect(chatRequests()).toHaveLength(2);
    expect(userText(chatRequests()[1]!)).toContain(first.Body);
    expect(userText(chatRequests()[1]!)).toContain(second.Body);
    expect(sends.map((s) => s.body)).toEqual(["Respuesta 2"]);
    const state = await readConversation(storageOf(env), CLIENT);
    expect(state.answers.map((a) => [a.seq, answerStatus(a)])).toEqual([[1, "superseded"], [2, "sent"]]);
    expect((await answerFor(CLIENT, first.MessageSid)).covers).toEqual([first.MessageSid, second.MessageSid]);
  });
});

describe("a client who keeps writing", () => {
  it("ADR-016.4 one message a second for 40 s: answered within the cap, every message covered once, answers in order", async () => {
    modelWithLatencies([1500]);
    const sends = timedSends();
    const messages = Array.from({ length: 40 }, (_, i) => text(`Mensaje ${i + 1} sobre mis rizos`));
    const sentAt: number[] = [];
    await onTheClock(async (send) => {
      for (const message of messages) {
        sentAt.push(await send(message));
        await clock.advance(1000);
      }
      await clock.advance(20_000);
    });
    const firstAnswer = sends[0]!.at - sentAt[0]!;
    // Claimed by the first job that looks once the oldest message is capMs old (the one sent 1 s before then), final; then the model's 1.5 s.
    expect(firstAnswer).toBe(burstTiming.capMs + 1500);
    const answers = await Promise.all(messages.map((m) => answerFor(CLIENT, m.MessageSid)));
    expect(answers.every((a) => a.status === "sent")).toBe(true);
    const seqs = answers.map((a) => a.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b)); // later messages never in an earlier answer
    expect(new Set(seqs).size).toBe(sends.length);
    expect(sends.length).toBeLessThanOrEqual(5);
    expect(sends.map((s) => s.at)).toEqual([...sends.map((s) => s.at)].sort((a, b) => a - b));
  });
});

describe("commands in the middle of a burst", () => {
  it("ADR-016.3 \"resumen\" is answered at once, without waiting for the burst's settling window or calling the model", async () => {
    await onTheClock(async (send) => {
      await send(text("Hola, tengo rizos"));
      await clock.advance(100);
      const summary = text("resumen");
      await send(summary);
      await clock.advance(100); // well inside the settling window of the first message
      expect(sentMessages().map((m) => m.Body)).toEqual([expect.stringMatching(/^Aquí está el resumen de tu consulta/)]);
      expect(chatRequests()).toEqual([]);
      await clock.advance(burstTiming.settleMs);
    });
    expect(sentMessages().map((m) => m.Body)).toEqual([expect.stringMatching(/^Aquí está el resumen/), expect.any(String)]);
    // Written out here, not built with the template it checks: the words, then this client's live page.
    const link = /^Aquí está el resumen de tu consulta, siempre actualizado: https:\/\/wa\.example\.com(\/summary\/[A-Za-z0-9_-]{20,})$/.exec(sentMessages()[0]!.Body!);
    expect(link).not.toBeNull();
    const page = await get(link![1]!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Hola, tengo rizos");
    expect(chatRequests()).toHaveLength(1);
  });
});

describe("answers in order", () => {
  it("ADR-016.10 an answer written faster than the one before it waits for it: answers go out in the order of the messages they answer", async () => {
    const fast = 200;
    const slow = 6000;
    let calls = 0;
    network.use(
      answer("post", `${OPENAI}/chat/completions`, async () => {
        const n = ++calls;
        await clock.sleep(n === 1 ? slow : fast);
        const completion = structuredClone(chatCompletion);
        completion.choices[0]!.message.content = `Respuesta ${n}`;
        return HttpResponse.json(completion);
      }),
    );
    const sends = timedSends();
    // The first burst reaches the cap: its answer is final and cannot be superseded.
    const burst = Array.from({ length: 17 }, (_, i) => text(`Parte ${i + 1} de mi historia capilar`));
    const after = text("Y otra cosa: uso aceite de coco");
    await onTheClock(async (send) => {
      for (const message of burst) {
        await send(message);
        await clock.advance(1000);
      }
      expect(chatRequests()).toHaveLength(1); // the final answer is being written (slowly)
      await send(after);
      await clock.advance(30_000);
    });
    expect(chatRequests()).toHaveLength(2);
    expect(sends.map((s) => s.body)).toEqual(["Respuesta 1", "Respuesta 2"]);
    expect(sends[1]!.at).toBeGreaterThanOrEqual(sends[0]!.at);
    expect((await answerFor(CLIENT, after.MessageSid)).seq).toBeGreaterThan((await answerFor(CLIENT, burst[0]!.MessageSid)).seq);
  });
});

describe("answers in order while Twilio is slow", () => {
  it("ADR-016.10 an answer already decided but still being sent (a slow Twilio, 2 parts) is waited for: the next answer is accepted after all of it", async () => {
    const long = ["Primero, sobre tu rutina de lavado: ", "Segundo, sobre tus productos: "].map((start) => start + "cuida tus rizos con calma. ".repeat(45).trim());
    let calls = 0;
    network.use(
      answer("post", `${OPENAI}/chat/completions`, async () => {
        const n = ++calls;
        await clock.sleep(200);
        const completion = structuredClone(chatCompletion);
        completion.choices[0]!.message.content = n === 1 ? long.join("\n\n") : "Respuesta 2";
        return HttpResponse.json(completion);
      }),
    );
    // Twilio takes 3 s (virtual) to accept each part of the first answer, at once for the rest.
    const { accepted, started } = slowSends((body) => (body === "Respuesta 2" ? 0 : 3000), 2_000_000);
    const first = text("¿Qué rutina me recomiendas?");
    const second = text("Gracias, ¿y para la noche?");
    await onTheClock(async (send) => {
      await send(first);
      // Until answer 1 is decided and its first part is with Twilio (by steps: storage calls take real time).
      for (let step = 0; step < 200 && started.length === 0; step++) await clock.advance(100);
      expect([started.length, accepted.length]).toEqual([1, 0]);
      expect((await answerFor(CLIENT, first.MessageSid)).status).toBe("pending");
      await send(second);
      await clock.advance(20_000);
    });
    expect(accepted.map((a) => a.body.split(",")[0])).toEqual(["Primero", "Segundo", "Respuesta 2"]);
    expect(accepted.slice(0, 2).map((a) => a.body)).toEqual(long);
    expect(accepted[2]!.startedAt).toBeGreaterThanOrEqual(accepted[1]!.at);
    expect((await answerFor(CLIENT, second.MessageSid)).seq).toBe((await answerFor(CLIENT, first.MessageSid)).seq + 1);
  });
});

describe("a burst that reaches the cap", () => {
  it("ADR-016.1 is answered from every message its answer covers, those newer than the message whose job claimed it too", async () => {
    modelWithLatencies([100]);
    timedSends();
    // A message every 500 ms for 16 s: a job settles 1 s, so the one that reaches the 15 s cap is not the newest's.
    const burst = Array.from({ length: 33 }, (_, i) => text(`Mensaje número ${i + 1}`));
    await onTheClock(async (send) => {
      for (const message of burst) {
        await send(message);
        await clock.advance(500);
      }
      await clock.advance(30_000);
    });
    const state = await readConversation(storageOf(env), CLIENT);
    const first = state.answers.find((a) => a.claim?.final)!;
    const request = userText(chatRequests()[0]!);
    for (const sid of first.claim!.covers) expect(request).toContain(burst.find((m) => m.MessageSid === sid)!.Body);
  });
});

describe("an earlier answer still being sent after the wait's bound", () => {
  afterEach(() => vi.restoreAllMocks());

  it("ADR-016.10 the next answer waits for it only orderWaitMs from its decision, then goes out, and the operator is told which answer was still pending", async () => {
    modelWithLatencies([200]);
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    // Twilio takes 20 s (virtual) to accept the first answer, longer than the wait's bound; the second at once.
    const { accepted, started } = slowSends((body) => (body === "Respuesta 1" ? 20_000 : 0), 3_000_000);
    const first = text("¿Qué rutina me recomiendas?");
    const second = text("Gracias, ¿y para la noche?");
    await onTheClock(async (send) => {
      await send(first);
      for (let step = 0; step < 200 && started.length === 0; step++) await clock.advance(100);
      expect((await answerFor(CLIENT, first.MessageSid)).status).toBe("pending");
      await send(second);
      await clock.advance(40_000);
    });
    const [one, two] = [(await answerFor(CLIENT, first.MessageSid)).seq, (await answerFor(CLIENT, second.MessageSid)).seq];
    const state = await readConversation(storageOf(env), CLIENT);
    const decided = state.answers.find((a) => a.seq === two)!.reply!.decidedAt;
    expect(accepted.map((a) => [a.body, a.startedAt])).toEqual([
      ["Respuesta 2", Date.parse(decided) + burstTiming.orderWaitMs],
      ["Respuesta 1", accepted[1]!.startedAt],
    ]);
    expect(accepted[0]!.at).toBeLessThan(accepted[1]!.at);
    expect(loggedEvents(warnings, "earlier_answer_still_pending")).toEqual([
      { event: "earlier_answer_still_pending", client: `whatsapp:+…${CLIENT.slice(-4)}`, seq: two, earlier: [one] },
    ]);
  });
});

describe("a generation overtaken by the next message", () => {
  afterEach(() => vi.restoreAllMocks());

  it("ADR-016.9 is discarded at its decision, and the operator is told which answer of the client was superseded", async () => {
    modelWithLatencies([3000, 1000]);
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const sends = timedSends();
    const first = text("Tengo el pelo rizado");
    const second = text("Y se me esponja mucho con la humedad");
    await onTheClock(async (send) => {
      await send(first);
      await clock.advance(burstTiming.settleMs + 1000);
      await send(second);
      await clock.advance(10_000);
    });
    expect(sends.map((s) => s.body)).toEqual(["Respuesta 2"]);
    expect(loggedEvents(warnings, "answer_superseded")).toEqual([{ event: "answer_superseded", client: `whatsapp:+…${CLIENT.slice(-4)}`, seq: 1 }]);
  });
});

describe("a final answer that waits for a photo while the next answer is decided", () => {
  it("ADR-004.3 is composed from the conversation up to its own burst: the next answer, decided meanwhile, is not in its model request", async () => {
    let calls = 0;
    network.use(
      answer("post", `${OPENAI}/chat/completions`, async () => {
        const n = ++calls;
        await clock.sleep(200);
        const completion = structuredClone(chatCompletion);
        completion.choices[0]!.message.content = `Respuesta ${n}`;
        return HttpResponse.json(completion);
      }),
    );
    timedSends();
    const slow = photo("Mi foto de frente");
    serveSlowly(slow.MediaUrl0, 30_000); // longer than the answer waits for it
    // The burst reaches the cap: its answer is final, and then waits for the photo.
    const burst = [slow, ...Array.from({ length: 16 }, (_, i) => text(`Parte ${i + 1} de mi historia capilar`))];
    const after = text("Y otra cosa: uso aceite de coco");
    await onTheClock(async (send) => {
      for (const message of burst) {
        await send(message);
        await clock.advance(1000);
      }
      await send(after);
      await clock.advance(40_000);
    });
    const requests = chatRequests();
    expect(requests).toHaveLength(2);
    // One request per answer: the burst's holds none of the message after it.
    expect(requests.map((r) => userText(r).includes(after.Body)).sort()).toEqual([false, true]);
    const forBurst = requests.find((r) => !userText(r).includes(after.Body))!;
    expect(forBurst.messages.filter((m) => m.role === "assistant")).toEqual([]);
  });
});
