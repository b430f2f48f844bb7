/**
 * ADR 009: the client hands the summary to the stylist through a pre-filled wa.me link whose
 * text is the plain-text summary and the summary page's link, built by code from config.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import handoff from "../fixtures/openai/chat-completion-handoff.json";
import { webhooks } from "../fixtures/twilio/webhooks";
import { handoffText, MAX_HANDOFF_LINK, plainText, waMeLink } from "../src/summary/handoff-link";
import { answer, network, OPENAI, sentMessages } from "./support/network";
import { sendWebhook } from "./support/worker";

const STYLIST = "15550001111"; // STYLIST_WHATSAPP_NUMBER of the spec bindings, digits only
const PAGE = `https://wa.example.com/summary/${"x".repeat(99)}`;
const pictograph = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u{FE0F}\u{20E3}\u{1F3FB}-\u{1F3FF}]/u;

const textOf = (link: string) => decodeURIComponent(new URL(link).searchParams.size ? link.split("?text=")[1]! : "");
const concludeWith = (summary: string, message = "¡Gracias! Ya tengo todo.") => {
  const completion = structuredClone(handoff);
  completion.choices[0]!.message.tool_calls[0]!.function.arguments = JSON.stringify({ summary, message });
  network.use(answer("post", `${OPENAI}/chat/completions`, () => Response.json(completion)));
};
const linksIn = (body: string) => ({
  page: /https:\/\/wa\.example\.com\/summary\/[A-Za-z0-9_-]+/.exec(body)?.[0],
  wa: /https:\/\/wa\.me\/\S+/.exec(body)?.[0],
});

const summaryText = fc
  .array(
    fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.constantFrom("💇🏽‍♀️", "✨", "👩‍❤️‍👩", "🇲🇽", "1️⃣", "©", "\u200D", "Cabello: rizos 3A.\n", "ñ á é", "\r\n", "&?=#%+", "مرحبا"),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));

describe("the wa.me hand-off link", () => {
  it("ADR-009.1 on conclusion the client gets the page link and a wa.me link to the configured stylist, built by code", async () => {
    concludeWith("Cabello: rizos 3A. Llama a https://evil.example/book o al +1 999 000 0000.");
    await sendWebhook(webhooks["text-es"]);
    const { page, wa } = linksIn(sentMessages()[0]?.Body ?? "");
    expect(page).toBeDefined();
    expect(wa).toBe(waMeLink(STYLIST, "Cabello: rizos 3A. Llama a https://evil.example/book o al +1 999 000 0000.", page!));
    expect(wa!.startsWith(`https://wa.me/${STYLIST}?text=`)).toBe(true); // the model's number and URL stay inside the text
  });

  it("ADR-009.1 an English-speaking client gets the closing words and both links in English", async () => {
    concludeWith("Hair: curly 3A, frizz in humidity.", "Thanks! I have everything I need.");
    await sendWebhook(webhooks["text-en"]);
    const body = sentMessages()[0]?.Body ?? "";
    const { page, wa } = linksIn(body);
    expect(body).toBe(`Thanks! I have everything I need.\n\nYour summary is ready: ${page}\n\nTap to send it to your stylist on WhatsApp: ${wa}`);
    expect(wa).toBe(waMeLink(STYLIST, "Hair: curly 3A, frizz in humidity.", page!));
  });

  it("ADR-009.2 the text decodes to the plain-text summary (no emoji) followed by the page link", () => {
    fc.assert(
      fc.property(summaryText, (summary) => {
        const link = waMeLink(`+${STYLIST}`, summary, PAGE);
        expect(link).toMatch(/^https:\/\/wa\.me\/15550001111\?text=[A-Za-z0-9%._~-]*$/);
        const text = textOf(link);
        expect(text).not.toMatch(pictograph);
        expect(text).toBe(`${plainText(summary)}\n\n${PAGE}`.trimStart());
      }),
    );
    expect(textOf(waMeLink(STYLIST, "Rizos 3A 💇🏽‍♀️✨\nObjetivo: volumen 🇲🇽", PAGE))).toBe(`Rizos 3A\nObjetivo: volumen\n\n${PAGE}`);
    expect(plainText("Persian \u0645\u200D\u0645 keeps its joiner")).toContain("\u200D");
  });

  it("ADR-009.3 the whole link stays within 1000 characters: a long summary is cut at a word, marked, and the page link kept whole", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 4000 }), fc.integer({ min: 1, max: 6 }), (words, repeat) => {
        const summary = `${words} `.repeat(repeat) + "ñandú áéíóú ".repeat(200);
        const link = waMeLink(STYLIST, summary, PAGE);
        expect(link.length).toBeLessThanOrEqual(MAX_HANDOFF_LINK);
        const text = textOf(link);
        expect(text.endsWith(`…\n\n${PAGE}`)).toBe(true);
        expect(plainText(summary).startsWith(text.slice(0, -`…\n\n${PAGE}`.length))).toBe(true);
      }),
      { numRuns: 60 },
    );
    expect(handoffText("short", PAGE)).toBe(`short\n\n${PAGE}`);
  });

  for (const closingLength of [0, 120, 420, 470, 520, 900, 1500]) {
    it(`ADR-009.3 a long summary's link arrives whole, in one WhatsApp message (model's closing words: ${closingLength} characters)`, async () => {
      concludeWith("Historial: decoloración, planchado y mucho más. ".repeat(120), "Gracias. ".repeat(closingLength / 9));
      await sendWebhook(webhooks["text-es"]);
      const bodies = sentMessages().map((m) => m.Body ?? "");
      const withLink = bodies.filter((b) => b.includes("https://wa.me/"));
      expect(withLink).toHaveLength(1);
      const wa = linksIn(withLink[0]!).wa!;
      expect(wa.length).toBeLessThanOrEqual(MAX_HANDOFF_LINK);
      expect(textOf(wa).endsWith(`…\n\n${linksIn(bodies.join("\n")).page!}`)).toBe(true);
    });
  }
});
