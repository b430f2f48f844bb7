/**
 * ADR 007.5 and ADR 009, derived at render time in node: the consultation's status
 * (src/summary/status.ts) and the wa.me hand-off link (src/summary/handoff-link.ts).
 */
import { describe, expect, it } from "vitest";
import { timelineOf, type Turn } from "../../../src/conversation/timeline";
import { handoffText, MAX_HANDOFF_LINK, plainText, waMeLink } from "../../../src/summary/handoff-link";
import { consultationStatus, isPhoto } from "../../../src/summary/status";
import { sentAnswer } from "../../support/sent-answer";
import { AT, SID, message, state } from "../../support/written-state";

const client = (at: string, text = "", transcripts: string[] = []): Turn => ({
  kind: "client",
  sid: `SM${at}`,
  at,
  profileName: "",
  text,
  media: [],
  announcedMedia: [],
  transcripts: transcripts.map((t, index) => ({ index, text: t })),
});
const assistant = (at: string, handoffSummary?: string): Turn => ({ kind: "assistant", seq: 1, covers: ["SM"], at, text: "ok", status: "sent", delivery: { state: "unknown" }, ...(handoffSummary ? { handoffSummary } : {}) });

describe("consultationStatus", () => {
  it("ADR-007.5 the first rule that holds wins: summary ready, in consultation, photos received, started", () => {
    const photoAt = ["2026-11-20T10:05:00Z", "2026-11-20T10:01:00Z"];
    expect(consultationStatus([], [])).toBe("started");
    expect(consultationStatus([client("2026-11-20T10:00:00Z", "hola")], [])).toBe("started");
    expect(consultationStatus([client("2026-11-20T10:00:00Z", "hola")], photoAt)).toBe("photos-received");
    expect(consultationStatus([client("2026-11-20T10:01:00Z", "foto")], photoAt)).toBe("photos-received"); // at the first photo, not after it
    expect(consultationStatus([client("2026-11-20T10:02:00Z", "  ")], photoAt)).toBe("photos-received"); // blank words say nothing
    expect(consultationStatus([client("2026-11-20T10:02:00Z", "y ahora?")], photoAt)).toBe("in-consultation"); // after the earliest photo
    expect(consultationStatus([client("2026-11-20T10:02:00Z", "", ["una nota de voz"])], photoAt)).toBe("in-consultation");
    expect(consultationStatus([assistant("2026-11-20T10:03:00Z")], photoAt)).toBe("photos-received"); // only the client's words count
    expect(consultationStatus([client("2026-11-20T09:00:00Z", "hola"), client("2026-11-20T10:04:00Z", "¿y?")], photoAt)).toBe("in-consultation"); // one message since is enough
    expect(consultationStatus([client("2026-11-20T10:00:00Z"), assistant("2026-11-20T10:03:00Z", "Resumen")], [])).toBe("summary-ready");
  });

  it("ADR-007.5 from the stored records: an answer sent with a hand-off summary makes the consultation summary-ready", () => {
    const answer = sentAnswer(1, [SID], AT, "¡Gracias! Tata te escribirá.");
    const concluded = { ...answer, reply: { ...answer.reply!, handoffSummary: "Rizos 3B, puntas secas." } };
    expect(consultationStatus(timelineOf(state([message({ Body: "listo" })], { answers: [concluded] })), [])).toBe("summary-ready");
    expect(consultationStatus(timelineOf(state([message({ Body: "listo" })], { answers: [answer] })), [])).toBe("started");
    // Its message gone (the answer is then the first turn), the hand-off still counts.
    expect(consultationStatus(timelineOf(state([], { answers: [concluded] })), [])).toBe("summary-ready");
  });

  it("ADR-007.5 a photo is one the model can read, by its stored type or else by what Twilio announced", () => {
    expect(isPhoto({ contentType: "IMAGE/JPEG" })).toBe(true);
    expect(isPhoto({ contentType: "image/heic" })).toBe(false);
    expect(isPhoto({ contentType: "image/svg+xml" })).toBe(false);
    expect(isPhoto({ contentType: "audio/ogg" }, "image/jpeg")).toBe(false);
    expect(isPhoto({ contentType: undefined }, "image/png")).toBe(true);
    expect(isPhoto({ contentType: undefined })).toBe(false);
  });
});

describe("the hand-off link", () => {
  it("ADR-009.2 the text is plain: no emoji, joiners only where they joined emoji, no control characters, tidy spacing", () => {
    expect(plainText("Rizos 3B 👩🏽‍🦱✨ hidratados 🇲🇽!")).toBe("Rizos 3B hidratados !");
    expect(plainText("1️⃣ keycap ☺︎ text-style")).toBe("1 keycap text-style");
    expect(plainText("فارسی\u200Dمتن")).toBe("فارسی\u200Dمتن"); // a joiner between letters stays
    expect(plainText("a\u0000b\u0007c\u009Fd\te")).toBe("abcd\te");
    expect(plainText("uno\r\ndos\rtres")).toBe("uno\ndos\ntres");
    expect(plainText("uno \t\ndos")).toBe("uno\ndos");
    expect(plainText("  uno   dos \t\n\n\n\ntres  \n")).toBe("uno dos\n\ntres");
    expect(plainText("lone \uD83D surrogate")).toBe("lone surrogate");
  });

  it("ADR-009.2 the summary, a blank line, the page link; everything but letters, digits and -._~ percent-encoded", () => {
    const link = waMeLink("+1 (555) 000-1111", "Rizos 3B, secos (por el sol)! ¿Corte? It's *fine*", "https://wa.example.com/summary/abc");
    expect(link).toBe(
      "https://wa.me/15550001111?text=" +
        "Rizos%203B%2C%20secos%20%28por%20el%20sol%29%21%20%C2%BFCorte%3F%20It%27s%20%2Afine%2A" +
        "%0A%0Ahttps%3A%2F%2Fwa.example.com%2Fsummary%2Fabc",
    );
    expect(handoffText("", "https://p")).toBe("https://p");
    expect(handoffText("👋", "https://p")).toBe("https://p");
  });

  it("ADR-009.3 a long summary is cut at a word with …, the link kept whole, the whole URL within 1000 characters", () => {
    const page = "https://wa.example.com/summary/abcdefghijklmnopqrstuvwxyz0123456789";
    const summary = Array.from({ length: 400 }, (_, i) => `palabra${i}`).join(" ");
    const link = waMeLink("15550001111", summary, page);
    expect(link.length).toBeLessThanOrEqual(MAX_HANDOFF_LINK);
    expect(link.length).toBeGreaterThan(MAX_HANDOFF_LINK - 20); // as much of the summary as fits
    const text = decodeURIComponent(link.slice("https://wa.me/15550001111?text=".length));
    expect(text.endsWith(`…\n\n${page}`)).toBe(true);
    const kept = text.slice(0, text.indexOf("…"));
    expect(summary.startsWith(kept)).toBe(true);
    expect(summary[kept.length]).toBe(" "); // cut at a word
    // room 60: the link and its blank line take 21 encoded characters, "…" 9: 30 remain.
    expect(handoffText("a".repeat(30), "https://p", 51)).toBe(`${"a".repeat(30)}\n\nhttps://p`);
    expect(handoffText("a".repeat(51), "https://p", 60)).toBe(`${"a".repeat(30)}…\n\nhttps://p`); // no word in reach: cut inside
    expect(handoffText(`${"a".repeat(30)} ${"b".repeat(30)}`, "https://p", 60)).toBe(`${"a".repeat(30)}…\n\nhttps://p`);
    expect(handoffText(`${"a".repeat(10)} ${"b".repeat(40)}`, "https://p", 50)).toBe(`${"a".repeat(10)}…\n\nhttps://p`); // back to the word
    expect(handoffText("ab\n\ncdefghijklmnop", "https://p", 38)).toBe("ab…\n\nhttps://p"); // cut at the line, its break dropped
    expect(handoffText("abcd efghijklmnopqrstuvwxyz", "https://p", 40)).toBe("abcd efg…\n\nhttps://p"); // a word exactly halfway is not worth it either
    expect(handoffText(`${"a".repeat(4)} ${"b".repeat(40)}`, "https://p", 50)).toBe(`aaaa ${"b".repeat(13)}…\n\nhttps://p`); // a word in the first half is not worth it
  });

  it("ADR-009.3 the cut never splits an emoji-free character's encoding: it counts whole code points", () => {
    const text = handoffText("ñ".repeat(100), "https://p", 100);
    expect(encodeURIComponent(text).length).toBeLessThanOrEqual(100);
    expect(text).toMatch(/^ñ+…\n\nhttps:\/\/p$/);
    expect(encodeURIComponent(handoffText("ñ".repeat(100), "https://p", 101)).length).toBeGreaterThan(encodeURIComponent(text).length - 1);
  });
});
