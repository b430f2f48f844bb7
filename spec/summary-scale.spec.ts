/**
 * ADR 007.4 at size: a long consultation (300 client messages, 300 answers, 40 photos) is read
 * live, page by page (ADR 022.4): following the pages' links shows every turn and photo once.
 * The latest page's render time is printed for the benchmark budget, not asserted.
 */
import { describe, expect, it } from "vitest";
import { sid, writeConsultation, type ClientMessage } from "./support/consultation";
import { parseHtml } from "./support/html";
import { get } from "./support/worker";
import { SPEC_HANG_MS } from "./support/patience";

describe("a long consultation", () => {
  it("ADR-007.4 300 messages, their 300 answers and 40 photos are read live, every turn and photo once across the pages", async () => {
    const start = Date.parse("2026-11-20T10:00:00.000Z");
    const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
    const messages: ClientMessage[] = Array.from({ length: 300 }, (_, i) => ({
      sid: sid(i % 7 === 0 && i / 7 < 40 ? "MM" : "SM"),
      at: at(i * 60),
      body: `Mensaje ${i}: mis rizos se ven así hoy, con algo de frizz en la coronilla.`,
      ...(i % 7 === 0 && i / 7 < 40 ? { media: [{ contentType: "image/jpeg" }] } : {}),
      reply: { at: at(i * 60 + 5), text: `Respuesta ${i}: gracias, ¿me cuentas más sobre tu rutina de lavado y los productos que usas?` },
    }));
    const { id } = await writeConsultation(messages);

    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const began = performance.now();
      expect((await get(`/summary/${id}`)).status).toBe(200);
      times.push(performance.now() - began);
    }
    const turns: string[] = [];
    let images = 0;
    let path: string | undefined = `/summary/${id}`;
    while (path) {
      const response = await get(path);
      expect(response.status).toBe(200);
      const html = await response.text();
      const { elements, texts } = await parseHtml(html, [".turn .text"]);
      turns.unshift(...texts[".turn .text"]!);
      images += elements.filter((e) => e.tag === "img").length;
      const earlier = /<a href="(\?before=[^"]+)">/.exec(html)?.[1];
      path = earlier ? `/summary/${id}${earlier}` : undefined;
    }
    expect(turns).toEqual(messages.flatMap((m) => [m.body, m.reply!.text]));
    expect(images).toBe(40);
    console.log(`summary page, latest of 300 messages + 300 answers + 40 photos: ${times.map((t) => t.toFixed(0)).join(", ")} ms`);
  }, SPEC_HANG_MS);
});
