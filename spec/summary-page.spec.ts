/**
 * ADR 007: the live summary page shows the whole consultation, read from KV and R2 at request
 * time, under headers that keep its link private.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/settings";
import { mediaKey } from "../src/storage/keys";
import { openMediaLink } from "../src/media/signed-links";
import { waMeLink } from "../src/summary/handoff-link";
import { CLIENT, fullConsultation, fullSnapshot, HANDOFF_SUMMARY, sid, store, writeConsultation, type ClientMessage } from "./support/consultation";
import { parseHtml } from "./support/html";
import { clock, get } from "./support/worker";

const PAGE_ORIGIN = "https://wa.example.com";

async function page(id: string) {
  const response = await get(`/summary/${id}`);
  expect(response.status).toBe(200);
  return parseHtml(await response.text(), ["h1", ".turn .text", ".turn", ".handoff .text", "[data-status]", ".problems li"]);
}

describe("the summary page", () => {
  it("ADR-007.5 shows the profile name, start and last activity, status, hand-off summary and every turn in order", async () => {
    const messages = fullConsultation();
    const { id } = await writeConsultation(messages);
    const { elements, texts } = await page(id);

    expect(texts["h1"]).toEqual(["Mariana"]);
    expect(elements.find((e) => e.attributes["data-status"])!.attributes["data-status"]).toBe("summary-ready");
    const times = elements.filter((e) => e.tag === "time").map((e) => e.attributes.datetime);
    expect(times.slice(0, 2)).toEqual(["2026-11-20T10:00:00.000Z", "2026-11-20T10:08:09.000Z"]); // started, last active
    expect(texts[".handoff .text"]).toEqual([HANDOFF_SUMMARY]);
    expect(texts[".turn .text"]).toEqual([
      messages[0]!.body,
      messages[0]!.reply!.text,
      messages[1]!.body,
      messages[1]!.reply!.text,
      messages[2]!.media![0]!.transcript, // the voice note, as its transcript
      messages[2]!.reply!.text,
      messages[3]!.body,
      messages[3]!.reply!.text,
    ]);
  });

  it("ADR-007.5 shows every photo through a lazy-loaded signed link that opens exactly that object", async () => {
    const messages = fullConsultation();
    const { id } = await writeConsultation(messages);
    const images = (await page(id)).elements.filter((e) => e.tag === "img");
    expect(images).toHaveLength(2);
    const photo = messages[1]!;
    const now = Math.floor(clock.now() / 1000);
    for (const [index, image] of images.entries()) {
      expect(image.attributes.loading).toBe("lazy");
      expect(image.attributes.src).toMatch(/^\/media\/[A-Za-z0-9_-]+$/);
      expect(image.attributes.src).not.toContain("whatsapp");
      const token = image.attributes.src!.slice("/media/".length);
      const granted = await openMediaLink(loadConfig(env).linkSigningSecret, store(), token, now);
      const extension = photo.media![index]!.contentType.split("/")[1]!;
      expect(granted).toEqual({ client: CLIENT, key: mediaKey(CLIENT, photo.at, photo.sid, index, extension) });
      // Expiry policy: valid for at least one more hour, dead within two.
      expect(await openMediaLink(loadConfig(env).linkSigningSecret, store(), token, now + 3600)).not.toBeNull();
      expect(await openMediaLink(loadConfig(env).linkSigningSecret, store(), token, now + 7201)).toBeNull();
    }
  });

  it("ADR-009.4 the page offers the same wa.me hand-off link: stylist's number from config, the summary, this page's link", async () => {
    const { id } = await writeConsultation(fullConsultation());
    const link = (await page(id)).elements.find((e) => e.tag === "a" && e.attributes.href?.startsWith("https://wa.me/"));
    expect(link?.attributes.href).toBe(waMeLink(loadConfig(env).stylist.whatsappNumber, HANDOFF_SUMMARY, `${PAGE_ORIGIN}/summary/${id}`));
    expect(link!.attributes.href).toMatch(/^https:\/\/wa\.me\/15550001111\?text=/);
  });

  it("ADR-007.5 before the conclusion there is no hand-off link, and the page says the summary is still to come", async () => {
    const messages = fullConsultation().slice(0, 3);
    const { id } = await writeConsultation(messages);
    const { elements, texts } = await page(id);
    expect(elements.some((e) => e.attributes.href?.startsWith("https://wa.me/"))).toBe(false);
    expect(texts[".handoff .text"]).toEqual([]);
  });

  const at = (minute: number) => `2026-11-20T10:${String(minute).padStart(2, "0")}:00.000Z`;
  const text = (minute: number, body: string): ClientMessage => ({ sid: sid(), at: at(minute), body, reply: { at: at(minute).replace(":00.000", ":30.000"), text: "ok" } });
  const photo = (minute: number, body = ""): ClientMessage => ({ ...text(minute, body), sid: sid("MM"), media: [{ contentType: "image/jpeg" }] });
  const voice = (minute: number): ClientMessage => ({ ...text(minute, ""), sid: sid("MM"), media: [{ contentType: "audio/ogg", transcript: "tengo rizos" }] });
  const statusCases: Array<[string, ClientMessage[], string]> = [
    ["only words", [text(1, "hola"), text(2, "tengo rizos")], "started"],
    ["a photo with its caption, nothing since", [text(1, "hola"), photo(2, "mi pelo")], "photos-received"],
    ["an empty photo does not count", [text(1, "hola"), { ...photo(2), media: [{ contentType: "image/jpeg", bytes: new Uint8Array() }] }, text(3, "y?")], "started"],
    ["words after the first photo", [photo(1), text(2, "lavo dos veces")], "in-consultation"],
    ["a voice note after the first photo", [photo(1), voice(2)], "in-consultation"],
    ["a hand-off summary", [photo(1), { ...text(2, "listo"), reply: { at: at(3), text: "gracias", handoffSummary: "Resumen" } }], "summary-ready"],
    ["an SVG is no photo", [text(1, "hola"), { ...photo(2), media: [{ contentType: "image/svg+xml" }] }, text(3, "y?")], "started"],
    ["a HEIC image the model cannot read is no photo", [text(1, "hola"), { ...photo(2), media: [{ contentType: "image/heic" }] }, text(3, "y?")], "started"],
  ];
  it("ADR-007.5 counts and shows as photos only the images the model can read: an SVG or a HEIC is a file the page names", async () => {
    const { id } = await writeConsultation([
      text(1, "hola"),
      { ...photo(2), media: [{ contentType: "image/svg+xml" }, { contentType: "image/heic" }, { contentType: "image/png" }] },
    ]);
    const html = await (await get(`/summary/${id}`)).text();
    expect(/<dt>(?:Photos|Fotos)<\/dt>\s*<dd>(\d+)<\/dd>/.exec(html)?.[1]).toBe("1");
    expect(html.match(/<img\b/g)).toHaveLength(1);
    expect(html).toContain("image/svg+xml");
    expect(html).toContain("image/heic");
  });

  it("ADR-007.5 a photo stored without a content type is counted, and sets the status, by the type announced for it", async () => {
    const { id } = await writeConsultation([
      text(1, "hola"),
      { ...photo(2), media: [{ contentType: "application/pdf", storedContentType: null }, { contentType: "image/jpeg", storedContentType: null }] },
    ]);
    const html = await (await get(`/summary/${id}`)).text();
    expect(/<dt>(?:Photos|Fotos)<\/dt>\s*<dd>(\d+)<\/dd>/.exec(html)?.[1]).toBe("1");
    expect(/data-status="([^"]+)"/.exec(html)?.[1]).toBe("photos-received");
  });

  for (const [name, messages, status] of statusCases) {
    it(`ADR-007.5 status is derived at render time: ${name} -> ${status}`, async () => {
      const { id } = await writeConsultation(messages);
      const { elements } = await page(id);
      expect(elements.find((e) => e.attributes["data-status"])!.attributes["data-status"]).toBe(status);
    });
  }

  it("ADR-007.4 is read live at every request and the read changes nothing in KV or R2", async () => {
    const messages = fullConsultation();
    const { id } = await writeConsultation(messages.slice(0, 2));
    const before = await fullSnapshot();
    const first = await page(id);
    expect(await fullSnapshot()).toEqual(before);
    expect(first.texts[".turn"]).toHaveLength(4);

    await writeConsultation(messages.slice(2));
    const second = await page(id);
    expect(second.texts[".turn"]).toHaveLength(8);
    expect(second.elements.find((e) => e.attributes["data-status"])!.attributes["data-status"]).toBe("summary-ready");
  });
});
