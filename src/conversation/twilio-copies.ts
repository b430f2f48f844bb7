/**
 * What Twilio holds of a client (ADR 020.7): every message they sent, every message the Worker
 * sent them, and the media files of their messages, by SID, read from the stored conversation.
 * Their deletion is reply/delete-my-data.ts's.
 */
import { parseMediaUrl } from "../twilio/media-url";
import { mediaOf } from "../twilio/webhook-form";
import { messageSidOfKey } from "../storage/keys";
import type { ConversationState } from "../storage/records";
import { MESSAGE_SID_ANY_CASE } from "../utils/twilio-identifiers";

export interface TwilioCopies {
  media: Array<{ messageSid: string; mediaSid: string }>;
  messages: string[];
}

/** The SIDs of everything Twilio keeps of this conversation, plus `alsoMessages` (e.g. the command asking for it). */
export function twilioCopiesOf(state: ConversationState, accountSid: string, alsoMessages: string[] = []): TwilioCopies {
  const media = state.inbound.flatMap((message) =>
    mediaOf(message.params)
      .map((m) => parseMediaUrl(m.url))
      .filter((ref) => ref !== null && ref.accountSid === accountSid)
      .map((ref) => ({ messageSid: ref!.messageSid, mediaSid: ref!.mediaSid })),
  );
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
