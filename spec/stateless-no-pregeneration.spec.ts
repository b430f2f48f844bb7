/**
 * ADR 010.2 and 010.6: nothing is generated ahead of a request. The Worker has no queue handler,
 * and its one scheduled handler only retries deletions at Twilio (ADR 032.4; wrangler.toml's side:
 * spec/node/stateless-minimalism.spec.ts); the summary page and the model's input are
 * derived from the stored records of the moment: change them, and the next page and the next
 * model request show the change, and only the current state.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { webhooks } from "../fixtures/twilio/webhooks";
import { chatRequests, sentMessages } from "./support/network";
import { get, sendWebhook } from "./support/worker";
import { answerFor } from "./support/answers";

const CLIENT = "whatsapp:+5215512345678";
const first = webhooks["text-es"];
const second = { ...first, MessageSid: "SM11110000111122223333444455556666", SmsMessageSid: "SM11110000111122223333444455556666", SmsSid: "SM11110000111122223333444455556666", Body: "Tengo rizos 3A" };
const inboundKey = (sid: string) => `${CLIENT}/messages/${sid}.json`;

async function rewriteBody(sid: string, body: string): Promise<void> {
  const record = JSON.parse(await (await env.MEDIA_BUCKET.get(inboundKey(sid)))!.text());
  record.params.Body = body;
  await env.MEDIA_BUCKET.put(inboundKey(sid), JSON.stringify(record), { httpMetadata: { contentType: "application/json" } });
}

async function summaryPath(): Promise<string> {
  await sendWebhook({ ...first, MessageSid: "SM22220000111122223333444455556666", SmsMessageSid: "SM22220000111122223333444455556666", SmsSid: "SM22220000111122223333444455556666", Body: "summary" });
  const link = /\/summary\/[A-Za-z0-9_-]+/.exec(sentMessages().at(-1)?.Body ?? "")?.[0];
  expect(link).toBeDefined();
  return link!;
}

describe("no pre-generation", () => {
  it("ADR-010.2 the Worker answers requests, and its one scheduled handler (ADR 032.4): no queue, email or tail handler", () => {
    expect(typeof worker.fetch).toBe("function");
    expect(Object.keys(worker).sort()).toEqual(["fetch", "scheduled"]);
    for (const handler of ["queue", "email", "tail", "trace"]) expect(handler in worker).toBe(false);
  });

  it("ADR-010.2 the summary page shows a change to the stored records on the very next load", async () => {
    await sendWebhook(first);
    const path = await summaryPath();
    expect(await (await get(path)).text()).toContain("Quiero una consulta para mis rizos");
    await rewriteBody(first.MessageSid, "Cambiado directamente en R2");
    const html = await (await get(path)).text();
    expect(html).toContain("Cambiado directamente en R2");
    expect(html).not.toContain("Quiero una consulta para mis rizos");
  });

  it("ADR-010.2 the next model request is composed from the records as they are now", async () => {
    await sendWebhook(first);
    await rewriteBody(first.MessageSid, "Texto corregido por el operador");
    await sendWebhook(second);
    const contents = chatRequests()[1]!.messages.map((m) => m.content);
    expect(contents).toContain("Texto corregido por el operador");
    expect(contents).not.toContain(first.Body);
  });
});

describe("live views", () => {
  it("ADR-010.6 a record deleted from storage is gone from the next page and the next model request", async () => {
    await sendWebhook(first);
    const path = await summaryPath();
    const answer = (await answerFor(CLIENT, first.MessageSid)).text!;
    expect(await (await get(path)).text()).toContain(answer.slice(0, 40));
    await env.MEDIA_BUCKET.delete([inboundKey(first.MessageSid), `${CLIENT}/answers/000001/reply.json`]);
    const html = await (await get(path)).text();
    expect(html).not.toContain(first.Body);
    expect(html).not.toContain(answer.slice(0, 40));
    await sendWebhook(second);
    expect(chatRequests().at(-1)!.messages.slice(1)).toEqual([{ role: "user", content: second.Body }]);
  });

  it("ADR-010.6 after a reset the old summary link shows nothing of the past consultation", async () => {
    await sendWebhook(first);
    const path = await summaryPath();
    await sendWebhook({ ...second, Body: "reset" });
    const page = await get(path);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain(first.Body);
  });
});
