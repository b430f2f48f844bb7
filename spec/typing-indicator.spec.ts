/**
 * ADR 016.6: "typing…" once per burst. The job of a burst's first message calls Twilio's typing
 * indicator on it before the model works; a failing or silent indicator never holds the answer
 * back by more than 300 ms, and is logged once.
 */
import { HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import { ACCOUNT_SID, answer, calls, MESSAGES_PATH, network, OPENAI, sentMessages, TWILIO, TYPING_URL, typingCalls } from "./support/network";
import { AUTH_TOKEN, messageSid, webhookRequest, withSid } from "./support/twilio";
import { clock, dispatch, sendWebhook } from "./support/worker";
import { loggedEvents } from "./support/logged";

let counter = 0;
const text = (body: string) => withSid({ ...webhooks["text-es"], Body: body }, messageSid(++counter, "SM"));

afterEach(() => vi.restoreAllMocks());

async function burstOf(bodies: string[]) {
  const messages = bodies.map(text);
  const jobs: Promise<void>[] = [];
  await clock.manual(async () => {
    for (const message of messages) {
      jobs.push((await dispatch(await webhookRequest(message))).settled);
      await clock.advance(300);
    }
  });
  await Promise.all(jobs);
  return messages;
}

describe("the typing indicator", () => {
  it("ADR-016.6 is called once per burst, on its first message, with Basic auth, before the answer is sent", async () => {
    const messages = await burstOf(["Hola", "tengo rizos", "y frizz"]);
    expect(typingCalls()).toEqual([{ messageId: messages[0]!.MessageSid, channel: "whatsapp" }]);
    const [call] = calls.filter((c) => c.url === TYPING_URL);
    expect(call!.headers.authorization).toBe(`Basic ${btoa(`${ACCOUNT_SID}:${AUTH_TOKEN}`)}`);
    expect(call!.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    const order = calls.map((c) => c.url);
    expect(order.indexOf(TYPING_URL)).toBeLessThan(order.indexOf(`${TWILIO}${MESSAGES_PATH}`));
    expect(sentMessages()).toHaveLength(1);
  });

  it("ADR-016.6 a failing indicator (500) does not hold the answer back, and is logged once", async () => {
    network.use(answer("post", TYPING_URL, () => HttpResponse.json({ code: 20500, message: "Internal Server Error" }, { status: 500 })));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await sendWebhook(text("Hola, quiero una consulta"));
    expect(sentMessages()).toHaveLength(1);
    const logged = loggedEvents(warn);
    expect(logged.filter((l) => l.event === "typing_indicator_failed")).toEqual([expect.objectContaining({ reason: "HTTP 500" })]);
  });

  it("ADR-016.6 an indicator that never answers holds the answer back by at most 300 ms", async () => {
    let typingAt = 0;
    let modelAt = 0;
    network.use(
      answer("post", TYPING_URL, () => {
        typingAt = performance.now();
        return new Promise<Response>(() => {}); // Twilio never answers
      }),
      answer("post", `${OPENAI}/chat/completions`, () => {
        modelAt = performance.now();
        return HttpResponse.json(chatCompletion);
      }),
    );
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { settled } = await dispatch(await webhookRequest(text("Hola, quiero una consulta")));
    await settled;
    const next = calls.findIndex((c) => c.url === TYPING_URL) + 1;
    expect(calls[next]).toBeDefined(); // the job went on
    expect(sentMessages()).toHaveLength(1);
    const logged = loggedEvents(warn);
    expect(logged.filter((l) => l.event === "typing_indicator_failed")).toEqual([expect.objectContaining({ reason: "no answer within 300 ms" })]);
    // Real time: the indicator's own timeout, then the job's storage calls (the settling window runs on the virtual clock).
    // The upper bound is the wait excluded (the Twilio clients' 10 s default), not a guess at how fast a loaded machine is.
    expect(modelAt - typingAt).toBeGreaterThanOrEqual(295);
    expect(modelAt - typingAt).toBeLessThan(10_000);
  });

  it("ADR-016.6 commands do not show it: a reset or a summary is answered without \"typing…\"", async () => {
    await sendWebhook(text("resumen"));
    await sendWebhook(text("reset"));
    expect(typingCalls()).toEqual([]);
    expect(sentMessages()).toHaveLength(2);
  });
});
