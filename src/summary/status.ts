/**
 * The consultation's status, derived from the timeline at render time (ADR 007.5), never stored.
 * The first rule that holds wins:
 *   summary-ready    the model concluded with a hand-off summary
 *   in-consultation  a photo is stored and the client has written or spoken since the first one
 *   photos-received  a photo is stored
 *   started          otherwise: the consultation exists, no photo yet
 */
import type { MediaObjectInfo } from "../storage/records";
import { latestHandoffSummary, type Turn } from "../conversation/timeline";
import { isReadablePhoto } from "../media/content-type";

export type ConsultationStatus = "started" | "photos-received" | "in-consultation" | "summary-ready";

/**
 * A photo as the model sees one (JPEG, PNG, WebP, GIF), by its stored content type or, when that
 * is missing, by what Twilio announced: what the page shows and counts as a photo. SVG, HEIC and
 * other images are files the page names, as the model does.
 */
export function isPhoto(media: Pick<MediaObjectInfo, "contentType">, announcedType?: string): boolean {
  return isReadablePhoto(media.contentType ?? announcedType);
}

/** `photoTimes`: when each stored photo arrived, including photos whose message could not be read. */
export function consultationStatus(turns: readonly Turn[], photoTimes: readonly string[]): ConsultationStatus {
  if (latestHandoffSummary(turns)) return "summary-ready";
  if (photoTimes.length === 0) return "started";
  const firstPhoto = [...photoTimes].sort()[0]!;
  const spokeSince = turns.some(
    (t) => t.kind === "client" && t.at > firstPhoto && (t.text.trim() !== "" || t.transcripts.length > 0),
  );
  return spokeSince ? "in-consultation" : "photos-received";
}
