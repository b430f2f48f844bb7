/**
 * ADR 007.8 (ADR 010): whatever state KV and R2 are in, the page renders everything readable,
 * says plainly what it could not read, never answers 5xx and never changes stored data.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ensureConsultation } from "../src/storage/consultation";
import { mediaKey, type ClientKey } from "../src/storage/keys";
import { conversationIdFor } from "../src/summary/conversation-id";
import { CLIENT, fullConsultation, fullSnapshot, PNG, secret, sid, store, writeConsultation } from "./support/consultation";
import { parseHtml } from "./support/html";
import { get } from "./support/worker";
import { SPEC_HANG_MS } from "./support/patience";

interface Entry {
  /** The key under the client's prefix. */
  name: string;
  body: string | Uint8Array;
  contentType?: string;
  /** Whether the page must be able to read it (a message, reply or transcript that is well formed). */
  readable: boolean;
  /** Text the page must show when the entry is readable. */
  shows?: string;
}

const sidArb = fc.stringMatching(/^(SM|MM)[0-9a-f]{32}$/);
const isoArb = fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
const wordsArb = fc.stringMatching(/^[a-z]{3,12}$/).map((w) => `texto-${w}`);

/** Bodies that are not a readable record: empty, truncated, wrong type, wrong shape, newer or unknown version, bytes. */
const brokenJson = (valid: Record<string, unknown>, required = Object.keys(valid)) =>
  fc.oneof(
    fc.constant(""),
    fc.constant(JSON.stringify(valid).slice(0, -1)),
    fc.constantFrom("null", "[]", "42", '"text"', "{}"),
    fc.integer({ min: 2, max: 99 }).map((v) => JSON.stringify({ ...valid, v })),
    fc.constant(JSON.stringify({ ...valid, v: "1" })),
    fc.constantFrom(...required).map((drop) => JSON.stringify({ ...valid, [drop]: undefined })),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Uint8Array.from([0xff, ...bytes])),
  );

const contentTypeArb = fc.option(fc.constantFrom("application/json", "image/png", "", "application/octet-stream"), { nil: undefined });

const inboundArb = fc.tuple(sidArb, isoArb, wordsArb, fc.boolean(), contentTypeArb).chain(([sid, at, words, ok, contentType]) => {
  const valid = { v: 1, sid, receivedAt: at, params: { MessageSid: sid, Body: words, ProfileName: "Mariana" } };
  const name = `messages/${sid}.json`;
  return ok
    ? fc.constant<Entry>({ name, body: JSON.stringify(valid), contentType, readable: true, shows: words })
    : brokenJson(valid).map((body): Entry => ({ name, body, contentType, readable: false }));
});

/** An answer: its claim (which messages it covers) and its reply (the text sent); either may be broken. */
const answerArb = fc
  .tuple(fc.integer({ min: 1, max: 999_999 }), sidArb, isoArb, wordsArb, fc.constantFrom("ok", "broken claim", "broken reply"), contentTypeArb)
  .chain(([seq, sid, at, words, health, contentType]) => {
    const folder = `answers/${String(seq).padStart(6, "0")}`;
    const claim = { v: 1, seq, covers: [sid], claimedAt: at };
    const reply = { v: 1, seq, outcome: "send", decidedAt: at, source: "model", text: words, parts: 1 };
    const entry = (name: string, body: string | Uint8Array, readable: boolean, shows?: string): Entry => ({
      name: `${folder}/${name}.json`,
      body,
      contentType,
      readable,
      ...(shows ? { shows } : {}),
    });
    if (health === "ok") return fc.constant<Entry[]>([entry("claim", JSON.stringify(claim), true), entry("reply", JSON.stringify(reply), true, words)]);
    if (health === "broken claim") {
      return brokenJson(claim).map((body): Entry[] => [entry("claim", body, false), entry("reply", JSON.stringify(reply), true)]);
    }
    return brokenJson(reply).map((body): Entry[] => [entry("claim", JSON.stringify(claim), true), entry("reply", body, false)]);
  });

const transcriptArb = fc.tuple(sidArb, fc.nat(9), wordsArb, fc.boolean()).chain(([sid, index, words, ok]) => {
  const valid = { v: 1, sid, index, text: words };
  const name = `transcripts/${sid}-${index}.json`;
  return ok
    ? fc.constant<Entry>({ name, body: JSON.stringify(valid), readable: true, shows: words })
    : brokenJson(valid, ["v", "text"]).map((body): Entry => ({ name, body, readable: false })); // sid and index come from the key
});

/** Media is always shown (as a photo, a voice note or a note saying what it is), never a "problem". */
const mediaArb: fc.Arbitrary<Entry> = fc.record({
  name: fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 2 ** 41 }), sidArb, fc.nat(9), fc.constantFrom("jpeg", "png", "ogg", "bin")).map(
      ([ms, sid, index, ext]) => `media/${String(ms).padStart(13, "0")}-${sid}-${index}.${ext}`,
    ),
    fc.stringMatching(/^media\/[\w.-]{1,30}$/),
  ),
  body: fc.oneof(fc.constant(PNG), fc.constant(new Uint8Array()), fc.uint8Array({ maxLength: 32 })),
  contentType: fc.option(fc.constantFrom("image/png", "image/jpeg", "audio/ogg", "video/mp4", "", "application/octet-stream"), { nil: undefined }),
  readable: fc.constant(true),
});

/** Objects this Worker never writes under the prefix: reported as problems. */
const strayArb = fc.stringMatching(/^(junk|messages|replies)\/[\w .-]{1,30}\.(txt|json)$/).filter((name) => !/^(messages|replies)\/[A-Za-z0-9]+\.json$/.test(name)).map(
  (name): Entry => ({ name, body: "?", readable: false }),
);

const quarantineArb = fc.stringMatching(/^[\w-]{1,20}$/).map((n): Entry => ({ name: `quarantine/2026-01-01T00:00:00.000Z-${n}`, body: "{", readable: true }));

const stateArb = fc.record({
  entries: fc
    .uniqueArray(fc.oneof(answerArb, ...[inboundArb, transcriptArb, mediaArb, strayArb, quarantineArb].map((entry) => entry.map((e): Entry[] => [e]))), {
      maxLength: 14,
      selector: (e) => e[0]!.name,
    })
    .map((groups) => groups.flat()),
  consultation: fc.option(
    fc.oneof(
      fc.constantFrom("", "{", "null", '{"v":1}', '{"v":1,"id":"short","startedAt":"2026-01-01T00:00:00Z"}'),
      fc.integer({ min: 2, max: 9 }).map((v) => JSON.stringify({ v, id: "A".repeat(22), startedAt: "2026-01-01T00:00:00.000Z" })),
    ),
    { nil: undefined },
  ),
});

let clients = 0;

describe("rendering malformed state", () => {
  it("ADR-007.8 generated partial, corrupt, future-version and stray entries: 200 with everything readable, each unreadable one named, nothing changed", async () => {
    await fc.assert(
      fc.asyncProperty(stateArb, async ({ entries, consultation: corruptConsultation }) => {
        const client = `whatsapp:+1444${String(++clients).padStart(7, "0")}` as ClientKey;
        const id = await conversationIdFor(secret(), client, await ensureConsultation(store(), client, "2026-01-01T00:00:00.000Z"));
        for (const entry of entries) {
          await env.MEDIA_BUCKET.put(`${client}/${entry.name}`, entry.body, entry.contentType === undefined ? {} : { httpMetadata: { contentType: entry.contentType } });
        }
        if (corruptConsultation !== undefined) await env.CHAT_HISTORY.put(`${client}/consultation`, corruptConsultation);
        const before = await fullSnapshot(`${client}/`);

        const response = await get(`/summary/${id}`);
        const html = await response.text();
        expect(await fullSnapshot(`${client}/`)).toEqual(before);
        if (corruptConsultation !== undefined) {
          expect(response.status).toBe(404); // the consultation the id names cannot be read: a dead link, not an error
          return;
        }
        expect(response.status).toBe(200);
        const { texts } = await parseHtml(html, [".problems li", "main"]);
        const problems = texts[".problems li"]!.join("\n");
        for (const entry of entries) {
          if (!entry.readable) expect(problems).toContain(`${entry.name}:`);
          else expect(problems).not.toContain(`${entry.name}:`);
          if (entry.shows) expect(texts["main"]![0]).toContain(entry.shows);
        }
        expect(problems).not.toContain(client.slice("whatsapp:+".length)); // the phone number is not on the page
      }),
      { numRuns: 40 },
    );
  }, SPEC_HANG_MS);

  it("ADR-007.8 an orphaned photo, an empty one, one without a content type, an announced one never stored: each shown or named", async () => {
    const [text, photos] = fullConsultation();
    await writeConsultation([
      text!,
      {
        ...photos!,
        media: [
          { contentType: "image/jpeg", bytes: new Uint8Array() },
          { contentType: "image/png", storedContentType: null },
          { contentType: "image/jpeg", stored: false },
        ],
      },
    ]);
    const orphanSid = sid("MM");
    await env.MEDIA_BUCKET.put(mediaKey(CLIENT, "2026-11-20T10:03:00.000Z", orphanSid, 0, "jpeg"), PNG, { httpMetadata: { contentType: "image/jpeg" } });
    const before = await fullSnapshot();
    const { id } = await writeConsultation([]);
    const response = await get(`/summary/${id}`);
    expect(response.status).toBe(200);
    const { elements, texts } = await parseHtml(await response.text(), [".turn.client li", "section"]);
    expect(await fullSnapshot()).toEqual(before);
    expect(texts[".turn.client li"]).toEqual([
      "Guardado sin tipo de contenido.", // photos first, then notes about the rest
      "Un adjunto se guardó vacío y no se puede mostrar.",
      "Se anunció un adjunto (image/jpeg) que no está guardado.",
    ].map((note) => expect.stringContaining(note)));
    expect(texts["section"]!.some((s) => s.startsWith("Archivos guardados cuyo mensaje no se pudo leer"))).toBe(true);
    expect(elements.filter((e) => e.tag === "img")).toHaveLength(2); // the content-type-less one and the orphan
  });

  it("ADR-007.8 a voice note is shown by its transcript even when its audio is stored under a type that is not audio", async () => {
    const voice = fullConsultation()[2]!;
    const { id } = await writeConsultation([{ ...voice, media: [{ ...voice.media![0]!, storedContentType: "application/octet-stream" }] }]);
    const { texts } = await parseHtml(await (await get(`/summary/${id}`)).text(), [".turn.client li"]);
    expect(texts[".turn.client li"]).toEqual([`Nota de voz: ${voice.media![0]!.transcript}`]);
  });

  it("ADR-007.8 more than a thousand objects: every page of the R2 listing is read", async () => {
    const message = { sid: sid("MM"), at: "2026-11-20T10:00:00.000Z", body: "muchas fotos" };
    const { id } = await writeConsultation([message]);
    const count = 1100; // more than one listing page (R2 lists at most 1000 objects a call)
    for (let start = 0; start < count; start += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, count - start) }, (_, i) =>
          env.MEDIA_BUCKET.put(mediaKey(CLIENT, message.at, message.sid, start + i, "png"), PNG, { httpMetadata: { contentType: "image/png" } }),
        ),
      );
    }
    const response = await get(`/summary/${id}`);
    expect(response.status).toBe(200);
    const { elements, texts } = await parseHtml(await response.text(), ["dd"]);
    expect(texts["dd"]).toContain(String(count)); // every photo counted: every listing page was read
    expect(elements.filter((e) => e.tag === "img")).toHaveLength(100); // linked: only what the page shows (ADR 022.5)
  }, SPEC_HANG_MS);
});
