/**
 * What one answer may be (ADR 018), in one place: the model's output cap on every chat request,
 * and at most three WhatsApp messages per answer. 1000 tokens are about 4000 characters of
 * Spanish or English: room for a consultation turn (a few hundred characters) or the hand-off
 * tool call (summary and closing message), and no more than three WhatsApp messages' worth.
 */
import { splitMessage } from "../twilio/messages-client";
import type { Language } from "../utils/language";

export const answerLimits = {
  maxCompletionTokens: 1000,
  maxMessages: 3,
} as const;

/** Put after model words that were cut (ADR 018.2). */
export const shortenedNotice: Record<Language, string> = {
  en: "(I shortened this answer to keep it easy to read. Ask me if you would like more detail.)",
  es: "(Acorté esta respuesta para que sea fácil de leer. Pregúntame si quieres más detalle.)",
};

const CLOSERS = new Set(['"', "'", "”", "’", "»", ")", "]"]);
const isBlank = (char: string | undefined) => char === undefined || /\s/.test(char);

/** Where a sentence (or a line) ends: after `.`, `!`, `?` or `…` and any closing quotes, before a blank. One pass, no backtracking. */
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\n") {
      ends.push(i);
    } else if (".!?…".includes(text[i]!)) {
      let end = i + 1;
      while (CLOSERS.has(text[end]!)) end++;
      if (isBlank(text[end])) ends.push(end);
    }
  }
  return ends;
}

/** Where a word ends: before each blank. */
function wordEnds(text: string): number[] {
  const ends: number[] = [];
  for (let i = 1; i < text.length; i++) if (isBlank(text[i]) && !isBlank(text[i - 1])) ends.push(i);
  return ends;
}

/** The largest of the ascending `ends` for which `fits` holds (it holds for shorter cuts once it holds), or undefined. */
function longestFitting(ends: readonly number[], fits: (end: number) => boolean): number | undefined {
  let [low, high] = [0, ends.length - 1];
  let best: number | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (fits(ends[mid]!)) {
      best = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  // Packing into parts is nearly, not strictly, monotone: the search may miss a longer cut that fits, never returns one that does not.
  return best === undefined ? undefined : ends[best];
}

/**
 * The answer as it goes out: `before` (notes), the model's `words`, `after` (the hand-off links),
 * joined by blank lines, in at most `maxMessages` WhatsApp messages. Words that do not fit are cut
 * after the last whole sentence that does (at a word when one sentence is too long), followed by
 * `notice`; `before` and `after` are never cut.
 */
export function capToMessages(
  words: string,
  options: { notice: string; before?: readonly string[]; after?: readonly string[]; maxMessages?: number },
): { text: string; shortened: boolean } {
  const { notice, before = [], after = [], maxMessages = answerLimits.maxMessages } = options;
  const compose = (middle: string) => [...before, middle, ...after].filter(Boolean).join("\n\n");
  const whole = compose(words);
  if (splitMessage(whole).length <= maxMessages) return { text: whole, shortened: false };
  const cutAt = (end: number) => compose([words.slice(0, end).trimEnd(), notice].filter(Boolean).join("\n\n"));
  const fits = (end: number) => splitMessage(cutAt(end)).length <= maxMessages;
  const end = longestFitting(sentenceEnds(words), fits) ?? longestFitting(wordEnds(words), fits) ?? 0;
  return { text: cutAt(end), shortened: true };
}
