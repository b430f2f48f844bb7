/**
 * What the vision model gets of the client's photos (ADR 006): the cost policies in one place,
 * for the token benchmark to measure and tune. Photos go as `image_url` parts holding signed,
 * expiring links to `GET /media/{token}` that OpenAI's servers fetch, never as bytes in the request.
 */
import type { ConversationState } from "../storage/store";
import { timelineOf } from "./timeline";
import { isReadablePhoto } from "../media/content-type";
import { linkExpiry, mediaLink } from "../media/signed-links";

export interface ModelPhotoPolicy {
  /** OpenAI's image detail: "low" is a fixed, small token cost per photo, enough to read curl pattern and shine. */
  detail: "low" | "high" | "auto";
  /** The consultation's most recent photos that are attached to each request; older ones are mentioned in text. */
  maxPhotos: number;
  /** A link is valid for at least this long and at most twice as long (see `photoLinks`). */
  linkLifetimeSeconds: number;
}

export const modelPhotoPolicy: ModelPhotoPolicy = { detail: "low", maxPhotos: 4, linkLifetimeSeconds: 3600 };

export interface PhotoLinkOptions {
  secret: string;
  /** PUBLIC_BASE_URL: must be reachable from OpenAI's servers. */
  origin: string;
  now: Date;
  policy?: ModelPhotoPolicy;
}

/**
 * Signed links for the photos the next request attaches: the consultation's latest
 * `maxPhotos` photos, by R2 key. Every request composed within one link window carries the very
 * same links (replayable, and cacheable by OpenAI).
 */
export async function photoLinks(state: ConversationState, options: PhotoLinkOptions): Promise<Map<string, string>> {
  const policy = options.policy ?? modelPhotoPolicy;
  if (!state.consultation || policy.maxPhotos <= 0) return new Map();
  const photos = timelineOf(state)
    .flatMap((turn) => (turn.kind === "client" ? turn.media : []))
    .filter((media) => isReadablePhoto(media.contentType))
    .slice(-policy.maxPhotos);
  const expiresAt = linkExpiry(options.now, policy.linkLifetimeSeconds);
  const consultation = state.consultation;
  const links = await Promise.all(
    photos.map(async (photo) => [photo.key, await mediaLink(options.secret, options.origin, state.client, consultation, photo.key, expiresAt)] as const),
  );
  return new Map(links);
}
