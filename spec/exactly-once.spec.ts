/**
 * ADR 004.2 (with ADR 003.1): Twilio retries a webhook that timed out or failed. However many
 * copies of one MessageSid arrive, one after another or at the same moment, the model is called
 * once and the client gets one reply; every copy is acknowledged so Twilio stops retrying.
 */
import { describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import { chatRequests, holdModelAnswers, sentMessages } from "./support/network";
import { copyStorage } from "./support/storage";
import { answerFor } from "./support/answers";
import { webhookRequest } from "./support/twilio";
import { dispatch, sendWebhook } from "./support/worker";

const message = webhooks["text-es"];
const client = "whatsapp:+5215512345678";

async function expectAcknowledged(response: Response): Promise<void> {
  expect(response.status).toBe(200);
  expect(await response.text()).toBe("<Response/>");
}

describe("a retry of the same MessageSid, after the first was answered", () => {
  it("ADR-004.2 is acknowledged but gets no second model call and no second reply", async () => {
    await expectAcknowledged(await sendWebhook(message));
    const afterFirst = await copyStorage();
    await expectAcknowledged(await sendWebhook(message));
    await expectAcknowledged(await sendWebhook(message));
    expect(chatRequests()).toHaveLength(1);
    expect(sentMessages()).toHaveLength(1);
    expect(await copyStorage()).toEqual(afterFirst);
  });

  it("ADR-004.2 a retry that arrives while the first is still being answered gets nothing either", async () => {
    const { release } = holdModelAnswers();
    const first = await dispatch(await webhookRequest(message));
    await expectAcknowledged(first.response);
    await expectAcknowledged(await sendWebhook(message)); // Twilio retried before the model answered
    release();
    await first.settled;
    expect(chatRequests()).toHaveLength(1);
    expect(sentMessages()).toHaveLength(1);
  });
});

describe("copies of one MessageSid arriving at the same moment", () => {
  it("ADR-004.2 two concurrent copies: one model call, one reply", async () => {
    const copies = await Promise.all([dispatch(await webhookRequest(message)), dispatch(await webhookRequest(message))]);
    for (const copy of copies) await expectAcknowledged(copy.response);
    await Promise.all(copies.map((copy) => copy.settled));
    expect(chatRequests()).toHaveLength(1);
    expect(sentMessages()).toHaveLength(1);
  });

  it("ADR-004.2 five concurrent copies: recorded once, one model call, one reply", async () => {
    const requests = await Promise.all(Array.from({ length: 5 }, () => webhookRequest(message)));
    const copies = await Promise.all(requests.map((request) => dispatch(request)));
    for (const copy of copies) await expectAcknowledged(copy.response);
    await Promise.all(copies.map((copy) => copy.settled));
    expect(chatRequests()).toHaveLength(1);
    expect(sentMessages()).toEqual([expect.objectContaining({ To: client, Body: chatCompletion.choices[0]!.message.content })]);
    const stored = Object.keys((await copyStorage()).r2).filter((key) => key.startsWith(`${client}/`));
    expect(stored.sort()).toEqual([
      `${client}/answers/000001/claim.json`,
      `${client}/answers/000001/reply.json`,
      `${client}/answers/000001/sending-0.json`,
      `${client}/answers/000001/sent-0.json`,
      `${client}/messages/${message.MessageSid}.json`,
    ]);
    expect(Object.keys((await copyStorage()).r2)).toContain(`seen/${message.MessageSid}`);
    expect(await answerFor(client, message.MessageSid)).toMatchObject({ covers: [message.MessageSid], status: "sent", source: "model" });
  });
});
