/**
 * The chain of answers (ADR 016), derived from stored records whenever it is needed: which
 * messages each answer covers, which messages are still waiting for one, what became of each
 * answer, and how far its delivery got according to Twilio's receipts.
 */
import { commandOf } from "./commands";
import { byArrival, type ConversationState, type InboundRecord, type Receipt, type StoredAnswer } from "../storage/records";

/** pending: claimed, still being written or sent; superseded: a later answer covers its messages; silent: a gate kept it quiet. */
export type AnswerStatus = "pending" | "sent" | "failed" | "superseded" | "silent";

export function answerStatus(answer: StoredAnswer): AnswerStatus {
  const reply = answer.reply;
  if (!reply) return "pending";
  if (reply.outcome !== "send") return reply.outcome;
  if (answer.parts.some((p) => p.status === "failed")) return "failed";
  return answer.parts.length >= reply.parts ? "sent" : "pending";
}

/** Answers whose claim still stands: every one except those superseded by a later claim. */
export function standingAnswers(state: Pick<ConversationState, "answers">): StoredAnswer[] {
  return state.answers.filter((a) => a.claim && a.reply?.outcome !== "superseded");
}

/**
 * What each standing answer covers, by number. A message claimed twice (a later claim that could
 * not supersede an answer already sent) belongs to the earlier answer.
 */
export function effectiveCovers(state: Pick<ConversationState, "answers">): Map<number, string[]> {
  const owned = new Set<string>();
  const covers = new Map<number, string[]>();
  for (const answer of standingAnswers(state)) {
    const mine = answer.claim!.covers.filter((sid) => !owned.has(sid));
    for (const sid of mine) owned.add(sid);
    covers.set(answer.seq, mine);
  }
  return covers;
}

/** The MessageSids that a standing answer covers (being answered, or answered). */
function coveredSids(state: Pick<ConversationState, "answers">): Set<string> {
  return new Set(standingAnswers(state).flatMap((a) => a.claim!.covers));
}

const isCommand = (message: InboundRecord): boolean => commandOf(message.params.Body ?? "") !== null;

/** Messages no standing answer covers yet, oldest first (commands are answered on their own). */
export function unansweredMessages(state: Pick<ConversationState, "answers" | "inbound">): InboundRecord[] {
  const covered = coveredSids(state);
  return state.inbound.filter((m) => !covered.has(m.sid) && !isCommand(m));
}

/** The answer that covers a message, if any: the message's outcome. */
export function answerCovering(state: Pick<ConversationState, "answers">, sid: string): StoredAnswer | undefined {
  return standingAnswers(state).find((a) => a.claim!.covers.includes(sid));
}

/** The state as it was up to a message: what an answer covering messages up to `last` is composed from. */
export function stateUpTo<S extends Pick<ConversationState, "inbound">>(state: S, last: Pick<InboundRecord, "receivedAt" | "sid">): S {
  return { ...state, inbound: state.inbound.filter((m) => byArrival(m, last) <= 0) };
}

/** The next number of the chain: one more than any number used, readable or not. */
export function nextSeq(state: Pick<ConversationState, "answers">): number {
  return state.answers.reduce((max, a) => Math.max(max, a.seq), 0) + 1;
}

/** How far a message got, furthest first; `failed` and `undelivered` always show. */
const progress = ["read", "delivered", "sent", "sending", "queued", "accepted"] as const;

export type DeliveryState =
  | { state: "read" | "delivered" | "sent" | "sending" | "queued" | "accepted" | "unknown" }
  | { state: "failed" | "undelivered"; errorCode?: string };

/** One part's delivery, from its receipts (they arrive out of order and more than once). */
export function partDelivery(twilioSid: string | undefined, receipts: readonly Receipt[]): DeliveryState {
  const mine = receipts.filter((r) => r.twilioSid === twilioSid);
  const failure = mine.find((r) => r.status === "failed" || r.status === "undelivered");
  if (failure) return { state: failure.status as "failed" | "undelivered", ...(failure.errorCode ? { errorCode: failure.errorCode } : {}) };
  for (const state of progress) if (mine.some((r) => r.status === state)) return { state };
  return { state: "unknown" };
}

/** An answer's delivery: its least advanced part (an answer is read when all of it is read), failures first. */
export function answerDelivery(answer: StoredAnswer, receipts: readonly Receipt[]): DeliveryState {
  const states = answer.parts.filter((p) => p.status === "sent").map((p) => partDelivery(p.twilioSid, receipts));
  const failure = states.find((s) => s.state === "failed" || s.state === "undelivered");
  if (failure) return failure;
  if (states.length === 0) return { state: "unknown" };
  // A part with no receipt yet (unknown) is the least advanced of all.
  const rank = (s: DeliveryState) => {
    const at = (progress as readonly string[]).indexOf(s.state);
    return at === -1 ? progress.length : at;
  };
  return states.reduce((least, s) => (rank(s) > rank(least) ? s : least));
}
