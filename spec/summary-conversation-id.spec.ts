/**
 * ADR 007.1-3 and 007.9: conversation ids are sealed, unguessable, carry no phone number, die
 * with a reset, and the summary command hands out the current one.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { ensureConsultation } from "../src/storage/consultation";
import type { ClientKey } from "../src/storage/keys";
import { conversationIdFor, resolveConversationId } from "../src/summary/conversation-id";
import { seal } from "../src/utils/sealed-token";
import { CLIENT, fullConsultation, fullSnapshot, secret, store, writeConsultation } from "./support/consultation";
import { chatRequests, sentMessages } from "./support/network";
import { get, sendWebhook } from "./support/worker";

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const message = (Body: string, n: number) => {
  const MessageSid = `SM${String(n).padStart(32, "0")}`;
  return { ...webhooks["text-es"], Body, MessageSid, SmsMessageSid: MessageSid, SmsSid: MessageSid };
};

/** The summary link in the last message sent to the client. */
const lastLink = () => /https:\/\/wa\.example\.com(\/summary\/[A-Za-z0-9_-]+)/.exec(sentMessages().at(-1)?.Body ?? "")?.[1];

describe("conversation ids", () => {
  it("ADR-007.1 an id resolves to its client and consultation, stays the same, and shows no phone number", async () => {
    const consultation = await ensureConsultation(store(), CLIENT, "2026-11-20T10:00:00.000Z");
    const id = await conversationIdFor(secret(), CLIENT, consultation);
    expect(await resolveConversationId(secret(), store(), id)).toEqual({ client: CLIENT, consultation });
    expect(await conversationIdFor(secret(), CLIENT, consultation)).toBe(id);
    const bytes = atob(id.replace(/-/g, "+").replace(/_/g, "/"));
    for (const readable of [id, bytes]) {
      expect(readable).not.toContain("5215512345678");
      expect(readable).not.toContain(consultation.id);
    }
    // 12-byte nonce, the sealed "client|128-bit random id" padded to 64 bytes, and a 16-byte tag.
    expect(bytes.length).toBe(12 + 64 + 16);
  });

  it("ADR-007.1 ids are one length whatever the length of the client's number, so an id does not tell how many digits it hides", async () => {
    const lengths = new Set<number>();
    for (const digits of [7, 8, 10, 12, 13, 15]) {
      const client = `whatsapp:+1${"2".repeat(digits - 1)}` as ClientKey;
      const consultation = await ensureConsultation(store(), client, "2026-11-20T10:00:00.000Z");
      const id = await conversationIdFor(secret(), client, consultation);
      expect(await resolveConversationId(secret(), store(), id)).toEqual({ client, consultation });
      lengths.add(id.length);
    }
    expect([...lengths]).toEqual([Math.ceil(((12 + 64 + 16) * 4) / 3)]);
  });

  it("ADR-007.1 an id handed out before ids were padded still resolves (links already sent keep working)", async () => {
    const consultation = await ensureConsultation(store(), CLIENT, "2026-11-20T10:00:00.000Z");
    const unpadded = await seal(secret(), "conversation-id", `${CLIENT}|${consultation.id}`);
    expect(await resolveConversationId(secret(), store(), unpadded)).toEqual({ client: CLIENT, consultation });
    expect(unpadded).not.toBe(await conversationIdFor(secret(), CLIENT, consultation));
  });

  it("ADR-007.1 ids of two clients never collide, and each resolves to its own client", async () => {
    const e164 = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^\d{6,13}$/)).map(([d, rest]) => `whatsapp:+${d}${rest}` as ClientKey);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(e164, { minLength: 2, maxLength: 2 }), async ([a, b]) => {
        const at = "2026-11-20T10:00:00.000Z";
        const [ca, cb] = [await ensureConsultation(store(), a!, at), await ensureConsultation(store(), b!, at)];
        const [ia, ib] = [await conversationIdFor(secret(), a!, ca), await conversationIdFor(secret(), b!, cb)];
        expect(ia).not.toBe(ib);
        expect((await resolveConversationId(secret(), store(), ia))?.client).toBe(a);
        expect((await resolveConversationId(secret(), store(), ib))?.client).toBe(b);
      }),
      { numRuns: 40 },
    );
  });

  it("ADR-007.2 every single-character change of a real id is refused, and answered 404 by the page", async () => {
    const { id } = await writeConsultation(fullConsultation());
    expect((await get(`/summary/${id}`)).status).toBe(200);
    const variants = new Set<string>();
    for (let i = 0; i < id.length; i++) {
      for (const c of BASE64URL) if (c !== id[i]) variants.add(id.slice(0, i) + c + id.slice(i + 1));
      variants.add(id.slice(0, i) + id.slice(i + 1)); // deleted
      variants.add(id.slice(0, i) + "A" + id.slice(i)); // inserted
    }
    variants.add(`${id}A`);
    variants.delete(id);
    const accepted: string[] = [];
    for (const variant of variants) if (await resolveConversationId(secret(), store(), variant)) accepted.push(variant);
    expect(accepted).toEqual([]);
    expect(variants.size).toBeGreaterThan(id.length * 63);
    // And through the route, one substitution at every position.
    const before = await fullSnapshot();
    for (let i = 0; i < id.length; i++) {
      const changed = id.slice(0, i) + (id[i] === "A" ? "B" : "A") + id.slice(i + 1);
      expect((await get(`/summary/${changed}`)).status, `position ${i}`).toBe(404);
    }
    expect(await fullSnapshot()).toEqual(before);
  });

  it("ADR-007.2 unknown, forged and oddly shaped ids get the same 404 page and change nothing", async () => {
    await writeConsultation(fullConsultation());
    const before = await fullSnapshot();
    const odd = fc.oneof(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.stringMatching(/^[A-Za-z0-9_-]{80,128}$/), // the right shape, never sealed with the secret
      fc.constantFrom("", ".", "..", "%00", "%2e%2e", "a/b", "A".repeat(5000), "__proto__", "constructor"),
    );
    await fc.assert(
      fc.asyncProperty(odd, async (id) => {
        const response = await get(`/summary/${encodeURIComponent(id)}`);
        expect(response.status).toBe(404);
        await response.arrayBuffer();
      }),
      { numRuns: 80 },
    );
    // Sealed with another secret: forged.
    const consultation = await ensureConsultation(store(), CLIENT, "2026-11-20T10:00:00.000Z");
    const forged = await conversationIdFor("another-secret-of-enough-length", CLIENT, consultation);
    const response = await get(`/summary/${forged}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("This summary link does not work");
    expect(await fullSnapshot()).toEqual(before);
  });

  it("ADR-007.3 a reset revokes the link; the next consultation gets a new one", async () => {
    await sendWebhook(message("Hola, tengo rizos", 1));
    await sendWebhook(message("resumen", 2));
    const first = lastLink()!;
    expect((await get(first)).status).toBe(200);

    await sendWebhook(message("reiniciar", 3));
    expect((await get(first)).status).toBe(404);

    await sendWebhook(message("Hola otra vez", 4));
    await sendWebhook(message("resumen", 5));
    const second = lastLink()!;
    expect(second).not.toBe(first);
    expect((await get(second)).status).toBe(200);
    expect((await get(first)).status).toBe(404);
  });

  it("ADR-007.9 the summary command replies with the current page link, without calling the model", async () => {
    await sendWebhook(message("Hola, quiero una consulta", 1));
    const modelCalls = chatRequests().length;
    await sendWebhook(message("  RESUMEN ", 2));
    expect(chatRequests()).toHaveLength(modelCalls);
    const link = lastLink()!;
    expect(sentMessages().at(-1)!.Body).toMatch(/^Aquí está el resumen de tu consulta/);
    const consultation = JSON.parse((await env.CHAT_HISTORY.get(`${CLIENT}/consultation`))!);
    expect(link).toBe(`/summary/${await conversationIdFor(secret(), CLIENT, consultation)}`);
    const page = await get(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Hola, quiero una consulta");

    await sendWebhook(message("summary", 3));
    expect(lastLink()).toBe(link); // the same consultation, the same link
  });

  it("ADR-007.9 a first message that is the summary command gets a working link to a consultation with no turns yet", async () => {
    await sendWebhook(message("summary", 1));
    expect(chatRequests()).toHaveLength(0);
    const page = await get(lastLink()!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("No messages yet.");
  });
});
