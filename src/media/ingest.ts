/**
 * A message's media, kept and understood (ADR 006): every attachment Twilio announced is
 * downloaded within Twilio's own limits and stored in R2 under the client's prefix; voice notes
 * are transcribed. Runs in the reply path, after the message itself was recorded, and never
 * throws: each attachment ends with an outcome, and what the client should hear about becomes a
 * note in their reply. Idempotent per (MessageSid, index): the key is derived from the recorded
 * message, a stored file is never fetched or written again, a transcript never made twice.
 */
import type { Config } from "../config/settings";
import { logEvent, type LogEvent } from "../utils/log";
import { redact } from "../utils/redact";
import type { Storage } from "../storage/bucket";
import { mediaKey, type ClientKey, type TwilioCopy } from "../storage/keys";
import { forgetTwilioCopy } from "../storage/twilio-ledger";
import { getMedia, hasTranscript, headMedia, putMedia, saveTranscript } from "../storage/media";
import type { InboundRecord } from "../storage/records";
import { createTranscriber, type Transcriber } from "../openai/transcribe";
import type { RetryPolicy } from "../utils/retry";
import { createDeletionClient, type DeletionClient } from "../twilio/deletion-client";
import { createMediaFetcher, type MediaFetcher } from "../twilio/media-fetch";
import { parseMediaUrl } from "../twilio/media-url";
import { mediaOf } from "../twilio/webhook-form";
import { extensionOf, mediaKindOf, parseContentType, type ContentType, type MediaKind } from "./content-type";

const MB = 1024 * 1024;

/** Twilio's limits for WhatsApp media: 5 MB an image, 16 MB for any file and for a whole message. */
export const MEDIA_LIMITS = { imageBytes: 5 * MB, fileBytes: 16 * MB, messageBytes: 16 * MB } as const;

/**
 * The longest voice note sent to transcription (ADR 029.5): about ten minutes of WhatsApp's Opus
 * (16 to 32 kbit/s). A longer one is kept for the stylist and not transcribed.
 */
export const VOICE_NOTE_MAX_BYTES = 2 * MB;

/** Transcription runs before the model's answer, inside the same `waitUntil` budget: it gets a small share. */
const transcriptionPolicy = (): RetryPolicy => ({ attempts: 2, baseDelayMs: 400, deadline: Date.now() + 10_000 });

/** What became of one attachment: "stored" is a photo, or a video or document only the stylist will see. */
export type AttachmentResult = "stored" | "transcribed" | "not-transcribed" | "too-long" | "too-large" | "not-received";

export interface AttachmentOutcome {
  index: number;
  kind: MediaKind;
  contentType: ContentType | null;
  result: AttachmentResult;
}

export interface MediaIngestDeps {
  store: Storage;
  fetchMedia: MediaFetcher;
  transcribe: Transcriber;
  /** Deletes Twilio's copy of a media file once ours is stored (ADR 020.5); absent when the setting is off. */
  deleteTwilioCopy?: (url: string) => Promise<void>;
  /** Whether one more OpenAI call may be made for this attachment, recording it when it may (ADR 029.4); absent, it may. */
  mayTranscribe?: (sid: string, index: number) => Promise<boolean>;
}

/** Deleting Twilio's copy runs beside the rest of the ingest and gets a small share of the reply's budget. */
const twilioCopyPolicy = (): RetryPolicy => ({ attempts: 3, baseDelayMs: 300, deadline: Date.now() + 5_000 });

export async function ingestMedia(deps: MediaIngestDeps, client: ClientKey, message: InboundRecord): Promise<AttachmentOutcome[]> {
  const outcomes: AttachmentOutcome[] = [];
  const twilioCopies: Promise<void>[] = [];
  let budget = MEDIA_LIMITS.messageBytes;
  for (const { index, url, contentType: declared } of mediaOf(message.params)) {
    const log = (event: LogEvent, detail: string) => logEvent(event, { client: redact(client), sid: message.sid, index, detail }, "warn");
    const contentType = parseContentType(declared);
    const kind = mediaKindOf(contentType);
    const outcome = (result: AttachmentResult) => outcomes.push({ index, kind, contentType, result });
    try {
      const key = mediaKey(client, message.receivedAt, message.sid, index, extensionOf(contentType));
      const stored = await headMedia(deps.store, key);
      let bytes: Uint8Array | undefined;
      let size = stored?.size ?? 0;
      if (stored) {
        budget -= stored.size;
      } else {
        if (parseMediaUrl(url)?.messageSid !== message.sid) {
          log("media_refused", "not a media URL of this message");
          outcome("not-received");
          continue;
        }
        const cap = Math.min(contentType?.type === "image" ? MEDIA_LIMITS.imageBytes : MEDIA_LIMITS.fileBytes, budget);
        const fetched = await deps.fetchMedia(url, cap);
        if (!fetched.ok) {
          log(fetched.reason === "refused" ? "media_refused" : "media_not_received", `${fetched.reason}: ${fetched.detail}`);
          outcome(fetched.reason === "too-large" ? "too-large" : "not-received");
          continue;
        }
        bytes = fetched.bytes;
        size = bytes.byteLength;
        budget -= bytes.byteLength;
        await putMedia(deps.store, key, bytes, contentType?.essence ?? "application/octet-stream");
      }
      // Ours is safe (stored now or before): Twilio's copy can go. Never awaited here, never fatal.
      if (deps.deleteTwilioCopy) twilioCopies.push(deps.deleteTwilioCopy(url));
      if (kind !== "voice") {
        outcome("stored");
        continue;
      }
      if (await hasTranscript(deps.store, client, message.sid, index)) {
        outcome("transcribed");
        continue;
      }
      if (size > VOICE_NOTE_MAX_BYTES) {
        outcome("too-long");
        continue;
      }
      // Over the client's limits or the deployment's cap: kept, not transcribed; the answer's gate tells the client.
      if (deps.mayTranscribe && !(await deps.mayTranscribe(message.sid, index))) {
        outcome("not-transcribed");
        continue;
      }
      bytes ??= new Uint8Array(await (await getMedia(deps.store, key))!.arrayBuffer());
      try {
        const text = await deps.transcribe(
          { bytes, contentType: contentType!.essence, filename: `voice-note-${index + 1}.${extensionOf(contentType)}` },
          transcriptionPolicy(),
        );
        await saveTranscript(deps.store, client, message.sid, index, text);
        outcome("transcribed");
      } catch (error) {
        log("transcription_failed", String(error));
        outcome("not-transcribed");
      }
    } catch (error) {
      log("media_not_received", String(error));
      outcome("not-received");
    }
  }
  await Promise.all(twilioCopies);
  return outcomes;
}

/**
 * Deletes Twilio's copy of a stored media file, and its entry in the ledger of copies once Twilio
 * confirmed it gone (ADR 032.2); a failure is logged with its SIDs (not the client's number) and
 * otherwise ignored: the entry stays for "delete my data".
 */
function twilioCopyDeleter(deletions: DeletionClient, accountSid: string, forget: (copy: TwilioCopy) => Promise<void>) {
  return async (url: string): Promise<void> => {
    const media = parseMediaUrl(url);
    if (!media || media.accountSid !== accountSid) {
      logEvent("twilio_media_not_deleted", { url: url.slice(0, 200), detail: "not a media URL of this account" }, "warn");
      return;
    }
    try {
      await deletions.deleteMedia(media.messageSid, media.mediaSid, twilioCopyPolicy());
      await forget({ messageSid: media.messageSid, mediaSid: media.mediaSid });
    } catch (error) {
      logEvent("twilio_media_not_deleted", { messageSid: media.messageSid, mediaSid: media.mediaSid, detail: String(error) }, "warn");
    }
  };
}

/** `ingestMedia` with its collaborators built from the settings: the reply path's `deps.ingestMedia`, into the storage it is given. */
export function ingestMediaWith(config: Config) {
  return async (store: Storage, client: ClientKey, message: InboundRecord, mayTranscribe?: MediaIngestDeps["mayTranscribe"]): Promise<AttachmentOutcome[]> => {
    // Built here, inside the background work: a misconfigured base URL is logged as the reply's
    // failure instead of turning the webhook Twilio waits on into an error after it was recorded.
    const deps: MediaIngestDeps = {
      store,
      fetchMedia: createMediaFetcher({ ...config.twilio, fetch: config.fetch }),
      transcribe: createTranscriber({ ...config.openai, model: config.openai.transcriptionModel, fetch: config.fetch }),
      ...(config.twilio.deleteMediaAfterIngest
        ? {
            deleteTwilioCopy: twilioCopyDeleter(createDeletionClient({ ...config.twilio, fetch: config.fetch }), config.twilio.accountSid, (copy) =>
              forgetTwilioCopy(store, client, Date.parse(message.receivedAt), copy),
            ),
          }
        : {}),
      ...(mayTranscribe ? { mayTranscribe } : {}),
    };
    return ingestMedia(deps, client, message);
  };
}
