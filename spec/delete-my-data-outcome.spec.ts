/**
 * ADR 029.9: "delete my data" says what happened. When Twilio confirmed the deletion of every copy
 * (204 or 404), the client is told their data is gone here and at the messaging provider; when
 * Twilio refused any (20009 in a message's first minute, 429, 5xx), they are told it is gone here
 * and that the provider was asked to delete its copies, never that they are gone; and the
 * operator is told what is left. The KV record is deleted by its known key too (ADR 029.10).
 */
import { env } from "cloudflare:workers";
import { HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { deleteDataAskedConfirmation, deleteDataConfirmation, resetConfirmation } from "../src/conversation/commands";
import type { ClientKey } from "../src/storage/keys";
import { answer, MESSAGE_RESOURCE, network, sentMessages } from "./support/network";
import { messageSid, withSid } from "./support/twilio";
import { sendWebhook } from "./support/worker";

const client = webhooks["text-es"].From as ClientKey;
let counter = 0x8a00;
const text = (body: string) => withSid({ ...webhooks["text-es"], Body: body }, messageSid(++counter));

afterEach(() => vi.restoreAllMocks());

describe("the confirmation of delete my data, by outcome", () => {
  it("ADR-029.9 with every DELETE refused, the client is told Twilio was asked, never that its copies are gone", async () => {
    await sendWebhook(text("Hola, tengo rizos"));
    network.use(answer("delete", MESSAGE_RESOURCE, () => HttpResponse.json({ code: 20009, message: "Cannot delete this resource before it is complete" }, { status: 409 })));
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    await sendWebhook(text("borrar mis datos."));
    const confirmation = sentMessages().at(-1)!.Body!;
    expect(confirmation).toBe(deleteDataAskedConfirmation.es);
    expect(confirmation).not.toMatch(/borré[^.]*en nuestro proveedor/);
    expect(confirmation).toMatch(/le pedí a nuestro proveedor de mensajería que borre sus copias/);
    expect(warnings.mock.calls.map((c) => String(c[0])).join("\n")).toContain("twilio_copies_not_deleted");
  });

  it("ADR-029.9 when Twilio confirmed every deletion, the client is told their copies are gone there too", async () => {
    await sendWebhook(text("Hola, tengo rizos"));
    await sendWebhook(text("delete my data"));
    expect(sentMessages().at(-1)!.Body).toBe(deleteDataConfirmation.es);
  });

  it("ADR-029.9 the English wording of each outcome says the same", () => {
    expect(deleteDataAskedConfirmation.en).toMatch(/asked our messaging provider to delete its copies/);
    expect(deleteDataAskedConfirmation.en).not.toMatch(/deleted[^.]*at our messaging provider/);
  });
});

describe("the consultation record is deleted by its key", () => {
  for (const words of ["reset", "borrar mis datos"]) {
    it(`ADR-029.10 ${words}: the KV record goes even when KV's listing does not show it yet`, async () => {
      await sendWebhook(text("Hola, tengo rizos"));
      const key = `${client}/consultation`;
      expect(await env.CHAT_HISTORY.get(key)).not.toBeNull();
      // KV's listing is eventually consistent: here it has not seen the record yet.
      const list = env.CHAT_HISTORY.list.bind(env.CHAT_HISTORY);
      vi.spyOn(env.CHAT_HISTORY, "list").mockImplementation(async (options) => ({ ...(await list(options)), keys: [] }) as never);
      await sendWebhook(text(words));
      expect(await env.CHAT_HISTORY.get(key)).toBeNull();
      if (words === "reset") expect(sentMessages().at(-1)!.Body).toBe(resetConfirmation.es);
    });
  }
});
