/**
 * What Twilio holds of a client (ADR 020.7): every message they sent, every message the Worker
 * sent them, and the media files of their messages, by SID: from the ledger of copies (ADR 032),
 * and from the stored conversation for what was recorded before the ledger existed.
 * Their deletion is reply/delete-my-data.ts's.
 */
import { parseMediaUrl } from "../twilio/media-url";
import { mediaOf } from "../twilio/webhook-form";
import { messageSidOfKey, type LedgerEntry, type TwilioCopy } from "../storage/keys";
import type { ConversationState } from "../storage/records";
import { MESSAGE_SID_ANY_CASE } from "../utils/twilio-identifiers";

export interface TwilioCopies {
  media: Array<{ messageSid: string; mediaSid: string }>;
  messages: string[];
}

/** The media files of an inbound message that Twilio keeps under this account. */
function mediaCopiesOf(params: Record<string, string>, accountSid: string): Array<{ messageSid: string; mediaSid: string }> {
  return mediaOf(params)
    .map((m) => parseMediaUrl(m.url))
    .filter((ref) => ref !== null && ref.accountSid === accountSid)
    .map((ref) => ({ messageSid: ref!.messageSid, mediaSid: ref!.mediaSid }));
}

/** What Twilio keeps of a message the client just sent: the message, and its media files (the ledger's entries, ADR 032.1). */
export function copiesOfInbound(sid: string, params: Record<string, string>, accountSid: string): TwilioCopy[] {
  return [{ messageSid: sid }, ...mediaCopiesOf(params, accountSid)];
}

/** `copies` and the ledger's `entries`, each copy once. */
export function withLedger(copies: TwilioCopies, entries: readonly LedgerEntry[]): TwilioCopies {
  const media = new Map(copies.media.map((m) => [m.mediaSid, m]));
  for (const entry of entries) if (entry.mediaSid !== undefined) media.set(entry.mediaSid, { messageSid: entry.messageSid, mediaSid: entry.mediaSid });
  const messages = new Set([...copies.messages, ...entries.filter((e) => e.mediaSid === undefined).map((e) => e.messageSid)]);
  return { media: [...media.values()], messages: [...messages] };
}

/** The SIDs of everything Twilio keeps of this conversation, plus `alsoMessages` (e.g. the command asking for it). */
export function twilioCopiesOf(state: ConversationState, accountSid: string, alsoMessages: string[] = []): TwilioCopies {
  const media = state.inbound.flatMap((message) => mediaCopiesOf(message.params, accountSid));
  const messages = new Set([
    ...state.inbound.map((m) => m.sid),
    // A message record that could not be read still names its SID in its key.
    ...state.problems.map((p) => messageSidOfKey(state.client, p.key)).filter((sid): sid is string => sid !== undefined),
    ...sentSids(state),
    ...alsoMessages,
  ]);
  return { media, messages: [...messages].filter((sid) => MESSAGE_SID_ANY_CASE.test(sid)) };
}

function sentSids(state: ConversationState): string[] {
  return [
    ...state.answers.flatMap((answer) => answer.parts.map((part) => part.twilioSid)),
    ...state.receipts.map((receipt) => receipt.twilioSid),
  ].filter((sid): sid is string => sid !== undefined);
}
