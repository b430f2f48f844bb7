/**
 * The conversation as a timeline, derived from stored state whenever it is needed (ADR 010.1):
 * the model's input, the summary page and the replay tool all read this one view.
 */
import { commandOf } from "./commands";
import { answerDelivery, answerStatus, effectiveCovers, type AnswerStatus, type DeliveryState } from "./answers";
import { mediaIndexOf } from "../storage/keys";
import { detectLanguage, type Language } from "../utils/language";
import type { ConversationState, MediaObjectInfo } from "../storage/records";
import { mediaOf } from "../twilio/webhook-form";

export interface ClientTurn {
  kind: "client";
  sid: string;
  at: string;
  profileName: string;
  text: string;
  /** Stored media of this message, in index order. */
  media: Array<MediaObjectInfo & { index: number }>;
  /** Attachments Twilio announced for this message, with their declared content types. */
  announcedMedia: Array<{ index: number; contentType: string }>;
  transcripts: Array<{ index: number; text: string }>;
}

export interface AssistantTurn {
  kind: "assistant";
  seq: number;
  /** The messages this answer covers, oldest first (ADR 016). */
  covers: string[];
  /** When the answer was claimed: after every message it covers, before any it does not. */
  at: string;
  text: string;
  status: AnswerStatus;
  delivery: DeliveryState;
  handoffSummary?: string;
  /** The stylist wrote this herself, from the console (ADR 028.5): her Access email. */
  stylist?: string;
}

export type Turn = ClientTurn | AssistantTurn;

/**
 * Client messages and the assistant's answers in time order. Commands and their answers are
 * not part of the consultation and are left out.
 */
export function timelineOf(state: ConversationState): Turn[] {
  const commandSids = new Set(state.inbound.filter((m) => commandOf(m.params.Body ?? "")).map((m) => m.sid));
  const turns: Turn[] = [];
  for (const message of state.inbound) {
    if (commandSids.has(message.sid)) continue;
    turns.push({
      kind: "client",
      sid: message.sid,
      at: message.receivedAt,
      profileName: message.params.ProfileName ?? "",
      text: message.params.Body ?? "",
      media: state.media
        .flatMap((m) => {
          const index = mediaIndexOf(m.key, message.sid);
          return index === null ? [] : [{ ...m, index }];
        })
        .sort((a, b) => a.index - b.index),
      announcedMedia: mediaOf(message.params).map(({ index, contentType }) => ({ index, contentType })),
      transcripts: state.transcripts.filter((t) => t.sid === message.sid).map(({ index, text }) => ({ index, text })),
    });
  }
  const covers = effectiveCovers(state);
  for (const answer of state.answers) {
    const { claim, reply } = answer;
    if (!claim || reply?.outcome !== "send" || reply.source === "command" || claim.command || claim.covers.some((sid) => commandSids.has(sid))) continue;
    turns.push({
      kind: "assistant",
      seq: answer.seq,
      covers: covers.get(answer.seq) ?? claim.covers,
      at: claim.claimedAt,
      text: reply.text,
      status: answerStatus(answer),
      delivery: answerDelivery(answer, state.receipts),
      ...(reply.handoffSummary ? { handoffSummary: reply.handoffSummary } : {}),
      ...(claim.stylist ? { stylist: claim.stylist } : {}),
    });
  }
  return inConversationOrder(turns);
}

/**
 * Client turns in arrival order; each answer right after the last message it covers (clocks of
 * different requests may tie or disagree by a few milliseconds, the chain does not). An answer
 * none of whose messages is left goes where its time puts it.
 */
function inConversationOrder(turns: Turn[]): Turn[] {
  const clients = turns.filter((t): t is ClientTurn => t.kind === "client");
  const position = new Map(clients.map((t, i) => [t.sid, i]));
  const placeOf = (turn: AssistantTurn): number => {
    const covered = turn.covers.map((sid) => position.get(sid)).filter((i): i is number => i !== undefined);
    if (covered.length) return Math.max(...covered);
    return clients.filter((t) => t.at <= turn.at).length - 1;
  };
  const keyed = turns.map((turn) =>
    turn.kind === "client" ? { turn, place: position.get(turn.sid)!, rank: 0, seq: 0 } : { turn, place: placeOf(turn), rank: 1, seq: turn.seq },
  );
  return keyed.sort((a, b) => a.place - b.place || a.rank - b.rank || a.seq - b.seq).map((k) => k.turn);
}

/** The latest hand-off summary the model gave in this consultation, if any. */
export function latestHandoffSummary(turns: readonly Turn[]): string | undefined {
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i]!;
    if (turn.kind === "assistant" && turn.handoffSummary) return turn.handoffSummary;
  }
  return undefined;
}

/** Everything the client wrote or said (voice notes), oldest first: the input of language detection. */
export function clientWords(turns: readonly Turn[]): string[] {
  return turns.flatMap((t) => (t.kind === "client" ? [t.text, ...t.transcripts.map((x) => x.text)].filter(Boolean) : []));
}

/** The client's language from everything they wrote or said (ADR 005.4); from `fallback` while they said nothing yet. */
export function clientLanguage(state: ConversationState, fallback?: string): Language {
  const words = clientWords(timelineOf(state));
  return detectLanguage(words.length === 0 && fallback !== undefined ? [fallback] : words);
}
