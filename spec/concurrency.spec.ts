/**
 * ADR 003.1 and ADR 016.1-016.2: a client who sends several messages at once loses none of them.
 * Each message is its own R2 object created once, so concurrent webhooks never overwrite each
 * other, and the burst gets one answer that covers every one of them.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import { loadConfig } from "../src/config/settings";
import { answerInbound } from "../src/reply/answer-inbound";
import { putRecord, storageOf } from "../src/storage/bucket";
import { readAnswers, recordInbound } from "../src/storage/conversation";
import type { ClientKey } from "../src/storage/keys";
import { createModelClient } from "../src/openai/client";
import { createMessagesClient } from "../src/twilio/messages-client";
import { chatRequests, sentMessages } from "./support/network";
import { answerFor } from "./support/answers";
import { webhookRequest } from "./support/twilio";
import { clock, dispatch, dispatchWith } from "./support/worker";
import { bucketEnv, kvEnv } from "./support/recording-env";

const client = "whatsapp:+5215512345678";
const burst = Array.from({ length: 10 }, (_, i) => {
  const sid = `SM${String(i).padStart(2, "0")}${"c".repeat(30)}`;
  return { ...webhooks["text-es"], MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, Body: `Mensaje ${i}: mis rizos se esponjan` };
});

async function sendAtOnce(messages: Array<Record<string, string>>) {
  const requests = await Promise.all(messages.map((message) => webhookRequest(message)));
  const deliveries = await Promise.all(requests.map((request) => dispatch(request)));
  return deliveries;
}

describe("ten messages from one client at the same moment", () => {
  it("ADR-003.1 every one is recorded, each exactly as Twilio posted it", async () => {
    const deliveries = await sendAtOnce(burst);
    expect(deliveries.map((d) => d.response.status)).toEqual(Array(10).fill(200));
    await Promise.all(deliveries.map((d) => d.settled));
    const listed = await env.MEDIA_BUCKET.list({ prefix: `${client}/messages/` });
    expect(listed.objects.map((o) => o.key).sort()).toEqual(burst.map((m) => `${client}/messages/${m.MessageSid}.json`).sort());
    for (const message of burst) {
      const stored = await env.MEDIA_BUCKET.get(`${client}/messages/${message.MessageSid}.json`);
      expect(JSON.parse(await stored!.text()).params).toEqual(message);
    }
  });

  it("ADR-016.1 the burst is answered once: one model call, one reply, covering every message", async () => {
    const deliveries = await sendAtOnce(burst);
    await Promise.all(deliveries.map((d) => d.settled));
    expect(chatRequests()).toHaveLength(1);
    expect(sentMessages()).toEqual([expect.objectContaining({ To: client })]);
    const answers = await Promise.all(burst.map((message) => answerFor(client, message.MessageSid)));
    expect(new Set(answers.map((a) => a.seq)).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: "sent", covers: burst.map((m) => m.MessageSid).sort() });
  });

  it("ADR-016.2 every message of the burst ends covered by the one answer, and reaches the model in its request", async () => {
    const deliveries = await sendAtOnce(burst);
    await Promise.all(deliveries.map((d) => d.settled));
    const answers = await Promise.all(burst.map((message) => answerFor(client, message.MessageSid)));
    expect(answers.map((a) => a.seq)).toEqual(Array(burst.length).fill(answers[0]!.seq));
    const [request] = chatRequests();
    const composed = JSON.stringify(request!.messages);
    for (const message of burst) expect(composed).toContain(message.Body);
  });
});

describe("messages from different clients at the same moment", () => {
  it("ADR-016.1 each client gets only their own answer", async () => {
    const other = webhooks["text-en"];
    const deliveries = await sendAtOnce([burst[0]!, other, burst[1]!]);
    await Promise.all(deliveries.map((d) => d.settled));
    expect(sentMessages().map((m) => m.To).sort()).toEqual([client, other.From].sort());
    const englishRequest = chatRequests().find((r) => r.messages.some((m) => m.content === other.Body))!;
    expect(englishRequest.messages.filter((m) => m.role === "user").map((m) => m.content)).toEqual([other.Body]);
  });
});

describe("a burst of first messages racing for the consultation record", () => {
  it("ADR-016.2 a KV write refused (about one write per second per key) does not cost the message its answer", async () => {
    const message = burst[0]!;
    const store = storageOf(env);
    const record = { v: 1 as const, sid: message.MessageSid, receivedAt: new Date(clock.now()).toISOString(), params: message };
    await recordInbound(store, client, record);
    // The real namespace, except that writes are refused the way KV refuses them under contention.
    const kv = kvEnv({ put: () => () => Promise.reject(new Error("KV PUT failed: 429 Too Many Requests")) }).CHAT_HISTORY;
    const config = loadConfig(env);
    await answerInbound(
      {
        store: { ...store, kv },
        config,
        model: createModelClient({ ...config.openai, fetch: config.fetch }),
        messages: createMessagesClient({ ...config.twilio, fetch: config.fetch }),
        publicOrigin: "https://wa.example.com",
        clock,
      },
      client,
      record,
    );
    expect(chatRequests()).toHaveLength(1);
    expect(sentMessages()).toEqual([expect.objectContaining({ To: client, Body: chatCompletion.choices[0]!.message.content })]);
  });
});

describe("a command racing for its answer's number", () => {
  it("ADR-016.2 a command whose every try at the next number is taken first (25 of them) gives up: nothing sent, no answer of its own, and the numbers stay with the claims that took them", async () => {
    const first = burst[0]!;
    const { settled } = await dispatch(await webhookRequest(first));
    await settled;
    const sent = sentMessages().length;
    const claimKey = new RegExp(`^${client.replace("+", "\\+")}/answers/(\\d+)/claim\\.json$`);
    const racers: string[] = [];
    // Another job claims each number the command tries just before it, for other messages, 25 times.
    const racing = bucketEnv({
      put: (real) => async (key, value, options) => {
        if (claimKey.test(key) && racers.length < 25) {
          const racer = `SM${String(racers.length).padStart(2, "0")}${"d".repeat(30)}`;
          racers.push(racer);
          await putRecord(storageOf(env), key, { v: 1, seq: Number(claimKey.exec(key)![1]), covers: [racer], claimedAt: new Date(clock.now()).toISOString() });
        }
        return real(key, value, options);
      },
    });
    const summary = { ...first, MessageSid: `SM99${"c".repeat(30)}`, SmsMessageSid: `SM99${"c".repeat(30)}`, SmsSid: `SM99${"c".repeat(30)}`, Body: "resumen" };
    const response = await dispatchWith(racing, await webhookRequest(summary));
    expect(response.status).toBe(200);
    expect(racers).toHaveLength(25);
    expect(sentMessages()).toHaveLength(sent);
    const answers = await readAnswers(storageOf(env), client as ClientKey);
    expect(answers.map((a) => a.claim!.covers)).toEqual([[first.MessageSid], ...racers.map((racer) => [racer])]);
  });
});
