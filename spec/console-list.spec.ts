/**
 * ADR 028.3: the console's list, derived when asked: most recent client message first, 25 a page,
 * a search by name or digits, the number masked, each row's state, its last answer's delivery and
 * the 24-hour window; malformed stored state never makes it fail. ADR 028.8: the console's pages
 * carry the summary page's strict headers and post only to themselves.
 */

import { env as workerEnv } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { recordActivity, recordPause } from "../src/storage/console-records";
import { storageOf } from "../src/storage/bucket";
import { recordReceipt } from "../src/storage/conversation";
import type { ClientKey } from "../src/storage/keys";
import { recordConsent } from "../src/storage/outside-client";
import { accessTeam, consoleFetch, STYLIST_EMAIL, type AccessTeam } from "./support/access";
import { consoleNotice } from "./support/console";
import { HANDOFF_SUMMARY, sid, writeAnswer, writeConsultation } from "./support/consultation";
import { parseHtml } from "./support/html";
import { withSid } from "./support/twilio";
import { clock, sendWebhook } from "./support/worker";

const store = storageOf(workerEnv);
const HOUR = 3600_000;

const clientNumber = (n: number) => `whatsapp:+1555${String(n).padStart(7, "0")}` as ClientKey;

/** A client with one message `hoursAgo`, listed as the webhook would have listed them. */
async function seedClient(n: number, options: { hoursAgo?: number; at?: string; name?: string; reply?: { handoffSummary?: string; status?: "sent" | "failed" | "pending" } } = {}) {
  const client = clientNumber(n);
  const at = options.at ?? new Date(clock.now() - (options.hoursAgo ?? n / 100) * HOUR).toISOString();
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

  it("ADR-028.3 a client's message through the webhook lists them, by the name their WhatsApp profile gives, or as a WhatsApp client", async () => {
    const team = await accessTeam();
    const { ProfileName: _none, ...nameless } = withSid({ ...webhooks["text-en"], From: "whatsapp:+15550009876" }, sid());
    expect((await sendWebhook(nameless)).status).toBe(200);
    await clock.advance(60_000);
    await sendWebhook({ ...webhooks.photo, NumMedia: "0", Body: "Hola, quiero una cita" });
    const { rows } = await listOf(team);
    expect(rows.map((r) => r.name)).toEqual([webhooks.photo.ProfileName, "WhatsApp client"]); // the console's words for a client without a profile name
    expect(rows[0]!.text).toContain(`•••• ${webhooks.photo.From.slice(-4)}`);
    expect(rows[1]!.text).toContain("•••• 9876");
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
    // The next answer number, after the one seedClient wrote: a fixed one (50 was) lies before it once
    // the specs before this one in the same runner have numbered 50 answers.
    await writeAnswer(store, read.client, { covers: [], at: read.at, text: "otra", twilioSid });
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

  it("ADR-028.3 ?q= is read without its surrounding spaces, as a name when it has letters as well as digits, and up to its first 100 characters", async () => {
    const team = await accessTeam();
    await seedClient(77, { name: "Salón 21" });
    await seedClient(4321, { name: "Ana" });
    expect((await listOf(team, `?q=${encodeURIComponent("  ana ")}`)).rows.map((r) => r.name)).toEqual(["Ana"]);
    expect((await listOf(team, `?q=${encodeURIComponent("salón 21")}`)).rows.map((r) => r.name)).toEqual(["Salón 21"]);
    const long = await listOf(team, `?q=${"x".repeat(150)}`);
    expect(long.html).toContain(`name="q" value="${"x".repeat(100)}"`);
  });

  it("ADR-028.3 a ?before= cursor the console did not make: 400", async () => {
    const team = await accessTeam();
    await seedClient(1);
    expect((await listOf(team, "?before=2026-12-01T00:00:00.000Z")).status).toBe(400);
    expect(await consoleNotice(await consoleFetch(team, `/console?before=${"A".repeat(60)}`, await team.token()))).toEqual({
      status: 400,
      title: "Page link not valid",
      text: 'The part after "?before=" was changed or cut.',
    });
  });

  it("ADR-028.3 without LINK_SIGNING_SECRET the list cannot seal its cursors nor the consultations' links: 503 saying so", async () => {
    const team = await accessTeam();
    await seedClient(1);
    const response = await consoleFetch({ ...team, env: { ...team.env, LINK_SIGNING_SECRET: "" } }, "/console", await team.token());
    expect(await consoleNotice(response)).toEqual({ status: 503, title: "Not configured", text: "LINK_SIGNING_SECRET is not set." });
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
  it("ADR-028.8 a consultation page's ?before= the console did not make: 400, as on the summary page", async () => {
    const team = await accessTeam();
    const { id } = await seedClient(1, { reply: {} });
    expect((await consoleFetch(team, `/console/c/${id}?before=not-a-cursor`, await team.token())).status).toBe(400);
  });

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

describe("the console's list, row by row and page by page", () => {
  const names = (rows: Row[]) => rows.map((r) => r.name);
  const path = (link: string) => link.slice("/console".length);
  const forget = (...ns: number[]) => Promise.all(ns.map((n) => workerEnv.MEDIA_BUCKET.delete(`console/clients/${clientNumber(n)}`)));
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it("ADR-028.3 sorted by the latest message whatever order the numbers are in, then by number", async () => {
    const team = await accessTeam();
    await seedClient(1, { hoursAgo: 2 });
    await seedClient(2, { hoursAgo: 3 });
    await seedClient(3, { hoursAgo: 1 });
    const same = new Date(clock.now() - 4 * HOUR).toISOString();
    await seedClient(4, { at: same });
    await seedClient(5, { at: same });
    expect(names((await listOf(team)).rows)).toEqual(["Clienta 3", "Clienta 1", "Clienta 2", "Clienta 4", "Clienta 5"]);
  });

  it("ADR-028.3 a link to older rows only while more remain, keeping the search; a page after rows that were deleted starts after its cursor", async () => {
    const team = await accessTeam();
    for (const n of range(1, 25)) await seedClient(n);
    const exactlyOnePage = await listOf(team);
    expect(exactlyOnePage.rows).toHaveLength(25);
    expect(exactlyOnePage.next).toBeUndefined();
    expect(exactlyOnePage.html).not.toContain("Older consultations");

    for (const n of range(26, 51)) await seedClient(n);
    await seedClient(52, { name: "Ana", hoursAgo: 99 });
    const first = await listOf(team, "?q=clienta");
    expect(first.next).toMatch(/^\/console\?before=[A-Za-z0-9_-]+&q=clienta$/);
    const second = await listOf(team, path(first.next!));
    expect(names(second.rows)).toEqual(range(26, 50).map((n) => `Clienta ${n}`));
    expect(names((await listOf(team, path(second.next!))).rows)).toEqual(["Clienta 51"]);

    // The cursor names the last row shown (Clienta 25): the rows before it are gone ("delete my data").
    const cursor = path((await listOf(team)).next!);
    await forget(...range(1, 24));
    const after = await listOf(team, cursor);
    expect(names(after.rows)).toEqual(range(26, 50).map((n) => `Clienta ${n}`));
    expect(after.next).toBeDefined();
    // Nothing left after the cursor.
    await forget(...range(26, 52));
    const empty = await listOf(team, cursor);
    expect(empty.status).toBe(200);
    expect(empty.rows).toEqual([]);
    expect(empty.html).toContain('<p class="note">No consultations.</p>');
  });

  it("ADR-028.3 a row reads: the name (or “WhatsApp client”), the masked number, the state, the last message's time (UTC, to the minute), the last answer's delivery, the window", async () => {
    const team = await accessTeam();
    await seedClient(1, { name: "Clienta Uno", at: "2026-11-30T09:05:59.999Z" });
    await seedClient(2, { name: "", at: "2026-11-30T08:00:00.000Z" });
    await recordActivity(store, { client: clientNumber(3), at: "2026-11-30T07:00:00.000Z", name: "" });
    await recordActivity(store, { client: clientNumber(4), at: "2026-11-30T06:00:00.000Z", name: "Sin consulta" });
    const { rows } = await listOf(team);
    expect(rows.map((r) => [r.name, r.href !== undefined, r.text])).toEqual([
      ["Clienta Uno", true, "Clienta Uno •••• 0001stalled · last message 2026-11-30 09:05 UTC · 24 h window closed"],
      ["WhatsApp client", true, "WhatsApp client •••• 0002stalled · last message 2026-11-30 08:00 UTC · 24 h window closed"],
      ["WhatsApp client", false, "WhatsApp client •••• 0003stalled · last message 2026-11-30 07:00 UTC · 24 h window closed"],
      ["Sin consulta", false, "Sin consulta •••• 0004stalled · last message 2026-11-30 06:00 UTC · 24 h window closed"],
    ]);
  });

  it("ADR-028.3 the last answer's delivery: one that failed is not sent, one cut short shows its sent part, one not sent yet or closed silently leaves the one before it", async () => {
    const team = await accessTeam();
    const failed = await seedClient(1, { name: "Fallida" });
    await writeAnswer(store, failed.client, { covers: [], at: failed.at, text: "no llegó", status: "failed" });
    const cut = await seedClient(2, { name: "Cortada" });
    const cutSid = `SM${"2".repeat(32)}`;
    await writeAnswer(store, cut.client, { covers: [], at: cut.at, text: "a medias", parts: ["sent", "failed"], twilioSid: cutSid });
    await recordReceipt(store, cut.client, { v: 1, twilioSid: cutSid, status: "delivered", at: cut.at });
    const later = await seedClient(3, { name: "Pendiente" });
    const readSid = `SM${"3".repeat(32)}`;
    await writeAnswer(store, later.client, { covers: [], at: later.at, text: "leída", twilioSid: readSid, seq: 1 });
    await recordReceipt(store, later.client, { v: 1, twilioSid: readSid, status: "read", at: later.at });
    await writeAnswer(store, later.client, { covers: [], at: later.at, text: "aún no", status: "pending", seq: 2 });
    const silent = await seedClient(4, { name: "Sin respuesta" });
    await writeAnswer(store, silent.client, { covers: [], at: silent.at, text: "aún no", status: "pending" });
    const { rows } = await listOf(team);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r.text]));
    expect(byName["Fallida"]).toMatch(/ UTC · last answer not sent · 24 h window open$/);
    expect(byName["Cortada"]).toMatch(/ UTC · last answer delivered ✓✓ · 24 h window open$/);
    expect(byName["Pendiente"]).toMatch(/ UTC · last answer read ✓✓ · 24 h window open$/);
    expect(byName["Sin respuesta"]).toMatch(/ UTC · 24 h window open$/);
  });

  it("ADR-028.3 the window is open while the last message is less than 24 h old: at 24 h the client has stalled", async () => {
    const team = await accessTeam();
    await clock.manual(async () => {
      await seedClient(1, { name: "Justo a tiempo", at: new Date(clock.now() - 24 * HOUR + 1).toISOString() });
      await seedClient(2, { name: "Un día", at: new Date(clock.now() - 24 * HOUR).toISOString() });
      const { rows } = await listOf(team);
      expect(rows.map((r) => [r.name, r.state, / · 24 h window (open|closed)$/.exec(r.text)?.[1]])).toEqual([
        ["Justo a tiempo", "in progress", "open"],
        ["Un día", "stalled", "closed"],
      ]);
    });
  });
});
