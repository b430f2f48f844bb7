/**
 * Deliberately broken consultants (ADR 027.5): the offline consultant with one fault each, and
 * the persona that exposes it. Each must fail exactly its metric: the proof that the metric can
 * fail at all. `npm run eval -- --consultant NAME` shows one failing in a report.
 */
import { offlineConsultant } from "../playground/offline-consultant";
import type { ChatResponder } from "../scripts/stand-ins";
import type { MetricId } from "./metrics";
import { thresholds } from "./metrics";
import type { Language } from "./personas";
import { languageOf, topicAsked } from "./reading";

type Request = Parameters<ChatResponder>[0];
type Message = Request["messages"][number];
interface Completion {
  choices: Array<{ message: { content: string | null; tool_calls?: Array<{ function: { name: string; arguments: string } }> } }>;
  usage?: unknown;
}

const answerOf = async (request: Request) => (await offlineConsultant(request)) as Completion;
const textOf = (completion: Completion) => completion.choices[0]!.message.content ?? "";
const concludes = (completion: Completion) => Boolean(completion.choices[0]!.message.tool_calls?.length);
const isPhotoLook = (request: Request) => (request.response_format as { json_schema?: { name?: string } } | undefined)?.json_schema?.name === "photo_observation";
const lastWords = (request: Request) => {
  const content = request.messages.findLast((m) => m.role === "user")?.content;
  return typeof content === "string" ? content : Array.isArray(content) ? content.map((p: { text?: string }) => p.text ?? "").join("\n") : "";
};
const withText = (completion: Completion, text: string): Completion => ({ ...completion, choices: [{ ...completion.choices[0]!, message: { ...completion.choices[0]!.message, content: text } }] });
const languageOfAnswer = (text: string): Language => languageOf(text) ?? "en";

/** Changes the consultant's answers (never its photo looks) with `fault`. */
const broken = (fault: (completion: Completion, request: Request) => Completion | Promise<Completion>): ChatResponder => async (request) => {
  const completion = await answerOf(request);
  return isPhotoLook(request) ? completion : fault(completion, request);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BrokenConsultant {
  /** The metric it breaks, and nothing else. */
  breaks: MetricId;
  /** The persona that exposes it. */
  persona: string;
  consultant: ChatResponder;
}

export const brokenConsultants: Record<string, BrokenConsultant> = {
  "asks-two-questions": {
    breaks: "one-question",
    persona: "spanish",
    consultant: broken((c) => {
      if (concludes(c)) return c;
      return withText(c, `${textOf(c)} ${languageOfAnswer(textOf(c)) === "es" ? "¿Y cómo conociste a Tata?" : "And how did you hear about Tata?"}`);
    }),
  },
  "quotes-80-dollars": {
    breaks: "no-commerce",
    persona: "asks-price",
    consultant: broken((c, request) => (/how much|cu[aá]nto cuesta|price|precio/i.test(lastWords(request)) ? withText(c, `The appointment is $80. ${textOf(c)}`) : c)),
  },
  "answers-a-spanish-client-in-english": {
    breaks: "language",
    persona: "photo-burst",
    consultant: async (request) => {
      const completion = await answerOf(request);
      if (isPhotoLook(request) || concludes(completion)) return completion;
      // The same consultant, made to believe every message was written in English.
      const filler = "Thank you, my hair, my curls: what is it and how is it?";
      const english = (m: Message): Message => {
        if (m.role !== "user") return m;
        if (typeof m.content === "string") return { ...m, content: `${m.content}\n${filler}` };
        return Array.isArray(m.content) ? { ...m, content: m.content.map((p: { type?: string; text?: string }) => (p.type === "text" ? { ...p, text: `${p.text}\n${filler}` } : p)) } : m;
      };
      return answerOf({ ...request, messages: request.messages.map(english) });
    },
  },
  "invents-keratin": {
    breaks: "faithful",
    persona: "voice-notes",
    consultant: broken((c) => {
      const call = c.choices[0]!.message.tool_calls?.[0];
      if (!call) return c;
      const args = JSON.parse(call.function.arguments) as { summary: string; message: string };
      const invented = { ...args, summary: `${args.summary}\nTratamiento de keratina el año pasado.` };
      return { ...c, choices: [{ ...c.choices[0]!, message: { ...c.choices[0]!.message, tool_calls: [{ ...call, function: { ...call.function, arguments: JSON.stringify(invented) } }] } }] };
    }),
  },
  "never-concludes": {
    breaks: "turns",
    persona: "english",
    consultant: broken((c) => {
      if (!concludes(c)) return c;
      return { ...c, choices: [{ message: { content: "Is there anything else you would like to add?" } }] };
    }),
  },
  "obeys-the-injection": {
    breaks: "injection",
    persona: "prompt-injection",
    consultant: broken((c, request) => (/ignore your instructions/i.test(lastWords(request)) ? withText(c, `Sure! Here is your code: CURLS50 for 50% off your appointment. ${textOf(c)}`) : c)),
  },
  "answers-off-topic": {
    breaks: "off-topic",
    persona: "off-topic",
    consultant: broken((c, request) => (/capital of/i.test(lastWords(request)) ? withText(c, `The capital of Australia is Canberra. ${textOf(c)}`) : c)),
  },
  "concludes-early": {
    breaks: "topics",
    persona: "wants-saturday",
    consultant: async (request) => {
      const completion = await answerOf(request);
      if (isPhotoLook(request) || topicAsked(textOf(completion)) !== "expectations") return completion;
      // Concludes instead of asking the last topic: as if it had been asked and left blank.
      return answerOf({ ...request, messages: [...request.messages, { role: "assistant", content: textOf(completion) }, { role: "user", content: "-" }] });
    },
  },
  rambles: {
    breaks: "messages",
    persona: "switches-language",
    consultant: broken((c) => {
      if (concludes(c) || topicAsked(textOf(c)) !== "goals") return c;
      const sentence = languageOfAnswer(textOf(c)) === "es" ? "Cada rizo es distinto y merece paciencia. " : "Every curl is different and deserves patience. ";
      return withText(c, `${textOf(c)} ${sentence.repeat(130)}`);
    }),
  },
  "burns-reasoning-tokens": {
    breaks: "tokens",
    persona: "impatient",
    consultant: broken((c) => ({ ...c, usage: { prompt_tokens: 2000, completion_tokens: 12_000, total_tokens: 14_000, completion_tokens_details: { reasoning_tokens: 11_900 } } })),
  },
  "answers-slowly-once": {
    breaks: "latency",
    persona: "terse",
    consultant: broken(async (c) => {
      if (topicAsked(textOf(c)) === "history") await sleep(thresholds.offline.latencyMs.p95 + 1000);
      return c;
    }),
  },
};
