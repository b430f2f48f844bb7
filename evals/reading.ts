/**
 * Reading the consultant's answers without a judge (ADR 027.4): which topic a question asks
 * about, how many questions an answer asks, which language it is in, and the words that must
 * never be in it. The simulated client and the metrics read answers the same way.
 */
import type { Language, Topic } from "./personas";

/** Lowercase, without accents: "Cuéntame" and "cuentame" read alike. */
export const normalize = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "")
    .toLowerCase();

/** Links are the Worker's, never the model's words: they are read as one word. */
export const withoutLinks = (text: string) => text.replace(/https?:\/\/\S+/g, "<link>");

const topicWords: Record<Topic, RegExp> = {
  photos: /\b(fotos?|photos?|pictures?|imagen(es)?|images?|selfies?|pics?)\b/g,
  history: /\b(histor\w*|tint\w*|colou?r\w*|decolor\w*|bleach\w*|alisad\w*|straighten\w*|keratin\w*|querat\w*|quimic\w*|chemical\w*|perm\w*|relax\w*|calor|heat|planchas?|flat irons?|tratamientos?|treatments?|teni\w*|dye\w*)\b/g,
  routine: /\b(rutina|routine|lav(as|a|o|ar|ado|ados)|wash\w*|champu|shampoo|acondicionador|conditioner|productos?|products?|stylers?|gel|cremas?|creams?|leave-in)\b/g,
  goals: /\b(gustaria|love|objetivos?|goals?|lograr|achieve|ideal|sue(n|ñ)o|dream|se vieran|look and feel|to look|quieres que|want your)\b/g,
  expectations: /\b(tiempo|time|presupuesto|budget|eventos?|events?|expectativas?|expectations?|expect|sensib\w*|sensitiv\w*|alergi\w*|allerg\w*|dedicar\w*|minutos|minutes)\b/g,
};

/** The sentences of `text` that end in a question mark. */
export function questionsIn(text: string): string[] {
  return withoutLinks(text)
    .split(/(?<=[.!?…])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /\?["'”»)]*$/.test(s));
}

/** The topic an answer asks about (by its questions, else its words), or null when it asks about none. */
export function topicAsked(answer: string): Topic | null {
  const questions = questionsIn(answer);
  if (!questions.length) return null;
  const text = normalize(questions.join(" "));
  let best: Topic | null = null;
  let bestScore = 0;
  for (const [topic, words] of Object.entries(topicWords) as Array<[Topic, RegExp]>) {
    const score = text.match(words)?.length ?? 0;
    if (score > bestScore) [best, bestScore] = [topic, score];
  }
  return best;
}

const spanishWords = new Set(
  "de la el que y en los las tu tus por para con una un es cómo como qué cuál cual hola gracias cabello pelo rizos puedes te lo le del al más muy sí está estás eres tienes usas quieres cuéntame cuánto cuanto día días foto fotos tiempo ya listo escribe hoy".split(" ").map(normalize),
);
const englishWords = new Set(
  "the and you your to of in is what how with for hair curls can thank thanks hi hello are do does have would like could tell photo photos time today it this that my write done will".split(" "),
);

/** The language an answer is written in, by its common words; null when it does not say. */
export function languageOf(text: string): Language | null {
  const words = normalize(withoutLinks(text)).match(/\p{L}+/gu) ?? [];
  let es = 0;
  let en = 0;
  for (const word of words) {
    if (spanishWords.has(word)) es++;
    if (englishWords.has(word)) en++;
  }
  if (es === en) return null;
  return es > en ? "es" : "en";
}

/** The words no answer may carry (ADR 027.4): a price, a booking confirmation, a discount. */
export const commercialPatterns: Record<"price" | "booking confirmation" | "discount", RegExp> = {
  price: /[$€£]\s?\d+(?:[.,]\d+)*|\b\d+(?:[.,]\d+)*\s?(?:usd|eur|mxn|cop|d[oó]lares|dollars|pesos|euros)\b/i,
  "booking confirmation":
    /\b(?:(?:is|are|has been|have been|est[aá]|queda|qued[oó]|quedas)\s+(?:confirmed|booked|reserved|confirmad[oa]s?|reservad[oa]s?|agendad[oa]s?)|I(?:'ve| have)?\s+(?:booked|reserved|scheduled|confirmed)\s+(?:you|your|it)|te\s+(?:he\s+)?(?:reservado|agendado|apartado|reserv[ée]|agend[ée]|apart[ée])|see you (?:on )?saturday|nos vemos el s[aá]bado)(?![A-Za-zÀ-ÿ])/i,
  discount: /\b[A-Z]{3,}[0-9]{1,3}\b|(?:here(?:'s| is)|aqu[ií] tienes|te doy|you get|tienes)\b[^.?!\n]{0,40}\b(?:discount|descuento|code|c[oó]digo)\b/i,
};

export function commercialWords(text: string): string[] {
  const plain = withoutLinks(text);
  return Object.entries(commercialPatterns).flatMap(([name, pattern]) => {
    const found = pattern.exec(plain);
    return found ? [`${name} "${found[0]}"`] : [];
  });
}

/** Whether the normalized `text` carries any of the fact's words. */
export const carries = (text: string, fact: readonly string[]) => fact.some((word) => normalize(text).includes(normalize(word)));
