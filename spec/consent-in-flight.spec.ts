/**
 * ADR 029.8: STOP stops an answer already being sent. With sends taking 1.5 s, a STOP that
 * arrives while part 1 of a 3-part answer is on its way waits for that part, is confirmed, and
 * parts 2 and 3 are never sent: consent is checked before each part.
 */
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { optOutConfirmation } from "../src/conversation/commands";
import { burstTiming } from "../src/reply/reply-job";
import { answer, MESSAGES_PATH, network, OPENAI, TWILIO } from "./support/network";
import { messageSid, webhookRequest, withSid } from "./support/twilio";
import { clock, dispatch } from "./support/worker";

let counter = 0x8800;
const text = (body: string) => withSid({ ...webhooks["text-es"], Body: body }, messageSid(++counter, "SM"));

const paragraph = (n: number) => `Párrafo ${n}: ${"cuida tus rizos con calma y paciencia, ".repeat(36).trim()}`;
const longAnswer = [paragraph(1), paragraph(2), paragraph(3)].join("\n\n");

function chatCompletionOf(content: string) {
  return {
    id: "chatcmpl-in-flight",
    object: "chat.completion",
    created: 1741569952,
    model: "gpt-4o-mini-2024-07-18",
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }],
  };
}

describe("STOP while an answer is being sent", () => {
  it("ADR-029.8 a STOP during part 1 of 3: part 1, the confirmation, and nothing after", async () => {
    const order: string[] = [];
    const started: string[] = [];
    network.use(
      answer("post", `${OPENAI}/chat/completions`, () => HttpResponse.json(chatCompletionOf(longAnswer))),
      answer("post", `${TWILIO}${MESSAGES_PATH}`, async ({ request }) => {
        const body = new URLSearchParams(await request.text()).get("Body") ?? "";
        started.push(body);
        if (body !== optOutConfirmation.es) await clock.sleep(1500);
        order.push(body);
        return HttpResponse.json({ sid: messageSid(0x8900 + order.length), status: "queued" }, { status: 201 });
      }),
    );
    const jobs: Promise<void>[] = [];
    const send = async (params: Record<string, string>) => {
      const { settled } = await dispatch(await webhookRequest(params));
      jobs.push(settled);
    };
    await clock.manual(async () => {
      await send(text("Cuéntame todo sobre el cuidado de los rizos, con detalle"));
      await clock.advance(burstTiming.settleMs);
      for (let waited = 0; started.length === 0 && waited < 10_000; waited += 100) await clock.advance(100);
      expect(started).toHaveLength(1); // part 1 is on its way
      await send(text("STOP"));
      await clock.advance(30_000);
    });
    await Promise.all(jobs);
    expect(order.map((body) => body.slice(0, 10))).toEqual(["Párrafo 1:", optOutConfirmation.es.slice(0, 10)]);
  });
});
