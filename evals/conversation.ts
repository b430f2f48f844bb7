/**
 * One simulated client holding one whole consultation through the real Worker (ADR 027.1): each
 * message goes through the signed `POST /whatsapp/incoming`, and the answer is what the Twilio
 * stand-in recorded as sent to the client's number. The client reads the question it was asked,
 * answers it from its fact sheet (or interrupts, as its behaviours say), and stops at the
 * hand-off, at its expected ending, or when the consultation runs past its turns.
 */
import type { StandIns } from "../scripts/stand-ins";
import { sendToWorker, type WebhookTarget } from "../playground/webhook-sender";
import { personaPhoto, personaVoiceNote } from "./media";
import { neededTurns, type InterruptionKind, type Language, type Persona, type Topic } from "./personas";
import { topicAsked } from "./reading";

export interface ClientMessage {
  text: string;
  /** Absent for words of no language ("??"). */
  language?: Language;
  role: "opening" | "answer" | "impatience" | "unsure" | "then" | InterruptionKind;
  topic?: Topic;
  photo?: boolean;
  voice?: boolean;
}

export interface Exchange {
  said: ClientMessage[];
  /** The messages sent back, in order; null when nothing came. */
  answer: string[] | null;
  /** From the client's last message to the first message of the answer. */
  latencyMs: number | null;
}

export type Ending = "concluded" | "ran out of turns" | "no answer" | "silence" | "an answer after STOP" | "a fresh start" | "no fresh start";

export interface Transcript {
  persona: string;
  model: string;
  run: number;
  number: string;
  exchanges: Exchange[];
  ending: Ending;
  /** The hand-off summary as the summary page shows it to the stylist. */
  summary: string | null;
}

export interface ConversationTiming {
  /** How long to wait for an answer before calling it missing. */
  answerTimeoutMs: number;
  /** No further message for this long ends an answer (its parts follow each other at once). */
  quietMs: number;
  /** How long a client that wrote STOP listens for an answer that must not come. */
  silenceMs: number;
}

export interface ConversationContext {
  target: WebhookTarget;
  standIns: StandIns;
  workerUrl: string;
  timing: ConversationTiming;
  /** Client turns beyond the persona's needed ones before it gives up (the turns metric's allowance). */
  extraTurns: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const unsure: Record<Language, string> = { es: "No sé qué más decirte.", en: "I'm not sure what else to say." };

/** Waits for the next answer to `number`: the messages sent after the first `seen`, once they stop coming. */
async function nextAnswer(ctx: ConversationContext, number: string, seen: number, timeoutMs: number): Promise<{ parts: string[]; firstAt: number } | null> {
  const to = `whatsapp:${number}`;
  const sentTo = () => ctx.standIns.sent.filter((m) => m.To === to);
  const deadline = Date.now() + timeoutMs;
  while (sentTo().length <= seen) {
    if (Date.now() > deadline) return null;
    await sleep(50);
  }
  let count = sentTo().length;
  for (;;) {
    await sleep(ctx.timing.quietMs);
    if (sentTo().length === count) break;
    count = sentTo().length;
  }
  const parts = sentTo().slice(seen);
  return { parts: parts.map((m) => m.Body), firstAt: Date.parse(parts[0]!.at) };
}

/** The hand-off summary on the summary page the answer links to. */
async function summaryFromPage(ctx: ConversationContext, answer: string): Promise<string | null> {
  const link = new RegExp(`${ctx.target.publicBaseUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/summary/[\\w-]+`).exec(answer)?.[0];
  if (!link) return null;
  const page = await (await fetch(ctx.workerUrl + link.slice(ctx.target.publicBaseUrl.length))).text();
  const text = /<section class="handoff">[\s\S]*?<p class="text"[^>]*>([\s\S]*?)<\/p>/.exec(page)?.[1];
  if (text === undefined) return null;
  const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" };
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, name: string) => entities[name]!);
}

/** What the client sends for a topic: the answer's words (or voice note), its photos as a burst, then any impatience. */
function answerMessages(persona: Persona, topic: Topic): ClientMessage[] {
  const answer = persona.answers[topic];
  const messages: ClientMessage[] = [{ text: answer.text, language: answer.language, role: "answer", topic, ...(answer.voice ? { voice: true } : {}), ...(answer.photos ? { photo: true } : {}) }];
  for (let i = 1; i < (answer.photos ?? 0); i++) messages.push({ text: "", role: "answer", topic, photo: true });
  for (const text of persona.impatience ?? []) messages.push({ text, role: "impatience" });
  return messages;
}

export async function converse(ctx: ConversationContext, persona: Persona, run: { number: string; model: string; run: number }): Promise<Transcript> {
  const exchanges: Exchange[] = [];
  let seen = 0;
  let language = persona.opening.language;
  const interrupted = new Set<Topic>();

  async function say(messages: ClientMessage[], timeoutMs = ctx.timing.answerTimeoutMs): Promise<Exchange> {
    // A burst arrives together, as WhatsApp delivers it: posted one after another, a slow machine
    // could space its messages past the Worker's settling window and split one answer in two.
    const statuses = await Promise.all(
      messages.map((message) => {
        const attachment = message.voice
          ? { contentType: "audio/ogg", data: personaVoiceNote(persona.id, message.topic!) }
          : message.photo
            ? { contentType: "image/png", data: personaPhoto(persona.id) }
            : undefined;
        return sendToWorker(ctx.target, { name: persona.name, number: run.number, text: message.voice ? "" : message.text, ...(attachment ? { attachment } : {}) });
      }),
    );
    for (const sent of statuses) if (sent.status !== 200) throw new Error(`${persona.id}: the Worker answered ${sent.status} to a signed webhook`);
    for (const message of messages) if (message.language) language = message.language;
    const lastSent = Date.now();
    const answer = await nextAnswer(ctx, run.number, seen, timeoutMs);
    seen += answer?.parts.length ?? 0;
    const exchange = { said: messages, answer: answer?.parts ?? null, latencyMs: answer ? Math.max(0, answer.firstAt - lastSent) : null };
    exchanges.push(exchange);
    return exchange;
  }

  const finish = async (ending: Ending, summaryFrom?: string): Promise<Transcript> => ({
    ...run,
    persona: persona.id,
    exchanges,
    ending,
    summary: summaryFrom ? await summaryFromPage(ctx, summaryFrom) : null,
  });

  let exchange = await say([{ text: persona.opening.text, language: persona.opening.language, role: "opening" }]);
  const maxTurns = neededTurns(persona) + ctx.extraTurns;
  for (let turns = 1; ; turns++) {
    if (!exchange.answer) return finish("no answer");
    const words = exchange.answer.join("\n");
    if (/https:\/\/wa\.me\//.test(words)) return finish("concluded", words);
    if (turns >= maxTurns) return finish("ran out of turns");
    const topic = topicAsked(words);
    const interruption = topic && !interrupted.has(topic) ? persona.interruptions?.[topic] : undefined;
    if (topic && interruption) {
      interrupted.add(topic);
      exchange = await say([{ text: interruption.text, language: interruption.language, role: interruption.kind, topic }]);
      if (interruption.then) {
        if (!exchange.answer) return finish("no answer");
        const { text, language: thenLanguage, expect } = interruption.then;
        const silence = expect === "silence";
        const after = await say([{ text, language: thenLanguage, role: "then" }], silence ? ctx.timing.silenceMs : ctx.timing.answerTimeoutMs);
        if (silence) return finish(after.answer ? "an answer after STOP" : "silence");
        return finish(after.answer && topicAsked(after.answer.join("\n")) === "photos" ? "a fresh start" : "no fresh start");
      }
    } else if (topic) {
      exchange = await say(answerMessages(persona, topic));
    } else {
      exchange = await say([{ text: unsure[language], language, role: "unsure" }]);
    }
  }
}
