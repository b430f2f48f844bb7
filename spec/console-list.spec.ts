/**
 * ADR 028.3: the console's list, derived when asked: most recent client message first, 25 a page,
 * a search by name or digits, the number masked, each row's state, its last answer's delivery and
 * the 24-hour window; malformed stored state never makes it fail. ADR 028.8: the console's pages
 * carry the summary page's strict headers and post only to themselves.
 */

import { env as workerEnv } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { recordActivity, recordPause } from "../src/storage/console-records";
import { storageOf } from "../src/storage/bucket";
import { recordReceipt } from "../src/storage/conversation";
import type { ClientKey } from "../src/storage/keys";
import { recordConsent } from "../src/storage/outside-client";
import { accessTeam, consoleFetch, STYLIST_EMAIL, type AccessTeam } from "./support/access";
import { HANDOFF_SUMMARY, sid, writeAnswer, writeConsultation } from "./support/consultation";
import { parseHtml } from "./support/html";
import { clock } from "./support/worker";

const store = storageOf(workerEnv);
const HOUR = 3600_000;

const clientNumber = (n: number) => `whatsapp:+1555${String(n).padStart(7, "0")}` as ClientKey;

/** A client with one message `hoursAgo`, listed as the webhook would have listed them. */
async function seedClient(n: number, options: { hoursAgo?: number; name?: string; reply?: { handoffSummary?: string; status?: "sent" | "failed" } } = {}) {
  const client = clientNumber(n);
  const at = new Date(clock.now() - (options.hoursAgo ?? n / 100) * HOUR).toISOString();
  const messageSid = sid();
  const { id } = await writeConsultation(
    [{ sid: messageSid, at, body: `hola ${n}`, profileName: options.name ?? `Clienta ${n}`, ...(options.reply ? { reply: { at, text: "respuesta", ...options.reply } } : {}) }],
    client,
  );
  await recordActivity(store, { client, at, name: options.name ?? `Clienta ${n}` });
  return { client, id, at };
}

interface Row {
  name: string;
  state: string;
  href: string | undefined;
  text: string;
}

async function listOf(team: AccessTeam, query = ""): Promise<{ rows: Row[]; next: string | undefined; html: string; status: number }> {
  const response = await consoleFetch(team, `/console${query}`, await team.token());
  const html = await response.text();
  const rows = [...html.matchAll(/<li data-state="([^"]+)">([\s\S]*?)<\/li>/g)].map((m) => ({
    state: m[1]!,
    href: /href="([^"]+)"/.exec(m[2]!)?.[1],
    name: /<bdi>([^<]*)<\/bdi>/.exec(m[2]!)?.[1] ?? "",
    text: m[2]!.replace(/<[^>]+>/g, ""),
  }));
  const next = /href="(\/console\?before=[^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
  return { rows, next, html, status: response.status };
}

describe("the console's list", () => {
  it("ADR-028.3 most recent client message first, 25 a page, then the next page; numbers masked to their last 4 digits", async () => {
    const team = await accessTeam();
    for (let n = 1; n <= 30; n++) await seedClient(n);
    const first = await listOf(team);
    expect(first.status).toBe(200);
    expect(first.rows.map((r) => r.name)).toEqual(Array.from({ length: 25 }, (_, i) => `Clienta ${i + 1}`));
    expect(first.rows[0]!.text).toContain("•••• 0001");
    expect(first.html).not.toContain("15550000001");
    const second = await listOf(team, first.next!.slice("/console".length));
    expect(second.rows.map((r) => r.name)).toEqual(["Clienta 26", "Clienta 27", "Clienta 28", "Clienta 29", "Clienta 30"]);
    expect(second.next).toBeUndefined();
    const page = await consoleFetch(team, first.rows[0]!.href!, await team.token());
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("hola 1");
  });

  it("ADR-028.3 each row's state, the last answer's delivery and the 24-hour window", async () => {
    const team = await accessTeam();
    await seedClient(1, { name: "En curso", reply: {} });
    await seedClient(2, { name: "Concluida", reply: { handoffSummary: HANDOFF_SUMMARY } });
    await seedClient(3, { name: "Estancada", hoursAgo: 30 });
    const optedOut = await seedClient(4, { name: "Dada de baja" });
    await recordConsent(store, optedOut.client, { sid: sid(), at: optedOut.at, choice: "opted-out" });
    const paused = await seedClient(5, { name: "En pausa" });
    await recordPause(store, paused.client, { at: new Date(clock.now()).toISOString(), id: "p1", choice: "paused", by: STYLIST_EMAIL });
    const read = await seedClient(6, { name: "Leída", reply: {} });
    const twilioSid = `SM${"6".repeat(32)}`;
    await writeAnswer(store, read.client, { covers: [], at: read.at, text: "otra", twilioSid, seq: 50 });
    await recordReceipt(store, read.client, { v: 1, twilioSid, status: "read", at: read.at });
    const { rows } = await listOf(team);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName["En curso"]).toMatchObject({ state: "in progress" });
    expect(byName["En curso"]!.text).toMatch(/last answer sent ✓.*24 h window open/);
    expect(byName["Concluida"]).toMatchObject({ state: "concluded" });
    expect(byName["Estancada"]).toMatchObject({ state: "stalled" });
    expect(byName["Estancada"]!.text).toContain("24 h window closed");
    expect(byName["Dada de baja"]).toMatchObject({ state: "opted out" });
    expect(byName["En pausa"]).toMatchObject({ state: "paused" });
    expect(byName["Leída"]!.text).toContain("last answer read ✓✓");
  });

  it("ADR-028.3 ?q= finds a client by name (any case) or by digits of the number", async () => {
    const team = await accessTeam();
    await seedClient(11, { name: "Mariana López" });
    await seedClient(12, { name: "Lucía" });
    await seedClient(4321, { name: "Ana" });
    expect((await listOf(team, "?q=mariana")).rows.map((r) => r.name)).toEqual(["Mariana López"]);
    expect((await listOf(team, "?q=LUC")).rows.map((r) => r.name)).toEqual(["Lucía"]);
    expect((await listOf(team, `?q=${encodeURIComponent("000 4321")}`)).rows.map((r) => r.name)).toEqual(["Ana"]);
    expect((await listOf(team, "?q=nadie")).rows).toEqual([]);
  });

  it("ADR-028.3 a ?before= cursor the console did not make: 400", async () => {
    const team = await accessTeam();
    await seedClient(1);
    expect((await listOf(team, "?before=2026-12-01T00:00:00.000Z")).status).toBe(400);
    expect((await listOf(team, `?before=${"A".repeat(60)}`)).status).toBe(400);
  });

  it(
    "ADR-028.3 the list survives malformed stored state: index entries, consent and pause keys, answers and consultation records of any shape, never a 5xx",
    async () => {
      const team = await accessTeam();
      await seedClient(1, { name: "Siempre", reply: {} });
      let n = 100;
      const junk = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("", "{", "null", "[]", '{"v":2}', '{"v":1,"seq":"x"}'));
      await fc.assert(
        fc.asyncProperty(junk, junk, fc.constantFrom("index", "index-metadata", "consent", "pause", "answer", "receipt", "kv", "stray"), async (a, b, kind) => {
          const client = clientNumber(++n);
          if (kind === "index") await workerEnv.MEDIA_BUCKET.put(`console/clients/${a}`, b);
          if (kind === "index-metadata") await workerEnv.MEDIA_BUCKET.put(`console/clients/${client}`, "", { customMetadata: { at: a, name: b } });
          if (kind === "consent") await workerEnv.MEDIA_BUCKET.put(`consent/${client}/${a}`, b);
          if (kind === "pause") await workerEnv.MEDIA_BUCKET.put(`console/pauses/${client}/${a}`, b);
          if (kind === "answer" || kind === "receipt" || kind === "kv") {
            await recordActivity(store, { client, at: new Date(clock.now()).toISOString(), name: b });
            if (kind === "answer") await workerEnv.MEDIA_BUCKET.put(`${client}/answers/000001/reply.json`, a, { customMetadata: { record: b } });
            if (kind === "receipt") await workerEnv.MEDIA_BUCKET.put(`${client}/receipts/SM1-${a.replace(/[^a-z]/g, "") || "x"}.json`, b);
            if (kind === "kv") await workerEnv.CHAT_HISTORY.put(`${client}/consultation`, a, { metadata: b });
          }
          if (kind === "stray") await workerEnv.MEDIA_BUCKET.put(`console/${a}`, b);
          const list = await listOf(team);
          expect(list.status).toBe(200);
          // The well-formed client is still found, whatever else is stored.
          expect((await listOf(team, "?q=siempre")).rows.map((r) => r.name)).toEqual(["Siempre"]);
        }),
        { numRuns: inject("propertyRuns") },
      );
    },
    120_000,
  );
});

describe("the console's pages", () => {
  it("ADR-028.8 the list and a consultation page: strict headers, no script, forms posting to the console only", async () => {
    const team = await accessTeam();
    const { id } = await seedClient(1, { reply: {} });
    for (const path of ["/console", `/console/c/${id}`]) {
      const response = await consoleFetch(team, path, await team.token());
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      // Same-origin, so that the forms' POSTs carry their Origin (no-referrer would make it `null`), and nothing beyond.
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
      expect(response.headers.get("x-robots-tag")).toMatch(/noindex/);
      const policy = response.headers.get("content-security-policy")!;
      expect(policy).toMatch(/default-src 'none'/);
      expect(policy).toMatch(/form-action 'self'/);
      expect(policy).not.toMatch(/script-src|unsafe-/);
      const { elements } = await parseHtml(await response.text());
      expect(elements.filter((e) => e.tag === "script")).toEqual([]);
      for (const form of elements.filter((e) => e.tag === "form")) expect(form.attributes.action).toMatch(/^\/console(\/|$)/);
      expect(elements.some((e) => e.tag === "meta" && e.attributes.name === "viewport")).toBe(true);
    }
  });
});
