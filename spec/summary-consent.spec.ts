/**
 * ADR 020.2 and ADR 020.4 on the summary page: it says when the client opted out (and stops
 * saying it once they resume), and how long the data is kept before it is deleted by itself.
 */
import { describe, expect, it } from "vitest";
import { recordConsent } from "../src/storage/outside-client";
import { CLIENT, fullConsultation, store, writeConsultation } from "./support/consultation";
import { parseHtml } from "./support/html";
import { get } from "./support/worker";

async function page(id: string) {
  const response = await get(`/summary/${id}`);
  expect(response.status).toBe(200);
  return parseHtml(await response.text(), [".consent", "footer"]);
}

describe("the summary page and consent", () => {
  it("ADR-020.2 shows that the client opted out, and since when", async () => {
    const { id } = await writeConsultation(fullConsultation());
    expect((await page(id)).texts[".consent"]).toEqual([]);
    await recordConsent(store(), CLIENT, { sid: "SM".padEnd(34, "7"), at: "2026-11-21T09:30:00.000Z", choice: "opted-out" });
    const { texts, elements } = await page(id);
    expect(texts[".consent"]).toHaveLength(1);
    expect(texts[".consent"]![0]).toMatch(/se dio de baja|opted out/i);
    expect(elements.filter((e) => e.tag === "time").map((e) => e.attributes.datetime)).toContain("2026-11-21T09:30:00.000Z");
  });

  it("ADR-020.2 once the client resumes, the page no longer shows an opt-out", async () => {
    const { id } = await writeConsultation(fullConsultation());
    await recordConsent(store(), CLIENT, { sid: "SM".padEnd(34, "7"), at: "2026-11-21T09:30:00.000Z", choice: "opted-out" });
    await recordConsent(store(), CLIENT, { sid: "SM".padEnd(34, "8"), at: "2026-11-21T09:40:00.000Z", choice: "resumed" });
    expect((await page(id)).texts[".consent"]).toEqual([]);
  });

  it("ADR-020.4 states how long the data is kept before it is deleted by itself", async () => {
    const { id } = await writeConsultation(fullConsultation());
    expect((await page(id)).texts["footer"]!.join(" ")).toMatch(/180 días/);
  });
});
