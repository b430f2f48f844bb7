/**
 * The offline model: a deterministic stand-in for the chat completion API, used by the local
 * stand-ins when no OpenAI key is configured. It asks the consultation's five questions in order
 * (each answer gets the question after the last one it asked), in the client's language,
 * acknowledges photos and voice notes, then concludes with the hand-off tool call built from the
 * client's answers. A request unrelated to the consultation (a poem, homework, the news) is
 * declined in one kind sentence and the pending question is asked again (ADR-019.1).
 * It only has to make the whole flow walkable; it is not a second consultant.
 */
import { chatCompletion, type ChatResponder } from "../scripts/stand-ins";
import { OBSERVATIONS_HEADING } from "../src/conversation/compose";
import { HANDOFF_TOOL_NAME } from "../src/conversation/consultant-prompt";
import { EARLIER_WORDS_HEADING } from "../src/conversation/context-policy";
import { detectLanguage, type Language } from "../src/utils/language";

type Topic = "photos" | "history" | "routine" | "goals" | "expectations";

const topics: Topic[] = ["photos", "history", "routine", "goals", "expectations"];

const questions: Record<Language, Record<Topic, string>> = {
  en: {
    photos: "Hi! I'm the local stand-in consultant. To start, could you send me photos of your hair today (front, sides and back, in natural light)?",
    history: "Tell me about your hair's history: any color, bleach, straightening or keratin, and how often you use heat?",
    routine: "What is your routine today: how often do you wash, and which shampoo, conditioner and stylers do you use?",
    goals: "What would you love your curls to look and feel like?",
    expectations: "Last one: how much time a day can you give your hair, and is there an event or a budget I should know about?",
  },
  es: {
    photos: "¡Hola! Soy el consultor local de prueba. Para empezar, ¿me envías fotos de tu cabello hoy (de frente, de lado y de espalda, con luz natural)?",
    history: "Cuéntame la historia de tu cabello: ¿tintes, decoloración, alisados o keratina, y cada cuánto usas calor?",
    routine: "¿Cuál es tu rutina hoy: cada cuánto lavas, y qué champú, acondicionador y productos de peinado usas?",
    goals: "¿Cómo te gustaría que se vieran y se sintieran tus rizos?",
    expectations: "Última pregunta: ¿cuánto tiempo al día puedes dedicarle a tu cabello, y hay algún evento o presupuesto que deba saber?",
  },
};

const summaryLabels: Record<Language, Record<Topic, string>> = {
  en: { photos: "Hair today", history: "History", routine: "Routine and products", goals: "Goals", expectations: "Expectations" },
  es: { photos: "Cabello hoy", history: "Historial", routine: "Rutina y productos", goals: "Objetivos", expectations: "Expectativas" },
};

const words = {
  en: {
    photos: (n: number) => `Thank you for the ${n === 1 ? "photo" : `${n} photos`}, I can see your curls.`,
    voiceNote: "Thanks for the voice note, I listened to it.",
    photoCount: (n: number) => `${n} photo${n === 1 ? "" : "s"} sent`,
    noAnswer: "(no answer)",
    closing: "Thank you! I have everything your stylist needs.",
    offTopic: "I can only help with your curl consultation here, so I'll leave that one aside.",
    done: 'Your consultation is complete. Write "summary" for your summary link, or "reset" to start over.',
  },
  es: {
    photos: (n: number) => `Gracias por ${n === 1 ? "la foto" : `las ${n} fotos`}, ya veo tus rizos.`,
    voiceNote: "Gracias por la nota de voz, ya la escuché.",
    photoCount: (n: number) => `${n} foto${n === 1 ? "" : "s"} enviada${n === 1 ? "" : "s"}`,
    noAnswer: "(sin respuesta)",
    closing: "¡Gracias! Ya tengo todo lo que tu estilista necesita.",
    offTopic: "Aquí solo puedo ayudarte con tu consulta de rizos, así que eso lo dejo de lado.",
    done: 'Tu consulta está completa. Escribe "resumen" para ver el enlace de tu resumen, o "reiniciar" para empezar de nuevo.',
  },
} satisfies Record<Language, unknown>;

interface UserTurn {
  text: string;
  photos: number;
  voiceNotes: number;
}

/** How many photos a `[photo 4]` or `[photos 1–3]` reference names (ADR-011.3). */
function referencedPhotos(text: string): number {
  const reference = /^\[photos? ([\d–, ]+)\]/m.exec(text)?.[1];
  if (!reference) return 0;
  const range = /^(\d+)–(\d+)$/.exec(reference);
  return range ? Number(range[2]) - Number(range[1]) + 1 : reference.split(",").length;
}

function userTurn(content: unknown): UserTurn {
  const parts = typeof content === "string" ? [{ type: "text", text: content }] : Array.isArray(content) ? content : [];
  const text = parts
    .filter((p): p is { type: "text"; text: string } => p?.type === "text" && typeof p.text === "string")
    .map((p) => p.text)
    .join("\n");
  return {
    text,
    photos: Math.max(parts.filter((p) => p?.type === "image_url").length, referencedPhotos(text)),
    voiceNotes: text.split("\n").filter((line) => line.startsWith("[voice note]")).length,
  };
}

/** What the client said, without the bracketed notes the Worker adds about attachments. */
const spoken = (turn: UserTurn) =>
  turn.text
    .split("\n")
    .map((line) => line.replace(/^\[voice note\]\s*/, "").trim())
    .filter((line) => line && !/^\[.*\]$/.test(line))
    .join(" ");

function handoffSummary(language: Language, answers: Array<UserTurn | undefined>, photos: number): string {
  const labels = summaryLabels[language];
  return topics
    .map((topic, i) => {
      const answer = spoken(answers[i] ?? { text: "", photos: 0, voiceNotes: 0 });
      const value = topic === "photos" ? [words[language].photoCount(photos), answer].filter(Boolean).join(". ") : answer;
      return `${labels[topic]}: ${value || words[language].noAnswer}`;
    })
    .join("\n");
}

const languages: Language[] = ["en", "es"];

type Message = { role: string; content: unknown };

const asks = (message: Message, topic: Topic) =>
  message.role === "assistant" && typeof message.content === "string" && languages.some((l) => (message.content as string).includes(questions[l][topic]));

/**
 * How far the consultation has got, read from the assistant's own messages: the last question
 * it asked, or "done" once it concluded. Older turns may be condensed out of the request
 * (ADR 011), so the position is never counted from the start.
 */
function progress(messages: readonly Message[]): { asked: number } | "done" | null {
  for (const message of [...messages].reverse()) {
    if (message.role !== "assistant" || typeof message.content !== "string") continue;
    const text = message.content;
    if (languages.some((l) => text.includes(words[l].closing) || text.includes(words[l].done))) return "done";
    const asked = topics.findLastIndex((topic) => asks(message, topic));
    if (asked >= 0) return { asked };
  }
  return null;
}

/** Asking for something a curl consultation is not for: a request word, and nothing about hair. */
const unrelatedRequest =
  /\b(write|poems?|essays?|code|program|homework|translate|recipes?|jokes?|weather|news|capital of|who won|escr[ií]be(me)?|poemas?|c[oó]digo|tareas?|traduce|recetas?|chistes?|clima|noticias|capital de|qui[eé]n gan[oó])\b/i;
const aboutTheConsultation =
  /\b(hair|curls?|curly|scalp|wash|shampoo|conditioner|products?|styl\w*|appointment|photos?|cabello|pelo|rizos?|rizad[oa]|cuero cabelludo|lav\w*|champ[uú]|acondicionador|productos?|peinad\w*|cita|fotos?)\b/i;
const offTopic = (turn: UserTurn) => !turn.photos && unrelatedRequest.test(spoken(turn)) && !aboutTheConsultation.test(spoken(turn));

/** Words that answer nothing ("??", "hola?"): an impatient client's nudge. */
const nudge = (turn: UserTurn) => !turn.photos && !turn.voiceNotes && /^[\s?¿!¡.]*((hola|hello|hi|hey|oye)[\s?¿!¡.]*)?$/i.test(spoken(turn));

const textOf = (message: Message) => (typeof message.content === "string" ? message.content : "");
const isObservations = (message: Message) => message.role === "user" && textOf(message).startsWith(OBSERVATIONS_HEADING);
/** A client message, or the condensed block of their earlier ones, as a turn. */
const turnOf = (message: Message) => userTurn(textOf(message).startsWith(EARLIER_WORDS_HEADING) ? textOf(message).slice(EARLIER_WORDS_HEADING.length) : message.content);

/** What the offline vision model notes on every photo (ADR-019.3), in the language the request asks for. */
const observationOf: Record<Language, Record<string, string>> = {
  en: { curl_pattern: "cannot tell offline", density: "cannot tell offline", porosity_and_damage: "cannot tell offline", length: "cannot tell offline", scalp: "cannot tell offline", photo_quality: "looked at by the local stand-in only", check_in_person: "everything: the stand-in cannot see" },
  es: { curl_pattern: "no se sabe sin conexión", density: "no se sabe sin conexión", porosity_and_damage: "no se sabe sin conexión", length: "no se sabe sin conexión", scalp: "no se sabe sin conexión", photo_quality: "vista solo por el sustituto local", check_in_person: "todo: el sustituto no ve la foto" },
};

/** The next answer for a conversation, as a chat completion object. */
export const offlineConsultant: ChatResponder = ({ messages, response_format }) => {
  if ((response_format as { json_schema?: { name?: string } } | undefined)?.json_schema?.name === "photo_observation") {
    const language: Language = messages.some((m) => textOf(m).includes("in Spanish")) ? "es" : "en";
    return chatCompletion(JSON.stringify(observationOf[language]));
  }
  const observations = messages.find(isObservations);
  const turns = messages.filter((m) => m.role === "user" && !isObservations(m)).map(turnOf);
  // The client's latest words lead: a client who switches language is followed at once.
  const language = detectLanguage(turns.map(spoken).filter((text) => /\p{L}/u.test(text)).slice(-2));
  const last = turns.at(-1) ?? { text: "", photos: 0, voiceNotes: 0 };
  const state = progress(messages);
  if (state === "done") return chatCompletion(words[language].done);

  if (offTopic(last)) {
    const pending = state ? state.asked : 0;
    return chatCompletion(`${words[language].offTopic} ${questions[language][topics[pending]!]}`);
  }
  const next = state ? state.asked + 1 : 0;
  if (next < topics.length) {
    const acknowledgements = [last.photos ? words[language].photos(last.photos) : "", last.voiceNotes ? words[language].voiceNote : ""];
    return chatCompletion([...acknowledgements, questions[language][topics[next]!]].filter(Boolean).join(" "));
  }

  // A topic's answer is the client's last message before the next question was asked (off-topic requests and nudges aside).
  const answers = topics.map((_, i) => {
    const end = i + 1 < topics.length ? messages.findIndex((m) => asks(m, topics[i + 1]!)) : messages.length;
    return messages
      .slice(0, Math.max(end, 0))
      .filter((m) => m.role === "user" && !isObservations(m))
      .map(turnOf)
      .findLast((turn) => !offTopic(turn) && !nudge(turn));
  });
  // An answer condensed out of the request (ADR 011) with its topic's next question is in the block
  // of earlier words: unless the block already stands for a topic, it stands for the latest topic
  // after the photos left with no answer, so which message of a burst the window starts at (they
  // may arrive in any order) changes no fact the summary carries.
  const block = messages.find((m) => m.role === "user" && textOf(m).startsWith(EARLIER_WORDS_HEADING));
  const unanswered = answers.findLastIndex((answer, i) => i > 0 && !answer);
  if (block && unanswered > 0 && !answers.some((answer) => answer?.text === turnOf(block).text)) {
    const said = turnOf(block).text.split("\n").filter((line) => !nudge(userTurn(line)));
    answers[unanswered] = userTurn(said.join("\n"));
  }
  const photos = observations ? textOf(observations).split("\n").filter((line) => /^Photo \d+:/.test(line)).length : turns.reduce((sum, turn) => sum + turn.photos, 0);
  return concluding(handoffSummary(language, answers, photos), words[language].closing);
};

function concluding(summary: string, message: string) {
  const completion = chatCompletion("");
  const call = { id: "call_local_handoff", type: "function", function: { name: HANDOFF_TOOL_NAME, arguments: JSON.stringify({ summary, message }) } };
  return {
    ...completion,
    choices: [{ index: 0, message: { role: "assistant", content: null, refusal: null, tool_calls: [call] }, logprobs: null, finish_reason: "tool_calls" }],
  };
}
