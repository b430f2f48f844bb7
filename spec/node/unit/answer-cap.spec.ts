/**
 * ADR 018.2: an answer goes out in at most 3 WhatsApp messages. Longer model words are cut at a
 * sentence boundary, the client is told it was shortened, and what comes before and after the
 * model's words (attachment notes, the hand-off links) is never cut. The parts are counted with
 * the splitter that sends them (`splitMessage`, ADR 004.5), not by the function under test.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capToMessages, shortenedNotice } from "../../../src/conversation/answer-limits";
import { MAX_MESSAGE_LENGTH, splitMessage } from "../../../src/twilio/messages-client";

const sentence = (i: number) => `La rutina número ${i} lleva acondicionador de medios a puntas y un poco de gel, sin frotar. `;
const sentences = (count: number, from = 0) => Array.from({ length: count }, (_, i) => sentence(from + i)).join("").trim();
const notice = shortenedNotice.es;

/**
 * The longest cut of `words` at one of `candidates` (indexes into `words`) whose kept words and the notice fit in 3
 * messages, found by trying every candidate with the splitter: an oracle independent of the search under test.
 */
function longestCut(words: string, candidates: number[]): string {
  const fitting = candidates.filter((end) => splitMessage(`${words.slice(0, end).trimEnd()}\n\n${notice}`).length <= 3);
  return words.slice(0, Math.max(...fitting)).trimEnd();
}
const indexesAfter = (words: string, pattern: RegExp) => [...words.matchAll(pattern)].map((m) => m.index + m[0].length);

describe("an answer longer than 3 WhatsApp messages", () => {
  it("ADR-018.2 a 60,000-character answer goes out as 3 messages, cut after a whole sentence, with the notice", () => {
    const words = sentences(700);
    expect(words.length).toBeGreaterThan(60_000);
    const { text, shortened } = capToMessages(words, { notice });
    expect(shortened).toBe(true);
    expect(splitMessage(text).length).toBeLessThanOrEqual(3);
    expect(text.endsWith(`\n\n${notice}`)).toBe(true);
    const kept = text.slice(0, -`\n\n${notice}`.length);
    expect(words.startsWith(kept)).toBe(true);
    const count = kept.split("sin frotar.").length - 1;
    expect(kept).toBe(sentences(count));
    // Not cut shorter than needed: one more sentence would not have fit.
    expect(splitMessage(`${sentences(count + 1)}\n\n${notice}`).length).toBeGreaterThan(3);
  });

  it("ADR-018.2 an answer that fits is sent exactly as it is, without the notice", () => {
    for (const words of ["Hola, ¿me envías una foto?", sentences(40), "x".repeat(3 * MAX_MESSAGE_LENGTH)]) {
      expect(splitMessage(words).length).toBeLessThanOrEqual(3);
      expect(capToMessages(words, { notice })).toEqual({ text: words, shortened: false });
    }
  });

  it("ADR-018.2 the notes before the words and the hand-off links after them are kept whole and count toward the 3 messages", () => {
    const before = ["Tu foto (adjunto 2) no me llegó. ¿Puedes enviarla de nuevo?"];
    const after = ["Tu resumen está listo: https://wa.example.com/summary/abc\n\nToca para enviárselo a tu estilista por WhatsApp: https://wa.me/15550001111?text=Rizos"];
    const { text, shortened } = capToMessages(sentences(200), { notice, before, after });
    expect(shortened).toBe(true);
    expect(splitMessage(text).length).toBeLessThanOrEqual(3);
    expect(text.startsWith(`${before[0]}\n\n`)).toBe(true);
    expect(text.endsWith(`${notice}\n\n${after[0]}`)).toBe(true);
  });

  it("ADR-018.2 one endless sentence is cut at a word, never inside one", () => {
    const words = `Mis rizos ${"muy ".repeat(3000)}secos`;
    const { text, shortened } = capToMessages(words, { notice });
    expect(shortened).toBe(true);
    expect(splitMessage(text).length).toBeLessThanOrEqual(3);
    expect(text.slice(0, -`\n\n${notice}`.length)).toMatch(/^Mis rizos (muy )*muy$/);
  });

  it("ADR-018.2 a line break ends a sentence: lines without punctuation are cut after a whole line", () => {
    const lines = Array.from({ length: 150 }, (_, i) => `Paso ${i} acondicionador de medios a puntas y un poco de gel sin frotar`);
    const words = lines.join("\n");
    const kept = longestCut(words, indexesAfter(words, /(?=\n)/g));
    expect(kept).toMatch(/sin frotar$/);
    expect(capToMessages(words, { notice })).toEqual({ text: `${kept}\n\n${notice}`, shortened: true });
  });

  it("ADR-018.2 paragraphs are cut after a whole paragraph, with one blank line before the notice", () => {
    const paragraphs = Array.from({ length: 150 }, (_, i) => `Paso ${i}: acondicionador de medios a puntas y un poco de gel sin frotar`);
    const words = paragraphs.join("\n\n");
    const count = paragraphs.findIndex((_, i) => splitMessage(`${paragraphs.slice(0, i + 1).join("\n\n")}\n\n${notice}`).length > 3);
    expect(capToMessages(words, { notice })).toEqual({ text: `${paragraphs.slice(0, count).join("\n\n")}\n\n${notice}`, shortened: true });
  });

  it("ADR-018.2 words with no place to cut that fits are left out: the notice alone goes between the notes and the links", () => {
    const before = ["Tu foto (adjunto 2) no me llegó."];
    const after = ["Tu resumen está listo: https://wa.example.com/summary/abc"];
    expect(capToMessages("x".repeat(6000), { notice })).toEqual({ text: notice, shortened: true });
    expect(capToMessages("x".repeat(6000), { notice, before, after })).toEqual({ text: `${before[0]}\n\n${notice}\n\n${after[0]}`, shortened: true });
  });

  it("ADR-018.2 a sentence ends after its closing quotes or bracket: the cut keeps them", () => {
    const quoted = (i: number) => [`Ella dijo: “rutina ${i} sin frotar.”`, `(La rutina ${i} lleva gel.)`, `Y repitió: «rutina ${i}, sin toalla.»`][i % 3];
    const words = `Hola. ${Array.from({ length: 500 }, (_, i) => quoted(i)).join(" ")}`;
    const kept = longestCut(words, indexesAfter(words, /[”)»](?= )/g));
    expect(kept).toMatch(/[”)»]$/);
    expect(capToMessages(words, { notice })).toEqual({ text: `${kept}\n\n${notice}`, shortened: true });
  });

  it("ADR-018.2 when only the first sentence fits, the cut is right after it, not inside the next", () => {
    const first = "Hola, soy tu asistente de rizos.";
    const words = `${first} ${Array.from({ length: 1200 }, (_, i) => `rizo${i}`).join(" ")}`;
    expect(capToMessages(words, { notice })).toEqual({ text: `${first}\n\n${notice}`, shortened: true });
  });

  it("ADR-018.2 a point inside a number or a link ends no sentence", () => {
    for (const opening of ["", "Hola. ", "Mira: "]) {
      const words = opening + Array.from({ length: 300 }, (_, i) => `Usa 2.5 ml de gel y 1.5 de crema en la rutina ${i}, como dice rizos.mx/guia.`).join(" ");
      const kept = longestCut(words, indexesAfter(words, /guia\./g));
      expect(capToMessages(words, { notice })).toEqual({ text: `${kept}\n\n${notice}`, shortened: true });
    }
  });

  it("ADR-018.2 words without a sentence end are cut after the last whole word that fits", () => {
    const vocabulary = ["Mis", "rizos", "muy", "secos", "y", "con", "frizz", "desde", "la", "raíz", "hasta", "puntas"];
    for (const skip of [0, 1, 2, 5]) {
      const words = Array.from({ length: 1500 }, (_, i) => vocabulary[(i + skip) % vocabulary.length]).join(" ");
      const kept = longestCut(words, indexesAfter(words, /(?= )/g));
      expect(capToMessages(words, { notice })).toEqual({ text: `${kept}\n\n${notice}`, shortened: true });
    }
  });

  it("ADR-018.2 for any words, notes and links: at most 3 messages, a prefix of the words, the notice exactly when cut", () => {
    const piece = fc.oneof(fc.constantFrom("Hola. ", "¿Qué tal? ", "Bien!\n", "\n\n", "rizos ", "… ", "3A.", " "), fc.string({ maxLength: 30 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 600 }), fc.array(fc.string({ maxLength: 200 }), { maxLength: 2 }), (pieces, around) => {
        const words = pieces.join("");
        const before = around.slice(0, 1);
        const after = around.slice(1);
        const { text, shortened } = capToMessages(words, { notice, before, after });
        const whole = [...before, words, ...after].filter(Boolean).join("\n\n");
        if (!shortened) {
          expect(text).toBe(whole);
          expect(splitMessage(whole).length).toBeLessThanOrEqual(3);
          return;
        }
        expect(splitMessage(whole).length).toBeGreaterThan(3);
        expect(splitMessage(text).length).toBeLessThanOrEqual(3);
        const head = before.filter(Boolean).map((b) => `${b}\n\n`).join("");
        const tail = after.filter(Boolean).map((a) => `\n\n${a}`).join("");
        expect(text.startsWith(head) && text.endsWith(tail)).toBe(true);
        const middle = text.slice(head.length, text.length - tail.length);
        expect(middle.endsWith(notice)).toBe(true);
        expect(words.startsWith(middle.slice(0, -notice.length).replace(/\n\n$/, ""))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
