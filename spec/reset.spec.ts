/**
 * ADR 003.4 and ADR 004.9: the client's commands, answered by code without calling the model.
 * A reset deletes every KV entry and R2 object of that client (however many: listings are
 * followed page by page) and nothing of anyone else; "summary" answers with the page link.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { resetConfirmation } from "../src/conversation/commands";
import { storageOf } from "../src/storage/bucket";
import { readConsultation } from "../src/storage/consultation";
import { mediaKey, type ClientKey } from "../src/storage/keys";
import { putMedia, saveTranscript } from "../src/storage/media";
import { resolveConversationId } from "../src/summary/conversation-id";
import { chatRequests, sentMessages } from "./support/network";
import { copyStorage } from "./support/storage";
import { resetLeaves } from "./support/answers";
import { clock, sendWebhook } from "./support/worker";

const store = storageOf(env);
const client: ClientKey = "whatsapp:+5215512345678";
/** Another client whose number starts with this client's digits: a prefix without "/" would catch it. */
const neighbour: ClientKey = "whatsapp:+52155123456789";
const english = webhooks["text-en"];

let sequence = 0;
function command(body: string, from: string = client) {
  const sid = `SM${String(++sequence).padStart(4, "0")}${"d".repeat(28)}`;
  return { ...webhooks["text-es"], MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, From: from, WaId: from.slice(10), Body: body };
}

/** A consultation in progress: messages, replies, the consultation record, photos, a transcript. */
async function consultationOf(from: ClientKey, photos = 2) {
  const first = { ...webhooks["text-es"], From: from, WaId: from.slice(10) };
  await sendWebhook(first);
  const receivedAt = new Date(clock.now()).toISOString();
  for (let i = 0; i < photos; i++) {
    await putMedia(store, mediaKey(from, receivedAt, first.MessageSid, i, "jpg"), new Uint8Array([0xff, 0xd8, i]).buffer, "image/jpeg");
  }
  await saveTranscript(store, from, first.MessageSid, 0, "tengo el pelo rizado");
}

const keysOf = (entries: Record<string, unknown>, owner: ClientKey) => Object.keys(entries).filter((key) => key.startsWith(`${owner}/`)).sort();
const entriesOf = (entries: Record<string, unknown>, owner: ClientKey) =>
  Object.fromEntries(Object.entries(entries).filter(([key]) => key.startsWith(`${owner}/`)));

/** One client's R2 objects and their contents (the client has fewer than a page of them). */
async function objectsOf(owner: ClientKey): Promise<Record<string, string>> {
  const page = await env.MEDIA_BUCKET.list({ prefix: `${owner}/` });
  expect(page.truncated).toBe(false);
  const entries = await Promise.all(page.objects.map(async (o) => [o.key, await (await env.MEDIA_BUCKET.get(o.key))!.text()] as const));
  return Object.fromEntries(entries);
}

describe("reset, in every spelling", () => {
  for (const body of ["reset", "RESET", "  Reset  ", "start over", "Start   Over", "new consultation", "NEW Consultation", "reiniciar", "Reiniciar ", "empezar de nuevo", "EMPEZAR  DE NUEVO"]) {
    it(`ADR-003.4 ${JSON.stringify(body)} deletes everything of the client, keeps everything of others, and confirms without the model`, async () => {
      await consultationOf(client);
      await consultationOf(neighbour);
      await sendWebhook(english);
      const before = await copyStorage();
      expect(keysOf(before.r2, client).length).toBeGreaterThanOrEqual(5);
      expect(keysOf(before.kv, client)).toEqual([`${client}/consultation`]);
      const modelCalls = chatRequests().length;

      const reset = command(body);
      expect((await sendWebhook(reset)).status).toBe(200);

      const after = await copyStorage();
      expect(keysOf(after.r2, client)).toEqual(resetLeaves(client, reset.MessageSid));
      expect(keysOf(after.kv, client)).toEqual([]);
      for (const other of [neighbour, english.From as ClientKey]) {
        expect(entriesOf(after.r2, other)).toEqual(entriesOf(before.r2, other));
        expect(entriesOf(after.kv, other)).toEqual(entriesOf(before.kv, other));
      }
      expect(chatRequests()).toHaveLength(modelCalls);
      expect(sentMessages().at(-1)).toEqual({ To: client, From: "whatsapp:+14155238886", Body: resetConfirmation.es });
    });
  }

  it("ADR-004.9 a message that only contains a command word is not a command", async () => {
    await sendWebhook(command("quiero hacer un reset de mi rutina"));
    expect(chatRequests()).toHaveLength(1);
  });
});

describe("the language of a command's answer", () => {
  it("ADR-005.4 a Spanish client who types the English word \"reset\" is answered in Spanish", async () => {
    await sendWebhook(command("Hola"));
    await sendWebhook(command("reset"));
    expect(sentMessages().at(-1)!.Body).toBe(resetConfirmation.es);
  });

  it("ADR-005.4 an English client who types \"resumen\" is answered in English", async () => {
    await sendWebhook(english);
    await sendWebhook(command("resumen", english.From));
    expect(sentMessages().at(-1)!.Body).toMatch(/^Here is your consultation summary/);
  });

  it("ADR-005.4 with nothing else to go by, the command word decides", async () => {
    await sendWebhook(command("reiniciar"));
    await sendWebhook(command("reset", "whatsapp:+14155550199"));
    expect(sentMessages().map((m) => m.Body)).toEqual([resetConfirmation.es, resetConfirmation.en]);
  });
});

describe("reset of a client with many objects", () => {
  it("ADR-003.4 deletes more than 1000 R2 objects, following the listing's cursor", async () => {
    await consultationOf(client, 0);
    const receivedAt = new Date(clock.now()).toISOString();
    const keys = Array.from({ length: 1001 }, (_, i) => mediaKey(client, receivedAt, webhooks["text-es"].MessageSid, i, "jpg"));
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((key) => putMedia(store, key, new Uint8Array([1]).buffer, "image/jpeg")));
    }
    await consultationOf(neighbour, 3);
    const neighbourBefore = await objectsOf(neighbour);
    const firstPage = await env.MEDIA_BUCKET.list({ prefix: `${client}/` });
    expect(firstPage.truncated).toBe(true); // more than one page to delete

    const reset = command("reset");
    await sendWebhook(reset);

    const left = await env.MEDIA_BUCKET.list({ prefix: `${client}/` });
    expect(left.objects.map((o) => o.key).sort()).toEqual(resetLeaves(client, reset.MessageSid));
    expect(await objectsOf(neighbour)).toEqual(neighbourBefore);
    expect(sentMessages().at(-1)!.Body).toBe(resetConfirmation.es);
  }, 90_000); // a thousand R2 writes to set the scene take a while on a busy machine

  it("ADR-003.4 deletes objects under the prefix that the Worker did not write, and every KV key under it", async () => {
    await consultationOf(client);
    await env.MEDIA_BUCKET.put(`${client}/notes/operator.txt`, "left by hand");
    await env.MEDIA_BUCKET.put(`${client}/quarantine/2026-01-01T00:00:00.000Z-consultation`, "{broken");
    await env.CHAT_HISTORY.put(`${client}/legacy-session`, "{}");
    const reset = command("reset");
    await sendWebhook(reset);
    const after = await copyStorage();
    expect(keysOf(after.r2, client)).toEqual(resetLeaves(client, reset.MessageSid));
    expect(keysOf(after.kv, client)).toEqual([]);
  });
});

describe("after a reset", () => {
  it("ADR-003.4 a retry of the reset message is recognised and confirmed only once", async () => {
    await consultationOf(client);
    const reset = command("reset");
    await sendWebhook(reset);
    await sendWebhook(reset);
    expect(sentMessages().filter((m) => m.Body === resetConfirmation.es)).toHaveLength(1);
  });

  it("ADR-003.4 the old summary link no longer opens, and the next message starts a new consultation", async () => {
    await consultationOf(client);
    await sendWebhook(command("resumen"));
    const oldId = sentMessages().at(-1)!.Body!.split("/summary/")[1]!;
    expect(await resolveConversationId(env.LINK_SIGNING_SECRET!, store, oldId)).not.toBeNull();

    await sendWebhook(command("reset"));
    expect(await resolveConversationId(env.LINK_SIGNING_SECRET!, store, oldId)).toBeNull();

    await sendWebhook(command("Hola de nuevo, tengo rizos"));
    expect(chatRequests().at(-1)!.messages.slice(1)).toEqual([{ role: "user", content: "Hola de nuevo, tengo rizos" }]);
    expect((await readConsultation(store, client)).consultation).not.toBeNull();
  });
});

describe("summary, in every spelling", () => {
  /** Written out here, not built with the template the spec checks. */
  const summaryWords = { en: "Here is your consultation summary, always up to date:", es: "Aquí está el resumen de tu consulta, siempre actualizado:" };
  for (const [body, language] of [
    ["summary", "en"],
    ["  SUMMARY ", "en"],
    ["resumen", "es"],
    ["Resumen", "es"],
  ] as const) {
    it(`ADR-004.9 ${JSON.stringify(body)} replies with this consultation's /summary/ link without calling the model`, async () => {
      const from: ClientKey = language === "es" ? client : (english.From as ClientKey);
      await sendWebhook(language === "es" ? webhooks["text-es"] : english);
      const modelCalls = chatRequests().length;
      await sendWebhook(command(body, from));
      expect(chatRequests()).toHaveLength(modelCalls);
      const reply = sentMessages().at(-1)!;
      expect(reply.To).toBe(from);
      const link = /https:\/\/wa\.example\.com\/summary\/([A-Za-z0-9_-]+)$/.exec(reply.Body!);
      expect(link).not.toBeNull();
      expect(reply.Body).toBe(`${summaryWords[language]} ${link![0]}`);
      expect(await resolveConversationId(env.LINK_SIGNING_SECRET!, store, link![1]!)).toMatchObject({ client: from });
    });
  }
});
