/**
 * ADR 007.6: whatever a client, the model or storage puts in the text, nothing in the page can
 * execute or change its structure. Checked by parsing the page (workerd's HTMLRewriter) and
 * comparing it with the page of a harmless text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ClientKey } from "../src/storage/keys";
import { sid, writeConsultation, type ClientMessage } from "./support/consultation";
import { parseHtml, type ParsedElement } from "./support/html";
import { get } from "./support/worker";

const hostile = fc.constantFrom(
  "<script>window.pwned=1</script>",
  '<img src=x onerror="document.title=\'pwned\'">',
  '"><svg onload=alert(1)>',
  "' onmouseover='alert(1)",
  "javascript:alert(1)",
  "</p></li></ol></main><h1>fake</h1>",
  "</style><style>body{display:none}</style>",
  "</title><script>alert(1)</script>",
  "<!-- ",
  " -->",
  "<![CDATA[x]]>",
  "&lt;script&gt;",
  "&amp;&#x3C;&#60;",
  "\u202Eevil\u202C",
  "\u200F\u2067rtl\u2069",
  "\u0000\u0007\r\n\t",
  "{{constructor.constructor('alert(1)')()}}",
  "${alert(1)}",
  "مرحبا שלום",
  "👩🏽‍🦱✨",
);
const clientText = fc
  .array(fc.oneof(hostile, fc.string({ unit: "grapheme", maxLength: 12 }), fc.string({ unit: "binary", maxLength: 12 })), { maxLength: 6 })
  .map((parts) => parts.join(""));

/** What the page can show of a string: a UTF-8 response carries lone surrogates as U+FFFD. */
const shown = (text: string) => text.replace(/\p{Cs}/gu, "\uFFFD");

const messagesWith = (text: string): ClientMessage[] => [
  {
    sid: sid("MM"),
    at: "2026-11-20T10:00:00.000Z",
    body: text,
    profileName: text,
    media: [{ contentType: "image/jpeg" }],
    reply: { at: "2026-11-20T10:00:05.000Z", text },
  },
  {
    sid: sid("MM"),
    at: "2026-11-20T10:01:00.000Z",
    body: "",
    profileName: text,
    media: [{ contentType: "audio/ogg", transcript: text }],
    reply: { at: "2026-11-20T10:01:05.000Z", text, handoffSummary: text },
  },
];

/** The page's structure: every element and its attribute names, with the values that are not derived from data. */
const structure = (elements: ParsedElement[]) =>
  elements.map((e) => ({
    tag: e.tag,
    attributes: Object.keys(e.attributes).sort(),
    fixed: ["class", "dir", "loading", "name", "charset"].map((name) => e.attributes[name]),
  }));

let clients = 0;
async function render(text: string) {
  const client = `whatsapp:+1555${String(++clients).padStart(7, "0")}` as ClientKey;
  const { id } = await writeConsultation(messagesWith(text), client);
  const response = await get(`/summary/${id}`);
  expect(response.status).toBe(200);
  return parseHtml(await response.text(), ["title", "h1", ".turn .text", ".handoff .text"]);
}

describe("escaping", () => {
  it("ADR-007.6 arbitrary text (HTML, attributes, javascript: URLs, unicode, RTL marks) is shown as text and never executes or adds structure", async () => {
    const reference = structure((await render("plain words")).elements);
    await fc.assert(
      fc.asyncProperty(clientText, async (raw) => {
        const text = `«${raw}»`; // never empty, never a command, no surrounding spaces to trim
        const { elements, texts } = await render(text);
        expect(structure(elements)).toEqual(reference);

        expect(texts["h1"]).toEqual([shown(text)]);
        expect(texts["title"]![0]!.endsWith(`: ${shown(text)}`)).toBe(true);
        expect(texts[".turn .text"]).toEqual([text, text, text, text].map(shown)); // body, reply, transcript, reply
        expect(texts[".handoff .text"]).toEqual([shown(text)]);

        for (const element of elements) {
          expect(["script", "iframe", "object", "embed", "svg", "math", "base", "form", "link", "frame"]).not.toContain(element.tag);
          for (const [name, value] of Object.entries(element.attributes)) {
            expect(name).not.toMatch(/^on/i);
            expect(name).not.toBe("style");
            if (name === "href") expect(value).toMatch(/^https:\/\/wa\.me\/\d*\?text=[A-Za-z0-9%._~-]*$/);
            if (name === "src") expect(value).toMatch(/^\/media\/[A-Za-z0-9_-]+$/);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("content types in the page's notes", () => {
  /** Valid content types (src/media/content-type.ts accepts any parameter value) whose parameters carry markup. */
  const hostileTypes = [
    'video/mp4; name="<a href=https://evil.example/>open</a>"',
    "application/pdf; x=<script>alert(1)</script>",
    'application/zip;name="\'><img src=x onerror=alert(1)>"',
    "text/html; charset=</li></ol><h1>fake</h1>",
  ];

  async function notesOf(contentType: string) {
    const client = `whatsapp:+1555${String(++clients).padStart(7, "0")}` as ClientKey;
    const { id } = await writeConsultation(
      [
        { sid: sid("MM"), at: "2026-11-20T10:00:00.000Z", body: "", media: [{ contentType: "video/mp4", storedContentType: contentType }] },
        { sid: sid("MM"), at: "2026-11-20T10:01:00.000Z", body: "", media: [{ contentType, stored: false }] },
      ],
      client,
    );
    const response = await get(`/summary/${id}`);
    expect(response.status).toBe(200);
    return parseHtml(await response.text(), ["li.note"]);
  }

  it("ADR-007.6 a stored or announced content type whose parameters carry markup is shown as text and adds no structure", async () => {
    const reference = structure((await notesOf("video/mp4")).elements);
    for (const contentType of hostileTypes) {
      const { elements, texts } = await notesOf(contentType);
      expect(structure(elements), contentType).toEqual(reference);
      const notes = texts["li.note"]!.join("\n");
      expect(notes, contentType).toContain(`A file (${contentType.toLowerCase()}) was sent`);
      expect(notes, contentType).toContain(`An attachment (${contentType.toLowerCase()}) was announced`);
    }
  });
});
