/**
 * ADR 016 as a property: random interleavings of messages from one to three clients, with random
 * model latencies, on the specs' virtual clock. Whatever the timing, no message is lost, none is
 * answered twice, and no client's answers go out of order.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { HttpResponse } from "msw";
import { describe, expect, inject, it } from "vitest";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import { webhooks } from "../fixtures/twilio/webhooks";
import { answerStatus, effectiveCovers } from "../src/conversation/answers";
import { storageOf } from "../src/storage/bucket";
import { readConversation } from "../src/storage/conversation";
import type { ClientKey } from "../src/storage/keys";
import { byArrival } from "../src/storage/records";
import { answer, MESSAGES_PATH, network, OPENAI, TWILIO } from "./support/network";
import { messageSid, webhookRequest, withSid } from "./support/twilio";
import { clock, dispatch } from "./support/worker";
import { specHangMsFor } from "./support/patience";

const RUNS = inject("propertyRuns");

const scenario = fc.record({
  clients: fc.integer({ min: 1, max: 3 }),
  messages: fc.array(fc.record({ client: fc.nat(2), afterMs: fc.integer({ min: 0, max: 2500 }) }), { minLength: 1, maxLength: 6 }),
  latencies: fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 6 }),
});

let run = 0;
let sids = 0;

describe("bursts under any timing", () => {
  it("ADR-016.2 random interleavings of 1-3 clients and model latencies: nothing lost, nothing answered twice, each client's answers in order", { timeout: specHangMsFor(RUNS) }, async () => {
    let latencies: number[] = [];
    let calls = 0;
    const sends: Array<{ to: string; body: string }> = [];
    network.use(
      answer("post", `${OPENAI}/chat/completions`, async () => {
        const n = calls++;
        await clock.sleep(latencies[n % latencies.length]!);
        const completion = structuredClone(chatCompletion);
        completion.choices[0]!.message.content = `Respuesta ${n}`;
        return HttpResponse.json(completion);
      }),
      answer("post", `${TWILIO}${MESSAGES_PATH}`, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        sends.push({ to: form.get("To") ?? "", body: form.get("Body") ?? "" });
        return HttpResponse.json({ sid: messageSid(9_000_000 + sends.length), status: "queued" }, { status: 201 });
      }),
    );
    await fc.assert(
      fc.asyncProperty(scenario, async ({ clients, messages, latencies: drawn }) => {
        run++;
        latencies = drawn;
        sends.length = 0;
        const numbers = Array.from({ length: clients }, (_, i) => `whatsapp:+1666${String(run).padStart(5, "0")}${i}` as ClientKey);
        const sent = messages.map(({ client, afterMs }) => {
          const from = numbers[client % clients]!;
          return { afterMs, params: withSid({ ...webhooks["text-es"], From: from, WaId: from.slice(10), Body: `mensaje ${++sids}` }, messageSid(7_000_000 + sids)) };
        });
        const jobs: Promise<void>[] = [];
        await clock.manual(async () => {
          for (const { afterMs, params } of sent) {
            await clock.advance(afterMs);
            jobs.push((await dispatch(await webhookRequest(params))).settled);
          }
        });
        await Promise.all(jobs);

        for (const number of numbers) {
          const state = await readConversation(storageOf(env), number);
          const mine = sent.filter((m) => m.params.From === number).map((m) => m.params.MessageSid);
          const covers = effectiveCovers(state);
          const sentAnswers = state.answers.filter((a) => answerStatus(a) === "sent");
          // Nothing lost: every message is in exactly one answer that was sent.
          const covering = mine.map((sid) => sentAnswers.filter((a) => covers.get(a.seq)?.includes(sid)).map((a) => a.seq));
          expect(covering.map((seqs) => seqs.length), `${number}: answers covering each message`).toEqual(mine.map(() => 1));
          // Nothing answered twice: one Twilio message per sent answer, and nothing sent for a superseded one.
          const toClient = sends.filter((s) => s.to === number);
          expect(toClient).toHaveLength(sentAnswers.length);
          // In order: answers went out in the order of the chain, and each covers later messages than the one before.
          expect(toClient.map((s) => s.body)).toEqual(sentAnswers.map((a) => (a.reply?.outcome === "send" ? a.reply.text : "")));
          const inbound = new Map(state.inbound.map((m) => [m.sid, m]));
          for (let i = 1; i < sentAnswers.length; i++) {
            const before = covers.get(sentAnswers[i - 1]!.seq)!.map((sid) => inbound.get(sid)!);
            const after = covers.get(sentAnswers[i]!.seq)!.map((sid) => inbound.get(sid)!);
            expect(byArrival(before.sort(byArrival).at(-1)!, after.sort(byArrival)[0]!)).toBeLessThan(0);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
