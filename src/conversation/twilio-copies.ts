/**
 * What Twilio holds of a client (ADR 020.7): every message they sent, every message the Worker
 * sent them, and the media files of their messages, by SID, read from the stored conversation;
 * and their deletion through the deletion client, reporting what is left.
 */
import type { DeletionClient } from "../twilio/deletion-client";
import { parseMediaUrl } from "../twilio/media-url";
import { mediaOf } from "../twilio/webhook-form";
import type { ConversationState } from "../storage/store";
import type { RetryPolicy } from "../utils/retry";

export interface TwilioCopies {
  media: Array<{ messageSid: string; mediaSid: string }>;
  messages: string[];
}

const MESSAGE_KEY = /\/messages\/((?:SM|MM)[0-9a-fA-F]{32})\.json$/;

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
    ...state.problems.map((p) => MESSAGE_KEY.exec(p.key)?.[1]).filter((sid): sid is string => sid !== undefined),
    ...sentSids(state),
    ...alsoMessages,
  ]);
  return { media, messages: [...messages].filter((sid) => /^(SM|MM)[0-9a-fA-F]{32}$/.test(sid)) };
}

function sentSids(state: ConversationState): string[] {
  return [
    ...state.answers.flatMap((answer) => answer.parts.map((part) => part.twilioSid)),
    ...state.receipts.map((receipt) => receipt.twilioSid),
  ].filter((sid): sid is string => sid !== undefined);
}

/** Deletes every copy (media first, then messages), a few at a time; returns what Twilio would not delete. */
export async function deleteTwilioCopies(deletions: DeletionClient, copies: TwilioCopies, policy: RetryPolicy): Promise<TwilioCopies> {
  const left: TwilioCopies = { media: [], messages: [] };
  await inBatches(copies.media, async (media) => {
    await deletions.deleteMedia(media.messageSid, media.mediaSid, policy).catch(() => left.media.push(media));
  });
  await inBatches(copies.messages, async (sid) => {
    await deletions.deleteMessage(sid, policy).catch(() => left.messages.push(sid));
  });
  return left;
}

const CONCURRENT_DELETIONS = 6;

async function inBatches<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENT_DELETIONS) await Promise.all(items.slice(i, i + CONCURRENT_DELETIONS).map(run));
}
