/**
 * ADR 004.5: WhatsApp messages through Twilio carry at most 1600 characters. A longer answer is
 * split at a paragraph, sentence or word boundary (in that order of preference) and the parts
 * are sent in order, each after Twilio accepted the previous one.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import messageCreated from "../fixtures/twilio/api/message-created.json";
import outsideWindow from "../fixtures/twilio/api/error-outside-window.json";
import { MAX_MESSAGE_LENGTH, splitMessage } from "../src/twilio/messages-client";
import { answer, MESSAGES_PATH, network, OPENAI, sentMessages, TWILIO } from "./support/network";
import { webhookRequest } from "./support/twilio";
import { answerFor } from "./support/answers";
import { dispatch, sendWebhook } from "./support/worker";

const withoutWhitespace = (text: string) => text.replace(/\s+/g, "");
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const sentence = (i: number) =>
  `Para el rizo número ${i}, aplica el acondicionador de medios a puntas y desenreda con los dedos, sin prisa. `;
const paragraph = (from: number) => Array.from({ length: 6 }, (_, i) => sentence(from + i)).join("").trim();
/**
 * About 3800 characters in paragraphs of six sentences: what a chatty model answer looks like, and
 * three WhatsApp messages, the most one answer may take (ADR 018.2, spec/answer-limits.spec.ts).
 */
const longAnswer = Array.from({ length: 6 }, (_, i) => paragraph(i * 6)).join("\n\n");

/**
 * The parts longAnswer must go out as, worked out here rather than by splitMessage: its paragraphs
 * (each well under the limit) packed greedily, joined by the blank line they had.
 */
function paragraphsPacked(text: string, limit: number): string[] {
  const parts: string[] = [];
  for (const paragraph of text.split("\n\n")) {
    const last = parts.at(-1);
    if (last !== undefined && last.length + 2 + paragraph.length <= limit) parts[parts.length - 1] = `${last}\n\n${paragraph}`;
    else parts.push(paragraph);
  }
  return parts;
}
const expectedParts = paragraphsPacked(longAnswer, 1600);

function chatCompletionWith(content: string) {
  return {
    id: "chatcmpl-long",
    object: "chat.completion",
    created: 1741569952,
    model: "gpt-4o-mini-2024-07-18",
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }],
  };
}

/** Where each part lies in the original text, checking that they follow each other in order. */
function positions(original: string, parts: string[]): Array<{ start: number; end: number }> {
  let cursor = 0;
  return parts.map((part) => {
    const start = original.indexOf(part, cursor);
    expect(start, `part not found in order: ${part.slice(0, 40)}…`).toBeGreaterThanOrEqual(cursor);
    expect(original.slice(cursor, start).trim()).toBe(""); // only whitespace was dropped between parts
    cursor = start + part.length;
    return { start, end: cursor };
  });
}

describe("a model answer of about 3800 characters", () => {
  it("ADR-004.5 goes out as several messages of at most 1600 characters, cut at boundaries, in order", async () => {
    expect(longAnswer.length).toBeGreaterThan(3600);
    network.use(answer("post", `${OPENAI}/chat/completions`, () => Response.json(chatCompletionWith(longAnswer))));
    await sendWebhook(webhooks["text-es"]);

    const bodies = sentMessages().map((m) => m.Body!);
    expect(bodies.length).toBeGreaterThanOrEqual(3);
    for (const body of bodies) expect(body.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(withoutWhitespace(bodies.join(""))).toBe(withoutWhitespace(longAnswer));
    for (const { end } of positions(longAnswer, bodies).slice(0, -1)) {
      expect(longAnswer.slice(end, end + 2)).toBe("\n\n"); // paragraphs are short enough: every cut is at one
    }
    expect(bodies).toEqual(expectedParts);
    expect(sentMessages().every((m) => m.To === webhooks["text-es"].From && m.From === "whatsapp:+14155238886")).toBe(true);
  });

  it("ADR-004.5 the reply record keeps the whole text and one delivery status per part", async () => {
    network.use(answer("post", `${OPENAI}/chat/completions`, () => Response.json(chatCompletionWith(longAnswer))));
    await sendWebhook(webhooks["text-es"]);
    const reply = await answerFor("whatsapp:+5215512345678", webhooks["text-es"].MessageSid);
    expect(reply.text).toBe(longAnswer);
    expect(reply.status).toBe("sent");
    expect(reply.parts).toHaveLength(sentMessages().length);
    expect(reply.parts.every((part: { status: string; twilioSid?: string }) => part.status === "sent" && part.twilioSid?.startsWith("SM"))).toBe(true);
  });

  it("ADR-004.5 the next part is sent only after Twilio accepted the previous one", async () => {
    let acceptFirst!: () => void;
    const firstAccepted = new Promise<void>((resolve) => (acceptFirst = resolve));
    let sends = 0;
    network.use(
      answer("post", `${OPENAI}/chat/completions`, () => Response.json(chatCompletionWith(longAnswer))),
      answer("post", `${TWILIO}${MESSAGES_PATH}`, async () => {
        sends += 1;
        if (sends === 1) await firstAccepted;
        return Response.json({ ...messageCreated, sid: `SM${String(sends).padStart(32, "0")}` }, { status: 201 });
      }),
    );
    const { settled } = await dispatch(await webhookRequest(webhooks["text-es"]));
    await vi.waitFor(() => expect(sends).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sends).toBe(1); // the second part waits for the first
    acceptFirst();
    await settled;
    expect(sentMessages().map((m) => m.Body)).toEqual(expectedParts);
  });

  it("ADR-004.5 after a part fails, the later parts are not sent and the reply is recorded as failed", async () => {
    let sends = 0;
    network.use(
      answer("post", `${OPENAI}/chat/completions`, () => Response.json(chatCompletionWith(longAnswer))),
      answer("post", `${TWILIO}${MESSAGES_PATH}`, () => {
        sends += 1;
        return sends === 2
          ? Response.json(outsideWindow, { status: 400 })
          : Response.json({ ...messageCreated, sid: `SM${String(sends).padStart(32, "0")}` }, { status: 201 });
      }),
    );
    expect(expectedParts.length).toBeGreaterThanOrEqual(3);
    await sendWebhook(webhooks["text-es"]);

    expect(sentMessages().map((m) => m.Body)).toEqual(expectedParts.slice(0, 2)); // the second was tried once (400 is final), the third never
    const reply = await answerFor("whatsapp:+5215512345678", webhooks["text-es"].MessageSid);
    expect(reply.status).toBe("failed");
    expect(reply.parts.map((part) => part.status)).toEqual(["sent", "failed"]);
  });
});

describe("splitMessage", () => {
  it("ADR-004.5 leaves a message within the limit whole (trimmed)", () => {
    expect(splitMessage("  Hola, ¿cómo estás?  ")).toEqual(["Hola, ¿cómo estás?"]);
    expect(splitMessage("x".repeat(MAX_MESSAGE_LENGTH))).toEqual(["x".repeat(MAX_MESSAGE_LENGTH)]);
    expect(splitMessage("   ")).toEqual([]);
  });

  it("ADR-004.5 a message one character over the limit is split: no part is ever 1601 characters", async () => {
    expect(splitMessage("x".repeat(1601))).toEqual(["x".repeat(1600), "x"]);
    const words = `${"rizo ".repeat(320)}y`; // 1601 characters, spaces every fifth
    expect(words.length).toBe(1601);
    expect(splitMessage(words)).toEqual([`${"rizo ".repeat(319)}rizo`, "y"]);

    network.use(answer("post", `${OPENAI}/chat/completions`, () => Response.json(chatCompletionWith(words))));
    await sendWebhook(webhooks["text-es"]);
    expect(sentMessages().map((m) => m.Body!.length)).toEqual([1599, 1]);
  });

  it("ADR-004.5 prefers a paragraph break to a later sentence end", () => {
    const text = `${"Uno dos tres. ".repeat(5).trim()}\n\n${"Cuatro cinco seis. ".repeat(4).trim()}`;
    const [first, second] = splitMessage(text, 120);
    expect(first).toBe("Uno dos tres. ".repeat(5).trim());
    expect(second!.startsWith("Cuatro")).toBe(true);
  });

  it("ADR-004.5 prefers a sentence end to a later space", () => {
    const text = "This is the first sentence of the answer. And this second sentence goes on and on past the limit";
    expect(splitMessage(text, 60)).toEqual(["This is the first sentence of the answer.", "And this second sentence goes on and on past the limit"]);
  });

  it("ADR-004.5 ends sentences at ?, ! and … as well", () => {
    expect(splitMessage("¿Tienes fotos de tu cabello? Envíalas cuando puedas, con luz natural", 40)).toEqual([
      "¿Tienes fotos de tu cabello?",
      "Envíalas cuando puedas, con luz natural",
    ]);
    expect(splitMessage("Qué lindos rizos… Cuéntame más sobre tu rutina", 30)[0]).toBe("Qué lindos rizos…");
  });

  it("ADR-004.5 cuts at a space, never inside a word, when there is no sentence end", () => {
    const parts = splitMessage("rizos ".repeat(50).trim(), 64);
    for (const part of parts) expect(part).toMatch(/^(rizos )*rizos$/);
  });

  it("ADR-004.5 keeps a long link whole even when that makes the first part short", () => {
    const link = `https://wa.me/15550001111?text=${"a%20".repeat(380)}`;
    const parts = splitMessage(`Tu resumen está listo. Toca para enviárselo a tu estilista: ${link}`);
    expect(parts).toEqual(["Tu resumen está listo. Toca para enviárselo a tu estilista:", link]);
  });

  it("ADR-004.5 cuts a single word longer than a part, without breaking an emoji in two", () => {
    const text = `a${"💇".repeat(1000)}`;
    const parts = splitMessage(text);
    expect(parts.join("")).toBe(text);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(part).not.toMatch(loneSurrogate);
    }
  });

  it("ADR-004.5 property: parts are non-empty, within the limit, in order, and lose nothing but whitespace", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "ñ", "é", "💇", "x", "7", ".", "?", "¿"), minLength: 1, maxLength: 30 });
    const separator = fc.constantFrom(" ", "  ", "\n", "\n\n", ". ", "! ");
    const text = fc.array(fc.tuple(word, separator), { maxLength: 120 }).map((pairs) => pairs.map(([w, s]) => w + s).join(""));
    fc.assert(
      fc.property(text, fc.integer({ min: 20, max: 200 }), (input, limit) => {
        const parts = splitMessage(input, limit);
        for (const part of parts) {
          expect(part.length).toBeGreaterThan(0);
          expect(part.length).toBeLessThanOrEqual(limit);
          expect(part).not.toMatch(loneSurrogate);
        }
        expect(withoutWhitespace(parts.join(""))).toBe(withoutWhitespace(input));
        positions(input, parts);
      }),
      { numRuns: 300 },
    );
  });
});
