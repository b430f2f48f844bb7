/**
 * ADR 007.5: what the summary page says, word for word: its times, how far each answer got, the
 * attachments it cannot show (in the client's language), and, for a client who writes in English,
 * how long the data is kept and how much of a crowded consultation is left off the page.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { recordInbound, recordReceipt } from "../src/storage/conversation";
import { mediaKey } from "../src/storage/keys";
import { saveTranscript } from "../src/storage/media";
import { CLIENT, PNG, sid, store, writeAnswer, writeConsultation, type ClientMessage } from "./support/consultation";
import { parseHtml } from "./support/html";
import { get } from "./support/worker";

const AT = "2026-11-20T09:05:59.999Z";
const english = (body: string, more: Partial<ClientMessage> = {}): ClientMessage => ({ sid: sid(), at: AT, body, ...more });

async function open(id: string) {
  const response = await get(`/summary/${id}`);
  expect(response.status).toBe(200);
  const html = await response.text();
  const page = await parseHtml(html, ["time", ".delivery", ".turn .note", "footer", "main"]);
  return { ...page, deliveries: page.elements.filter((e) => e.attributes.class === "delivery").map((e) => e.attributes["data-delivery"]) };
}

describe("the page's words", () => {
  it("ADR-007.5 a time is shown as its day and minute in UTC", async () => {
    const { id } = await writeConsultation([english("Hello, I would like a consultation for my curls")]);
    expect((await open(id)).texts["time"]).toContain("2026-11-20 09:05 UTC");
  });

  it("ADR-007.5 the last activity is the latest turn by its time, also when an answer placed before a later message was claimed after it", async () => {
    const first = english("Hello, I would like a consultation for my curls", { at: "2026-11-20T09:05:00.000Z" });
    const second = english("My curls are dry at the ends", { at: "2026-11-20T09:05:59.999Z" });
    const { id } = await writeConsultation([first, second]);
    // Claimed by a request whose clock ran a moment ahead, for the first message alone: shown right
    // after the message it covers, so the page's last turn is not its latest.
    await writeAnswer(store(), CLIENT, { covers: [first.sid], at: "2026-11-20T09:06:00.000Z", text: "Hi! Tell me about your curls." });
    const page = await open(id);
    expect(page.texts["main"]![0]!.indexOf("Hi! Tell me about your curls.")).toBeLessThan(page.texts["main"]![0]!.indexOf("My curls are dry at the ends"));
    expect(page.texts["time"]!.slice(0, 2)).toEqual(["2026-11-20 09:05 UTC", "2026-11-20 09:06 UTC"]); // started, last active
  });

  it("ADR-007.5 an answer not yet sent shows as sending, one that failed as not sent, one with no receipt yet as sent", async () => {
    const { id } = await writeConsultation([
      english("Hello, I would like a consultation for my curls", { reply: { at: AT, text: "Hi! Tell me about your curls.", status: "pending" } }),
      english("My curls are dry at the ends", { reply: { at: AT, text: "How often do you wash them?", status: "failed" } }),
      english("Twice a week", { reply: { at: AT, text: "Thanks, that helps.", status: "sent" } }),
    ]);
    const page = await open(id);
    expect(page.deliveries).toEqual(["sending", "not-sent", "sent"]);
    expect(page.texts[".delivery"]).toEqual(["sending", "not sent", "sent ✓"]);
  });

  it("ADR-016.7 a failure code the page has no words for is shown as it came", async () => {
    const message = english("Hello, I would like a consultation for my curls");
    const { id } = await writeConsultation([message]);
    const twilioSid = `SM${"7".repeat(32)}`;
    await writeAnswer(store(), CLIENT, { covers: [message.sid], at: AT, text: "Hi! Tell me about your curls.", twilioSid });
    await recordReceipt(store(), CLIENT, { v: 1, twilioSid, status: "undelivered", errorCode: "21610", at: AT });
    expect((await open(id)).texts[".delivery"]).toEqual(["not delivered (21610)"]);
  });

  it("ADR-007.5 a voice note without its transcript, a file and an attachment not stored, both of no known type, are each named", async () => {
    const { id } = await writeConsultation([
      english("Here is a voice note and two files", {
        media: [{ contentType: "audio/ogg", bytes: new Uint8Array([79, 103, 103, 83]) }, { contentType: "", storedContentType: null }, { contentType: "", stored: false }],
      }),
    ]);
    expect((await open(id)).texts[".turn .note"]).toEqual([
      "Voice note (no transcript yet)",
      "A file (unknown type) was sent; only photos are shown.",
      "An attachment (unknown type) was announced but is not stored.",
    ]);
  });

  it("ADR-007.5 in Spanish, a file and an attachment not stored of no known type are named as such", async () => {
    const { id } = await writeConsultation([
      { sid: sid(), at: AT, body: "Aquí van dos archivos de mis rizos", media: [{ contentType: "", storedContentType: null }, { contentType: "", stored: false }] },
    ]);
    expect((await open(id)).texts[".turn .note"]).toEqual([
      "Se envió un archivo (tipo desconocido); solo se muestran fotos.",
      "Se anunció un adjunto (tipo desconocido) que no está guardado.",
    ]);
  });

  it("ADR-007.5 an attachment Twilio announced without a content type, and never stored, is named as of unknown type", async () => {
    const { id } = await writeConsultation([english("Hello, I would like a consultation for my curls")]);
    const messageSid = sid("MM");
    await recordInbound(store(), CLIENT, {
      v: 1,
      sid: messageSid,
      receivedAt: AT,
      params: { MessageSid: messageSid, From: CLIENT, To: "whatsapp:+14155238886", Body: "", NumMedia: "1", MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/${messageSid}/Media/ME0` },
    });
    expect((await open(id)).texts[".turn .note"]).toEqual(["An attachment (unknown type) was announced but is not stored."]);
  });

  it("ADR-007.8 stray media stored without a content type, whose message was never recorded, is named as a file of unknown type", async () => {
    const { id } = await writeConsultation([english("Hello, I would like a consultation for my curls")]);
    await env.MEDIA_BUCKET.put(mediaKey(CLIENT, AT, sid("MM"), 0, "bin"), new Uint8Array([1, 2, 3]));
    const { texts } = await parseHtml(await (await get(`/summary/${id}`)).text(), ["section"]);
    const stray = texts["section"]!.filter((s) => s.startsWith("Stored media whose message could not be read"));
    expect(stray).toEqual([expect.stringContaining("A file (unknown type) was sent; only photos are shown.")]);
  });

  it("ADR-007.5 a page without photos has no photo grid", async () => {
    const { id } = await writeConsultation([english("Hello, I would like a consultation for my curls", { media: [{ contentType: "application/pdf" }] })]);
    expect((await open(id)).elements.filter((e) => e.tag === "ul" && e.attributes.class === "photos")).toEqual([]);
  });

  it("ADR-020.4 in English, the page says how long the data is kept", async () => {
    const { id } = await writeConsultation([english("Hello, I would like a consultation for my curls")]);
    expect((await open(id)).texts["footer"]!.join(" ")).toContain("Messages, photos and voice notes are deleted by themselves 180 days after they were received.");
  });

  it("ADR-022.5 in English, the page counts the stored entries it leaves off", async () => {
    const message = english("Here are many photos of my curls");
    const { id } = await writeConsultation([message]);
    await Promise.all(
      Array.from({ length: 103 }, (_, i) => env.MEDIA_BUCKET.put(mediaKey(CLIENT, message.at, message.sid, i, "png"), PNG, { httpMetadata: { contentType: "image/png" } })),
    );
    expect((await open(id)).texts["main"]![0]).toContain("3 more stored entries are not shown on this page.");
  });
});

describe("the page's frame", () => {
  it("ADR-007.5 an answer's line names who wrote it, when, and how far it got, each apart", async () => {
    const { id } = await writeConsultation([english("Hello, I would like a consultation for my curls", { reply: { at: AT, text: "Hi! Tell me about your curls." } })]);
    const { texts } = await parseHtml(await (await get(`/summary/${id}`)).text(), [".turn.assistant .meta"]);
    expect(texts[".turn.assistant .meta"]).toEqual(["Assistant · 2026-11-20 09:05 UTC · sent ✓"]);
  });

  it("ADR-007.5 the status is marked for the eye too: its class names it", async () => {
    const { id } = await writeConsultation([english("Hello, I would like a consultation for my curls")]);
    const status = (await open(id)).elements.find((e) => e.attributes["data-status"]);
    expect(status!.attributes.class).toBe("status status-started");
  });

  it("ADR-007.5 a page with nothing unreadable, nothing left off, no stray media and no files shows none of those sections", async () => {
    const { id } = await writeConsultation([english("Hello, I would like a consultation for my curls", { media: [{ contentType: "image/png" }] })]);
    const { elements, texts } = await open(id);
    expect(elements.filter((e) => e.tag === "section" && e.attributes.class === "problems")).toEqual([]);
    expect(elements.filter((e) => e.tag === "ul" && e.attributes.class === "attachments")).toEqual([]);
    expect(texts["main"]![0]).not.toMatch(/What could not be read|Stored media whose message could not be read|not shown on this page/);
  });

  it("ADR-007.7 the page tells the browser itself to send no referrer", async () => {
    const { id } = await writeConsultation([english("Hello, I would like a consultation for my curls")]);
    const meta = (await open(id)).elements.find((e) => e.tag === "meta" && e.attributes.name === "referrer");
    expect(meta!.attributes.content).toBe("no-referrer");
  });

  it("ADR-007.2 a link that does not work says so in both languages, and how to get the current one", async () => {
    const response = await get("/summary/AAAAAAAAAAAAAAAAAAAAAA");
    expect(response.status).toBe(404);
    const { texts } = await parseHtml(await response.text(), ["title", "body"]);
    expect(texts["title"]).toEqual(["Summary not found"]);
    expect(texts["body"]![0]).toContain('It is mistyped, or the consultation was reset. Write "summary" to the assistant on WhatsApp to get the current link.');
    expect(texts["body"]![0]).toContain('El enlace está mal escrito o la consulta se reinició. Escribe "resumen" a la asistente por WhatsApp para recibir el enlace actual.');
  });

  it("ADR-022.4 a page link whose cursor was changed says so in both languages, and how to see the latest messages", async () => {
    const { id } = await writeConsultation([english("Hello, I would like a consultation for my curls")]);
    const response = await get(`/summary/${id}?before=changed`);
    expect(response.status).toBe(400);
    const { texts } = await parseHtml(await response.text(), ["title", "body"]);
    expect(texts["title"]).toEqual(["Page link not valid"]);
    expect(texts["body"]![0]).toContain('The part after "?before=" was changed or cut. Open the summary link without it to see the latest messages.');
    expect(texts["body"]![0]).toContain('La parte después de "?before=" se cambió o se cortó. Abre el enlace del resumen sin ella para ver los mensajes más recientes.');
  });
});

describe("what the page reads from the records", () => {
  it("ADR-007.5 the name shown is the latest one the client's WhatsApp profile gave, trimmed; a blank one does not replace it", async () => {
    const { id } = await writeConsultation([
      english("Hello, I would like a consultation for my curls", { profileName: "Mari" }),
      english("My curls are dry at the ends", { profileName: "  Mariana López  " }),
      english("Twice a week", { profileName: "   " }),
    ]);
    const { texts } = await parseHtml(await (await get(`/summary/${id}`)).text(), ["h1"]);
    expect(texts["h1"]).toEqual(["Mariana López"]);
  });

  it("ADR-007.5 a client whose profile gave no name is named as a WhatsApp client", async () => {
    const { id } = await writeConsultation([english("Hello, I would like a consultation for my curls", { profileName: "" })]);
    const { texts } = await parseHtml(await (await get(`/summary/${id}`)).text(), ["h1"]);
    expect(texts["h1"]).toEqual(["WhatsApp client"]);
  });

  it("ADR-007.5 a message's attachments are shown in the order they were sent, each with its own type and its own transcript", async () => {
    const { id } = await writeConsultation([
      english("Here are my files and two voice notes", {
        media: [
          { contentType: "application/pdf" },
          { contentType: "audio/ogg", transcript: "First voice note" },
          { contentType: "application/zip", stored: false },
          { contentType: "audio/ogg", transcript: "Second voice note" },
          { contentType: "text/plain" },
        ],
      }),
    ]);
    const { texts } = await parseHtml(await (await get(`/summary/${id}`)).text(), [".turn.client .attachments li"]);
    expect(texts[".turn.client .attachments li"]).toEqual([
      "A file (application/pdf) was sent; only photos are shown.",
      "Voice note: First voice note",
      "An attachment (application/zip) was announced but is not stored.",
      "Voice note: Second voice note",
      "A file (text/plain) was sent; only photos are shown.",
    ]);
  });

  it("ADR-007.5 a voice note whose audio is no longer stored is still shown by its transcript, once, and is no stray media", async () => {
    const message = english("", { media: [{ contentType: "audio/ogg", stored: false }] });
    const { id } = await writeConsultation([message]);
    await saveTranscript(store(), CLIENT, message.sid, 0, "I wash my hair twice a week");
    const { texts } = await parseHtml(await (await get(`/summary/${id}`)).text(), ["main"]);
    expect(texts["main"]![0]).toContain("Voice note: I wash my hair twice a week");
    expect(texts["main"]![0]).not.toContain("Stored media whose message could not be read");
    expect(texts["main"]![0]!.split("I wash my hair twice a week")).toHaveLength(2);
  });
});
