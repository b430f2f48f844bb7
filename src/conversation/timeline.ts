/**
 * The conversation as a timeline, derived from stored state whenever it is needed (ADR 010.1):
 * the model's input, the summary page and the replay tool all read this one view.
 */
import { commandOf } from "./commands";
import type { ConversationState, DeliveryStatus, MediaObjectInfo } from "../storage/store";
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
  inReplyTo: string;
  at: string;
  text: string;
  status: DeliveryStatus;
  handoffSummary?: string;
}

export type Turn = ClientTurn | AssistantTurn;

const mediaIndex = /-(\d+)\.[a-z0-9]+$/;

/**
 * Client messages and the assistant's answers in time order. Commands and their answers are
 * not part of the consultation and are left out.
 */
export function timelineOf(state: ConversationState): Turn[] {
  const commandSids = new Set(state.inbound.filter((m) => commandOf(m.params.Body ?? "")).map((m) => m.sid));
  const turns: Turn[] = [];
  for (const message of state.inbound) {
    if (commandSids.has(message.sid)) continue;
    const marker = `-${message.sid}-`;
    turns.push({
      kind: "client",
      sid: message.sid,
      at: message.receivedAt,
      profileName: message.params.ProfileName ?? "",
      text: message.params.Body ?? "",
      media: state.media
        .filter((m) => m.key.includes(marker))
        .map((m) => ({ ...m, index: Number(mediaIndex.exec(m.key)?.[1] ?? 0) }))
        .sort((a, b) => a.index - b.index),
      announcedMedia: mediaOf(message.params).map(({ index, contentType }) => ({ index, contentType })),
      transcripts: state.transcripts.filter((t) => t.sid === message.sid).map(({ index, text }) => ({ index, text })),
    });
  }
  for (const reply of state.replies) {
    if (reply.source === "command" || commandSids.has(reply.inReplyTo)) continue;
    turns.push({
      kind: "assistant",
      inReplyTo: reply.inReplyTo,
      at: reply.createdAt,
      text: reply.text,
      status: reply.status,
      ...(reply.handoffSummary ? { handoffSummary: reply.handoffSummary } : {}),
    });
  }
  return turns.sort((a, b) => a.at.localeCompare(b.at) || (a.kind === b.kind ? 0 : a.kind === "client" ? -1 : 1));
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
