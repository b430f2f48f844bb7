/**
 * ADR 022.4-6: the summary page in pages. The latest page shows the consultation's header and the
 * turns of its latest 25 client messages; a link goes further back, behind the same conversation
 * id; a page reads only what it shows, and still says what it read and could not.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { mediaKey } from "../src/storage/keys";
import { CLIENT, fullSnapshot, HANDOFF_SUMMARY, PNG, sid, store, writeAnswer, writeConsultation, type ClientMessage } from "./support/consultation";
import { parseHtml } from "./support/html";
import { withUploadTimes } from "./support/recording-env";
import { dispatchWith, get } from "./support/worker";

const START = Date.parse("2026-11-20T10:00:00.000Z");
const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString();

/** `count` client messages, each answered; every 5th carries a photo; the 3rd one's answer concludes. */
function conversation(count: number): ClientMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    sid: sid(i % 5 === 0 ? "MM" : "SM"),
    at: at(i * 2),
    body: `Mensaje ${i}: mis rizos hoy`,
    ...(i % 5 === 0 ? { media: [{ contentType: "image/jpeg" }] } : {}),
    reply: { at: at(i * 2 + 1), text: `Respuesta ${i}`, ...(i === 2 ? { handoffSummary: HANDOFF_SUMMARY } : {}) },
  }));
}

async function open(path: string, workerEnv?: typeof env) {
  const response = workerEnv ? await dispatchWith(workerEnv, new Request(`https://wa.example.com${path}`)) : await get(path);
  expect(response.status).toBe(200);
  const html = await response.text();
  const parsed = await parseHtml(html, [".turn .text", ".handoff .text", ".problems li", "main"]);
  // The header's photo count: the <dd> of its Photos row, not any <dd> that happens to hold the number.
  const photos = /<dt>(?:Photos|Fotos)<\/dt>\s*<dd>(\d+)<\/dd>/.exec(html)?.[1];
  return { ...parsed, photos, earlier: linkHref(html, "Mensajes anteriores"), latest: linkHref(html, "Mensajes más recientes") };
}

/**
 * The bucket as R2 lists it when every message record was written in the same millisecond (R2's
 * `uploaded` has millisecond precision; photos of one burst are recorded in parallel): the order
 * between them is then the SID's alone.
 */
const sameUploadMillisecond = () => withUploadTimes((key) => (key.includes("/messages/") ? START : undefined));

/** The href of the paging link with this text, read from the HTML the way a browser would follow it. */
function linkHref(html: string, label: string): string | undefined {
  const match = new RegExp(`<a href="([^"]*)">${label}</a>`).exec(html);
  return match ? match[1]!.replaceAll("&amp;", "&") : undefined;
}

/** Follows a relative link from the page at `from`, as a browser resolves it. */
const follow = (from: string, href: string) => {
  const url = new URL(href, `https://wa.example.com${from}`);
  return `${url.pathname}${url.search}`;
};

describe("the summary page in pages", () => {
  it("ADR-022.4 the latest page shows the latest 25 messages and their answers; earlier pages follow, each turn exactly once, and lead back", async () => {
    const messages = conversation(60);
    const { id } = await writeConsultation(messages);
    const expected = messages.flatMap((m) => [m.body, m.reply!.text]);

    const seen: string[][] = [];
    let path = `/summary/${id}`;
    const pages = [];
    for (;;) {
      const page = await open(path);
      pages.push(page);
      seen.unshift(page.texts[".turn .text"]!);
      // The header is the consultation's on every page: its hand-off and its photo count.
      expect(page.texts[".handoff .text"]).toEqual([HANDOFF_SUMMARY]);
      expect(page.photos).toBe("12");
      if (!page.earlier) break;
      expect(page.earlier).toMatch(/^\?before=\d{13}-(SM|MM)\d{32}$/);
      path = follow(path, page.earlier);
    }
    expect(pages.map((p) => p.texts[".turn .text"]!.length)).toEqual([50, 50, 20]);
    expect(seen.flat()).toEqual(expected);
    expect(pages[0]!.latest).toBeUndefined();
    for (const earlier of pages.slice(1)) expect(follow(path, earlier.latest!)).toBe(`/summary/${id}`);
  });

  it("ADR-022.4 messages that share an upload millisecond across a page boundary (a burst of photos arriving in parallel) are each on exactly one page", async () => {
    const photos: ClientMessage[] = Array.from({ length: 30 }, (_, i) => ({ sid: sid("MM"), at: new Date(START + i * 250).toISOString(), body: `Foto ${i + 1} de mis rizos`, media: [{ contentType: "image/jpeg" }] }));
    const { id } = await writeConsultation(photos);
    const sameMs = sameUploadMillisecond();
    const latest = await open(`/summary/${id}`, sameMs);
    expect(latest.earlier).toMatch(/^\?before=\d{13}-MM\d{32}$/);
    const earlier = await open(follow(`/summary/${id}`, latest.earlier!), sameMs);
    expect(earlier.earlier).toBeUndefined();
    expect([earlier.texts[".turn .text"]!.length, latest.texts[".turn .text"]!.length]).toEqual([5, 25]);
    expect([...earlier.texts[".turn .text"]!, ...latest.texts[".turn .text"]!]).toEqual(photos.map((p) => p.body));
  });

  it("ADR-022.4 a page cursor of another shape gets 400 and a page that says so, under the same private headers", async () => {
    const { id } = await writeConsultation(conversation(3));
    for (const cursor of ["", "x", "123-SM1", `${"9".repeat(13)}-SM/../x`, `${"1".repeat(14)}-SM1`]) {
      const response = await get(`/summary/${id}?before=${encodeURIComponent(cursor)}`);
      expect([cursor, response.status]).toEqual([cursor, 400]);
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      expect(await response.text()).toContain("This page link is not valid");
    }
    // A well-formed cursor behind a dead id is still a 404: the cursor opens nothing by itself.
    expect((await get(`/summary/${id.slice(0, -2)}AA?before=1790000000000-SM1`)).status).toBe(404);
  });

  it("ADR-022.4 an earlier page shows the consultation's last activity, not its own", async () => {
    const messages = conversation(30);
    const { id } = await writeConsultation(messages);
    const lastActive = async (path: string) => (await parseHtml(await (await get(path)).text())).elements.filter((e) => e.tag === "time")[1]!.attributes.datetime;
    const latest = await open(`/summary/${id}`);
    expect(await lastActive(`/summary/${id}`)).toBe(messages.at(-1)!.reply!.at);
    expect(await lastActive(follow(`/summary/${id}`, latest.earlier!))).toBe(messages.at(-1)!.reply!.at);
  });

  it("ADR-022.4 an earlier page counts a photo of the latest page stored without a content type, as the latest page does", async () => {
    const messages = conversation(30);
    messages[29] = { ...messages[29]!, sid: sid("MM"), media: [{ contentType: "image/jpeg", storedContentType: null }] };
    const { id } = await writeConsultation(messages);
    const latest = await open(`/summary/${id}`);
    const earlier = await open(follow(`/summary/${id}`, latest.earlier!));
    expect(earlier.texts[".turn .text"]).not.toContain(messages[29]!.body);
    for (const page of [latest, earlier]) expect(page.photos).toBe("7"); // 6 photos stored with their type, 1 without
  });

  it("ADR-022.5 a page reads only its own records: an unreadable message on an earlier page is not judged by the latest one", async () => {
    const messages = conversation(30);
    // The oldest message's record is unreadable (body and inline copy) from the start: it is on the second page.
    await env.MEDIA_BUCKET.put(`${CLIENT}/messages/${messages[0]!.sid}.json`, "{", { customMetadata: { record: "{" } });
    const { id } = await writeConsultation(messages);
    const latest = await open(`/summary/${id}`);
    expect(latest.texts[".problems li"]).toEqual([]);
    expect(latest.texts[".turn .text"]).toHaveLength(50);
    const earlier = await open(follow(`/summary/${id}`, latest.earlier!));
    expect(earlier.texts[".problems li"]).toEqual([`messages/${messages[0]!.sid}.json: not valid JSON`]);
  });

  it("ADR-022.5 photo links are built only for the photos a page shows, at most 100, and the rest is counted", async () => {
    const message = { sid: sid("MM"), at: at(0), body: "Aquí van muchas fotos de mis rizos" };
    const { id } = await writeConsultation([message]);
    await Promise.all(
      Array.from({ length: 130 }, (_, i) => env.MEDIA_BUCKET.put(mediaKey(CLIENT, message.at, message.sid, i, "png"), PNG, { httpMetadata: { contentType: "image/png" } })),
    );
    const page = await open(`/summary/${id}`);
    expect(page.elements.filter((e) => e.tag === "img")).toHaveLength(100);
    expect(page.photos).toBe("130");
    expect(page.texts["main"]![0]).toContain("30 entradas guardadas más no se muestran en esta página.");
  });

  it("ADR-022.5 the hand-off shown is the newest: one concluded in answer 11 outranks one in answer 2 (answer numbers compared as numbers)", async () => {
    const messages: ClientMessage[] = Array.from({ length: 12 }, (_, i) => ({ sid: sid(), at: at(i * 2), body: `Mensaje ${i + 1}` }));
    const { id } = await writeConsultation(messages);
    const [older, newer] = ["Resumen viejo: rizos 3A, quiere volumen.", "Resumen nuevo: rizos 3A, quiere definición para diciembre."];
    for (const [i, message] of messages.entries()) {
      const handoffSummary = i === 1 ? older : i === 10 ? newer : undefined;
      await writeAnswer(store(), CLIENT, { seq: i + 1, covers: [message.sid], at: at(i * 2 + 1), text: `Respuesta ${i + 1}`, ...(handoffSummary ? { handoffSummary } : {}) });
    }
    const page = await open(`/summary/${id}`);
    expect(page.texts[".handoff .text"]).toEqual([newer]);
    const waMe = page.elements.filter((e) => e.tag === "a" && e.attributes.href?.startsWith("https://wa.me/")).map((e) => new URL(e.attributes.href!).searchParams.get("text"));
    expect(waMe).toHaveLength(1);
    expect(waMe[0]).toContain(newer);
    expect(waMe[0]).not.toContain(older);
  });

  it("ADR-022.6 paging changes nothing stored, and each page names what it read and could not", async () => {
    const messages = conversation(40);
    const { id } = await writeConsultation(messages);
    // Unreadable transcripts of a message on the latest page and of one on the page before.
    const [recent, older] = [messages[35]!, messages[3]!];
    for (const message of [recent, older]) await env.MEDIA_BUCKET.put(`${CLIENT}/transcripts/${message.sid}-0.json`, "{");
    const before = await fullSnapshot();
    const latest = await open(`/summary/${id}`);
    expect(latest.texts[".problems li"]).toEqual([`transcripts/${recent.sid}-0.json: not valid JSON`]);
    const earlier = await open(follow(`/summary/${id}`, latest.earlier!));
    expect(earlier.texts[".problems li"]).toEqual([`transcripts/${older.sid}-0.json: not valid JSON`]);
    expect(await fullSnapshot()).toEqual(before);
  });
});
