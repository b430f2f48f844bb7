/**
 * The model context policy (ADR 011): how much of a long consultation each request carries.
 * The recent turns go verbatim; everything the client said before them is condensed, at
 * request time, into a bounded "consultation so far" block. Nothing derived is stored
 * (ADR 010): the same state always condenses the same way.
 */
import { isReadablePhoto } from "../media/content-type";
import type { ChatCompletionMessageParam } from "../openai/client";
import type { ClientTurn, Turn } from "./timeline";

export interface ContextPolicy {
  /** ADR-011.1: the window starts at the client's Nth-last message. */
  verbatimClientTurns: number;
  /** ADR-011.2: the condensed block's size bound, in characters of client text. */
  factsBudgetChars: number;
  /** ADR-011.2: no single earlier message takes more than this. */
  factLineMaxChars: number;
}

export const contextPolicy: ContextPolicy = { verbatimClientTurns: 4, factsBudgetChars: 1800, factLineMaxChars: 240 };

export const EARLIER_WORDS_HEADING =
  "The client's earlier messages, in their own words, oldest first, condensed (facts already given: do not ask again):";

/** Below this many characters a trimmed message says too little: messages are left out instead. */
const MIN_LINE_CHARS = 40;
/** Room kept for "(N later messages left out)". */
const OMITTED_NOTE_CHARS = 32;

/** ADR-011.1: the turns before the window, and the window itself (from the client's Nth-last message on). */
export function splitAtWindow(turns: readonly Turn[], policy: ContextPolicy = contextPolicy): { earlier: Turn[]; recent: Turn[] } {
  let clientTurns = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    if (turns[i]!.kind === "client" && ++clientTurns === policy.verbatimClientTurns) {
      return { earlier: turns.slice(0, i), recent: turns.slice(i) };
    }
  }
  return { earlier: [], recent: [...turns] };
}


/**
 * ADR-011.3: every photo of the consultation numbered in the order it arrived, by R2 key. A
 * reference never names the total, so that text already sent stays the same when more photos
 * arrive (ADR-019.8).
 */
export function photoNumbers(turns: readonly Turn[]): Map<string, number> {
  const numberOf = new Map<string, number>();
  for (const turn of turns) {
    if (turn.kind !== "client") continue;
    for (const media of turn.media) if (isReadablePhoto(media.contentType)) numberOf.set(media.key, numberOf.size + 1);
  }
  return numberOf;
}

export function photoReference(numbers: readonly number[]): string {
  if (numbers.length === 1) return `[photo ${numbers[0]}]`;
  const contiguous = numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);
  return `[photos ${contiguous ? `${numbers[0]}–${numbers.at(-1)}` : numbers.join(", ")}]`;
}

/** One earlier client message as a single line: its words, voice notes and what it attached. */
function factLine(turn: ClientTurn, photos: ReadonlyMap<string, number>): string {
  const parts: string[] = [];
  const numbers = turn.media.flatMap((m) => photos.get(m.key) ?? []);
  if (numbers.length) parts.push(photoReference(numbers));
  if (turn.text.trim()) parts.push(turn.text);
  for (const transcript of turn.transcripts) parts.push(`[voice note] ${transcript.text}`);
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

/** "ok", "yes please", "thanks!": without the question they answered they tell the model nothing. */
const saysSomethingAlone = (line: string) => line.split(" ").length > 2 || /[\d[]/.test(line);

const trimTo = (line: string, max: number) => (line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`);

/**
 * ADR-011.2: lines fitted into the budget, the earliest kept whole longest: a consultation
 * gathers its essentials first (ADR 005). The newest lines are shortened first, down to
 * MIN_LINE_CHARS; if that is not enough, the newest are left out, and counted.
 */
export function fitToBudget(lines: readonly string[], policy: ContextPolicy = contextPolicy): string[] {
  const fitted = lines.map((line) => trimTo(line, policy.factLineMaxChars));
  let size = fitted.reduce((n, line) => n + line.length + 1, 0);
  for (let i = fitted.length - 1; i >= 0 && size > policy.factsBudgetChars; i--) {
    const shorter = trimTo(fitted[i]!, Math.max(MIN_LINE_CHARS, fitted[i]!.length - (size - policy.factsBudgetChars)));
    size -= fitted[i]!.length - shorter.length;
    fitted[i] = shorter;
  }
  if (size <= policy.factsBudgetChars) return fitted;
  let kept = fitted.length;
  while (kept > 1 && size > policy.factsBudgetChars - OMITTED_NOTE_CHARS) size -= fitted[--kept]!.length + 1;
  return [...fitted.slice(0, kept), `(${fitted.length - kept} later messages left out)`];
}

/**
 * ADR-011.2: the message that stands for the client's words before the window, if they said
 * anything worth keeping. Their photos are referred to by number; what the photos showed travels
 * in the observations (ADR-019.5).
 */
export function condensedEarlierWords(
  earlier: readonly Turn[],
  photos: ReadonlyMap<string, number>,
  policy: ContextPolicy = contextPolicy,
): ChatCompletionMessageParam | null {
  const clientTurns = earlier.filter((turn): turn is ClientTurn => turn.kind === "client");
  const lines = fitToBudget(clientTurns.map((turn) => factLine(turn, photos)).filter(saysSomethingAlone), policy);
  // The client's words, so a user message (ADR-019.2): never system text, whatever they say.
  return lines.length ? { role: "user", content: [EARLIER_WORDS_HEADING, ...lines].join("\n") } : null;
}
