/**
 * What the vision model gets of the client's photos (ADR 006, ADR 019): each photo once, when it
 * arrives, as an `image_url` part holding a signed, expiring link to `GET /media/{token}` that
 * OpenAI's servers fetch, never as bytes in the request. The cost policy lives here, for the
 * token benchmark to measure and tune.
 */
import type { ConversationState } from "../storage/records";
import { timelineOf, type ClientTurn, type Turn } from "./timeline";
import { isReadablePhoto } from "../media/content-type";
import { linkExpiry, mediaLink } from "../media/signed-links";

export interface ModelPhotoPolicy {
  /** OpenAI's image detail: "low" is a fixed, small token cost per photo, enough to read curl pattern and shine. */
  detail: "low" | "high" | "auto";
  /** A link is valid for at least this long and at most twice as long (see `photoLinks`). */
  linkLifetimeSeconds: number;
}

export const modelPhotoPolicy: ModelPhotoPolicy = { detail: "low", linkLifetimeSeconds: 3600 };

/**
 * The client turns not answered yet: those after the assistant's last answer. Their photos are
 * the ones arriving now, the only ones the model may still look at (ADR-019.3).
 */
export function unansweredTurns(turns: readonly Turn[]): ClientTurn[] {
  const lastAnswer = turns.findLastIndex((turn) => turn.kind === "assistant");
  return turns.slice(lastAnswer + 1).filter((turn): turn is ClientTurn => turn.kind === "client");
}

export interface ArrivingPhoto {
  sid: string;
  index: number;
  key: string;
}

/** The readable photos (JPEG, PNG, WebP, GIF) of the turns not answered yet, in order. */
export function arrivingPhotos(state: ConversationState): ArrivingPhoto[] {
  return unansweredTurns(timelineOf(state)).flatMap((turn) =>
    turn.media.filter((media) => isReadablePhoto(media.contentType)).map((media) => ({ sid: turn.sid, index: media.index, key: media.key })),
  );
}

export interface PhotoLinkOptions {
  secret: string;
  /** PUBLIC_BASE_URL: must be reachable from OpenAI's servers. */
  origin: string;
  now: Date;
  policy?: ModelPhotoPolicy;
}

/**
 * Signed links for `photos` (by default the arriving ones), by R2 key. Every request composed
 * within one link window carries the very same links (replayable).
 */
export async function photoLinks(state: ConversationState, options: PhotoLinkOptions, photos: readonly ArrivingPhoto[] = arrivingPhotos(state)): Promise<Map<string, string>> {
  const policy = options.policy ?? modelPhotoPolicy;
  const consultation = state.consultation;
  if (!consultation) return new Map();
  const expiresAt = linkExpiry(options.now, policy.linkLifetimeSeconds);
  const links = await Promise.all(
    photos.map(async (photo) => [photo.key, await mediaLink(options.secret, options.origin, state.client, consultation, photo.key, expiresAt)] as const),
  );
  return new Map(links);
}
