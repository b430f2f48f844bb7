/**
 * ADR 002 and ADR 004: a client's WhatsApp message is recorded, acknowledged with empty TwiML,
 * and answered in the background by the model through Twilio's Messages API.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { chatRequests, holdModelAnswers, sentMessages } from "./support/network";
import { copyStorage } from "./support/storage";
import { webhookRequest } from "./support/twilio";
import { dispatch, sendWebhook } from "./support/worker";
import chatCompletion from "../fixtures/openai/chat-completion.json";

describe("a text message round trip", () => {
  it("ADR-002.4 records the message, then acknowledges with 200 empty TwiML", async () => {
    const response = await sendWebhook(webhooks["text-es"]);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(await response.text()).toBe("<Response/>");
    const stored = await env.MEDIA_BUCKET.get(`whatsapp:+5215512345678/messages/${webhooks["text-es"].MessageSid}.json`);
    expect(JSON.parse(await stored!.text()).params).toEqual(webhooks["text-es"]);
  });

  it("ADR-004.3 calls the model with the system prompt first, then the conversation", async () => {
    await sendWebhook(webhooks["text-es"]);
    const [request] = chatRequests();
    expect(request!.model).toBe("gpt-6-luna");
    expect(request!.messages[0]!.role).toBe("system");
    expect(request!.messages[0]!.content).toContain("Tata Oro");
    expect(request!.messages.slice(1)).toEqual([{ role: "user", content: webhooks["text-es"].Body }]);
  });

  it("ADR-004.1 sends the model's answer to the client, from the assistant's number", async () => {
    await sendWebhook(webhooks["text-es"]);
    expect(sentMessages()).toEqual([
      { To: "whatsapp:+5215512345678", From: "whatsapp:+14155238886", Body: chatCompletion.choices[0]!.message.content },
    ]);
  });

  it("ADR-004.3 the next request carries the whole history, answers included", async () => {
    await sendWebhook(webhooks["text-es"]);
    await sendWebhook({ ...webhooks["text-es"], MessageSid: "SM99990000111122223333444455556666", SmsMessageSid: "SM99990000111122223333444455556666", SmsSid: "SM99990000111122223333444455556666", Body: "Tengo el pelo rizado 3A" });
    const second = chatRequests()[1]!;
    expect(second.messages.slice(1).map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(second.messages.at(-1)!.content).toBe("Tengo el pelo rizado 3A");
  });

  it("ADR-002.4 acknowledges without waiting for the model", async () => {
    const { release } = holdModelAnswers();
    const { response, settled } = await dispatch(await webhookRequest(webhooks["text-en"]));
    expect(response.status).toBe(200);
    expect(sentMessages()).toHaveLength(0); // the model has not answered yet
    expect(Object.keys((await copyStorage()).r2)).toContain(`whatsapp:+14155550123/messages/${webhooks["text-en"].MessageSid}.json`);
    release();
    await settled;
    expect(sentMessages()).toHaveLength(1);
  });
});
