/**
 * ADR 020.7: "delete my data" and "borrar mis datos" delete everything of the client: every KV
 * entry and R2 object under their prefix, and Twilio's copies of every message they sent or
 * received and of its media; then one confirmation. What is left holds no word, photo or voice
 * of the client: only the content-free markers that exactly-once needs and the record of an
 * opt-out; the records of their model calls (ADR 018.4), which a reset keeps, go too. Twilio's
 * refusals (20009 while a message is not final yet) are retried; what could not be deleted is
 * logged with its SIDs.
 */
import { env } from "cloudflare:workers";
import { HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import transcription from "../fixtures/openai/transcription.json";
import { webhooks } from "../fixtures/twilio/webhooks";
import { deleteDataAskedConfirmation, deleteDataConfirmation, optOutConfirmation } from "../src/conversation/commands";
import { storageOf } from "../src/storage/bucket";
import type { ClientKey } from "../src/storage/keys";
import { readConsent } from "../src/storage/outside-client";
import { fakeFile, serveTwilioMedia, transcriptionStandIn } from "./support/media";
import { answer, chatRequests, MESSAGE_RESOURCE, MESSAGES_PATH, network, sentMessages, TWILIO, twilioDeletions } from "./support/network";
import { allKvKeys, r2Contents } from "./support/storage";
import { clock, onTheClock, sendWebhook } from "./support/worker";

const store = storageOf(env);
const client = webhooks["text-es"].From as ClientKey;
const neighbour = "whatsapp:+52155123456789" as ClientKey;

let sequence = 0;
function message(body: string, from: string = client) {
  const sid = `SM${String(++sequence).padStart(4, "0")}${"d".repeat(28)}`;
  return { ...webhooks["text-es"], MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, From: from, WaId: from.slice(10), Body: body };
}

/** Twilio's Messages API, giving each sent message a SID the spec knows. */
function messagesApiWithKnownSids(): string[] {
  const sids: string[] = [];
  network.use(
    answer("post", `${TWILIO}${MESSAGES_PATH}`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      const sid = `SM${"e".repeat(28)}${String(sids.length + 1).padStart(4, "0")}`;
      sids.push(sid);
      return HttpResponse.json({ sid, status: "queued", to: form.get("To"), from: form.get("From"), body: form.get("Body") }, { status: 201 });
    }),
  );
  return sids;
}

/** A consultation with text, a photo and a voice note, all answered. */
async function consultation(): Promise<Array<Record<string, string>>> {
  serveTwilioMedia(
    { url: webhooks.photo.MediaUrl0, bytes: fakeFile(), contentType: "image/jpeg" },
    { url: webhooks["voice-note"].MediaUrl0, bytes: fakeFile(512, [0x4f, 0x67, 0x67, 0x53]), contentType: "audio/ogg" },
  );
  transcriptionStandIn(() => HttpResponse.json(transcription));
  const sent = [webhooks["text-es"], webhooks.photo, webhooks["voice-note"]];
  for (const params of sent) await sendWebhook(params);
  return sent;
}

/** Every R2 object's body by key, and every KV key. */
async function everything(): Promise<{ r2: Record<string, string>; kv: string[] }> {
  const r2 = Object.fromEntries(Object.entries(await r2Contents()).map(([key, { body }]) => [key, body]));
  return { r2, kv: await allKvKeys() };
}

const resource = (url: string) => `${url.slice(url.indexOf("Messages/"))}.json`;

/** Twilio refuses to delete message `sid` twice (20009: not final yet), then deletes it; returns when each attempt came, on the reply job's clock. */
function notFinalTwiceThenDeleted(sid: string): number[] {
  const target = `${TWILIO}/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages/${sid}.json`;
  let refusals = 2;
  const attemptedAt: number[] = [];
  network.use(
    answer("delete", target, () => {
      attemptedAt.push(clock.now());
      return refusals-- > 0
        ? HttpResponse.json({ code: 20009, message: "Cannot delete this resource before it is complete", status: 409 }, { status: 409 })
        : new HttpResponse(null, { status: 204 });
    }),
  );
  return attemptedAt;
}

afterEach(() => vi.restoreAllMocks());

describe("delete my data", () => {
  for (const words of ["delete my data", "BORRAR MIS DATOS", " Borrar  mis datos "]) {
    it(`ADR-020.7 ${JSON.stringify(words)} deletes everything of the client here and at Twilio, then confirms without the model`, async () => {
      const twilioSids = messagesApiWithKnownSids();
      const inbound = await consultation();
      const repliesBefore = [...twilioSids];
      const neighbours = message("Hola, soy la vecina", neighbour);
      await sendWebhook(neighbours);
      const neighbourBefore = Object.entries((await everything()).r2).filter(([key]) => key.startsWith(`${neighbour}/`));
      const neighbourReply = twilioSids.at(-1)!;
      const modelCalls = chatRequests().length;
      const command = message(words);
      await sendWebhook(command);

      // Ours: nothing of the client's words, photos, voice or consultation is left.
      const after = await everything();
      expect(after.kv.filter((key) => key.startsWith(`${client}/`))).toEqual([]);
      const left = Object.entries(after.r2).filter(([key]) => key.startsWith(`${client}/`) || key.includes(`/${client}/`));
      expect(left.filter(([key]) => key.startsWith(`${client}/`))).toEqual([]);
      for (const [key, body] of left) {
        expect(key).not.toMatch(/\/(media|transcripts|messages)\//);
        for (const params of inbound) {
          expect(body).not.toContain(params.MessageSid);
          if (params.Body) expect(body).not.toContain(params.Body);
        }
        expect(body).not.toContain(JSON.parse(JSON.stringify(transcription)).text);
        expect(body).not.toContain(webhooks["text-es"].ProfileName);
      }
      expect(Object.entries(after.r2).filter(([key]) => key.startsWith(`${neighbour}/`))).toEqual(neighbourBefore);

      // Twilio's: every media file, every message the client sent (this one too) and every answer.
      const deleted = new Set(twilioDeletions());
      for (const url of [webhooks.photo.MediaUrl0, webhooks["voice-note"].MediaUrl0]) expect(deleted).toContain(resource(url));
      for (const sid of [...inbound.map((p) => p.MessageSid), command.MessageSid, ...repliesBefore]) expect(deleted).toContain(`Messages/${sid}.json`);
      for (const sid of [neighbours.MessageSid, neighbourReply]) expect(deleted).not.toContain(`Messages/${sid}.json`);

      expect(chatRequests()).toHaveLength(modelCalls);
      expect(sentMessages().at(-1)).toEqual({ To: client, From: "whatsapp:+14155238886", Body: deleteDataConfirmation.es });
    });
  }

  it("ADR-020.7 the confirmation comes after Twilio's copies were deleted", async () => {
    await sendWebhook(webhooks["text-es"]);
    const order: string[] = [];
    network.use(
      answer("delete", MESSAGE_RESOURCE, () => {
        order.push("delete");
        return new HttpResponse(null, { status: 204 });
      }),
      answer("post", `${TWILIO}${MESSAGES_PATH}`, () => {
        order.push("send");
        return HttpResponse.json({ sid: `SM${"f".repeat(32)}`, status: "queued" }, { status: 201 });
      }),
    );
    await sendWebhook(message("delete my data"));
    expect(order.at(-1)).toBe("send");
    expect(order.filter((o) => o === "delete").length).toBeGreaterThanOrEqual(2);
  });

  it("ADR-020.7 a message Twilio will not delete yet (20009) is retried until it can be", async () => {
    await sendWebhook(webhooks["text-es"]);
    notFinalTwiceThenDeleted(webhooks["text-es"].MessageSid);
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    await sendWebhook(message("borrar mis datos"));
    expect(twilioDeletions().filter((path) => path === `Messages/${webhooks["text-es"].MessageSid}.json`)).toHaveLength(3);
    expect(warnings.mock.calls.map((args) => String(args[0])).join("\n")).not.toContain(webhooks["text-es"].MessageSid);
  });

  it("ADR-035.2 the waits between Twilio's refusals (1 s, then 2 s) pass on the reply job's clock", async () => {
    await sendWebhook(webhooks["text-es"]);
    const attemptedAt = notFinalTwiceThenDeleted(webhooks["text-es"].MessageSid);
    await sendWebhook(message("borrar mis datos"));
    expect(attemptedAt.slice(1).map((at, i) => at - attemptedAt[i]!)).toEqual([1000, 2000]);
  });

  it("ADR-004.6 Twilio's deletions are retried only until 5 s before the job's budget ends, however long the job first waited for an answer still being sent", async () => {
    // The first message's answer takes Twilio 20 s (virtual) to accept: "delete my data" waits
    // for it as long as it may (12 s of its 28), so 11 s are left for the deletions' retries.
    const posted: number[] = [];
    network.use(
      answer("post", `${TWILIO}${MESSAGES_PATH}`, async () => {
        posted.push(clock.now());
        if (posted.length === 1) await clock.sleep(20_000);
        return HttpResponse.json({ sid: `SM${"f".repeat(28)}${String(posted.length).padStart(4, "0")}`, status: "queued" }, { status: 201 });
      }),
    );
    const first = message("¿Qué champú me recomiendas?");
    const attemptedAt: number[] = [];
    network.use(
      answer("delete", `${TWILIO}/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages/${first.MessageSid}.json`, () => {
        attemptedAt.push(clock.now());
        return HttpResponse.json({ code: 20429, message: "Too Many Requests", status: 429 }, { status: 429, headers: { "retry-after": "6" } });
      }),
    );
    vi.spyOn(console, "warn").mockImplementation(() => {});
    let asked = 0;
    await onTheClock(async (send) => {
      await send(first);
      for (let step = 0; step < 200 && posted.length === 0; step++) await clock.advance(100);
      asked = await send(message("borrar mis datos"));
      await clock.advance(60_000);
    });
    // Its deletions start 12 s in, with their deadline at 23 s: attempts 6 s apart, at 12 s and 18 s; a third would start at 24 s.
    expect(attemptedAt.map((at) => at - asked)).toEqual([12_000, 18_000]);
  });

  it("ADR-020.7 what Twilio will not delete is logged with its SIDs, never the client's number, and the client is still told", async () => {
    await sendWebhook(webhooks["text-es"]);
    network.use(answer("delete", MESSAGE_RESOURCE, () => HttpResponse.json({ code: 20500, message: "Internal Server Error" }, { status: 500 })));
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const command = message("delete my data");
    await sendWebhook(command);
    const logged = warnings.mock.calls.map((args) => String(args[0])).filter((line) => line.includes("twilio_copies_not_deleted"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(webhooks["text-es"].MessageSid);
    expect(logged[0]).toContain(command.MessageSid);
    expect(logged[0]).not.toContain(client.slice(10));
    expect(sentMessages().at(-1)!.Body).toBe(deleteDataAskedConfirmation.es);
  });

  it("ADR-020.7 the records of the client's model calls (ADR 018.4), which a reset keeps, go too; a neighbour's stay", async () => {
    const modelCalls = async (who: string) => (await env.MEDIA_BUCKET.list({ prefix: `model-calls/${who}/` })).objects.map((o) => o.key);
    await consultation();
    const beforeReset = await modelCalls(client);
    expect(beforeReset.length).toBeGreaterThan(0);
    await sendWebhook(message("reset"));
    expect(await modelCalls(client)).toEqual(beforeReset);
    await sendWebhook(message("Hola de nuevo"));
    await sendWebhook(message("Hola, soy la vecina", neighbour));
    expect(await modelCalls(client)).toHaveLength(beforeReset.length + 1);
    const neighbours = await modelCalls(neighbour);
    expect(neighbours).toHaveLength(1);
    await sendWebhook(message("borrar mis datos"));
    expect(await modelCalls(client)).toEqual([]);
    expect(await modelCalls(neighbour)).toEqual(neighbours);
  });

  it("ADR-020.7 a client who opted out has their data deleted silently, and stays opted out", async () => {
    await consultation();
    await sendWebhook(message("STOP"));
    await sendWebhook(message("borrar mis datos"));
    const after = await everything();
    expect(Object.keys(after.r2).filter((key) => key.startsWith(`${client}/media/`) || key.startsWith(`${client}/transcripts/`))).toEqual([]);
    expect(after.kv).toEqual([]);
    expect(sentMessages().at(-1)!.Body).toBe(optOutConfirmation.es);
    expect((await readConsent(store, client)).optedOut).toBe(true);
  });

  it("ADR-020.7 a retry of the command's webhook does not delete or confirm again", async () => {
    await sendWebhook(webhooks["text-es"]);
    const command = message("delete my data");
    await sendWebhook(command);
    const sent = sentMessages().length;
    const deletions = twilioDeletions().length;
    await sendWebhook(command);
    expect(sentMessages()).toHaveLength(sent);
    expect(twilioDeletions()).toHaveLength(deletions);
  });
});
