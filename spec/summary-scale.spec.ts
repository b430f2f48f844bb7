/**
 * ADR 007.4 at size: a long consultation (300 client messages, 300 answers, 40 photos) renders
 * whole from live state. The render time is printed for the benchmark budget, not asserted.
 */
import { describe, expect, it } from "vitest";
import { sid, writeConsultation, type ClientMessage } from "./support/consultation";
import { parseHtml } from "./support/html";
import { get } from "./support/worker";

describe("a long consultation", () => {
  it("ADR-007.4 300 messages, their 300 answers and 40 photos render whole, read live", async () => {
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
    let html = "";
    for (let run = 0; run < 5; run++) {
      const began = performance.now();
      const response = await get(`/summary/${id}`);
      html = await response.text();
      times.push(performance.now() - began);
      expect(response.status).toBe(200);
    }
    const { elements } = await parseHtml(html);
    expect(elements.filter((e) => e.tag === "li" && e.attributes.class?.startsWith("turn"))).toHaveLength(600);
    expect(elements.filter((e) => e.tag === "img")).toHaveLength(40);
    console.log(`summary page, 300 messages + 300 answers + 40 photos: ${times.map((t) => t.toFixed(0)).join(", ")} ms; ${(html.length / 1024).toFixed(0)} KiB`);
  }, 60_000);
});
