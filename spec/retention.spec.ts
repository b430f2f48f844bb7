/**
 * ADR 020.4: retention without a scheduler. Every KV write carries an expiration RETENTION_DAYS
 * (default 180) after it was made, so the consultation record ages out by itself; R2's share is
 * the lifecycle rule the deploy gate applies (spec/node/deploy-gate.spec.ts).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { storageOf } from "../src/storage/bucket";
import { ensureConsultation } from "../src/storage/consultation";
import type { ClientKey } from "../src/storage/keys";
import { sendWebhook } from "./support/worker";

const DAY = 86_400;
const client: ClientKey = "whatsapp:+5215512345678";

async function kvExpirations(): Promise<Array<{ name: string; expiration?: number }>> {
  return (await env.CHAT_HISTORY.list()).keys.map((key) => ({ name: key.name, expiration: key.expiration }));
}

describe("the KV record's lifetime", () => {
  it("ADR-020.4 the consultation record a conversation writes expires 180 days later by default", async () => {
    const before = Math.floor(Date.now() / 1000);
    await sendWebhook(webhooks["text-es"]);
    const after = Math.ceil(Date.now() / 1000);
    const keys = await kvExpirations();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key.expiration, key.name).toBeGreaterThanOrEqual(before + 180 * DAY);
      expect(key.expiration, key.name).toBeLessThanOrEqual(after + 180 * DAY);
    }
  });

  it("ADR-020.4 RETENTION_DAYS sets the period", async () => {
    const before = Math.floor(Date.now() / 1000);
    await ensureConsultation(storageOf({ ...env, RETENTION_DAYS: "30" }), client, new Date().toISOString());
    const [key] = await kvExpirations();
    expect(key!.expiration).toBeGreaterThanOrEqual(before + 30 * DAY);
    expect(key!.expiration).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 30 * DAY);
  });

  it("ADR-020.4 a RETENTION_DAYS that is not a whole number of days above zero counts as unset", async () => {
    for (const value of ["0", "-5", "ninety", "1.5", ""]) {
      await env.CHAT_HISTORY.delete(`${client}/consultation`);
      const before = Math.floor(Date.now() / 1000);
      await ensureConsultation(storageOf({ ...env, RETENTION_DAYS: value }), client, new Date().toISOString());
      const [key] = await kvExpirations();
      expect(key!.expiration, value).toBeGreaterThanOrEqual(before + 180 * DAY);
    }
  });
});
