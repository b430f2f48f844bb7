/**
 * Signed media links (ADR 006): `/media/{token}`, where the token seals the client, their
 * consultation's id, the object's name and an expiry. The URL never carries a usable R2 key:
 * the key comes out of a token only this Worker can have made, and a reset (new consultation id)
 * or the expiry kills the link.
 */
import type { Storage } from "../storage/bucket";
import { readConsultation } from "../storage/consultation";
import { isMediaKeyOf, clientKeyOf, type ClientKey } from "../storage/keys";
import type { Consultation } from "../storage/records";
import { seal, unseal } from "../utils/sealed-token";

const PURPOSE = "media-link";

/**
 * An expiry (Unix seconds) valid for at least `lifetimeSeconds` and at most twice that, rounded
 * to the lifetime: every link made within one window is the very same URL (sealed tokens are
 * deterministic), so a page reload or a replayed model request repeats it exactly.
 */
export function linkExpiry(now: Date, lifetimeSeconds: number): number {
  return (Math.floor(now.getTime() / 1000 / lifetimeSeconds) + 2) * lifetimeSeconds;
}

export async function mediaLink(
  secret: string,
  origin: string,
  client: ClientKey,
  consultation: Consultation,
  key: string,
  expiresAtSeconds: number,
): Promise<string> {
  const token = await seal(secret, PURPOSE, JSON.stringify({ c: client, n: consultation.id, k: key, e: expiresAtSeconds }));
  return `${origin}/media/${token}`;
}

/** The object a token grants, or null when it is forged, tampered, expired or revoked by a reset. */
export async function openMediaLink(
  secret: string,
  store: Storage,
  token: string,
  nowSeconds: number,
): Promise<{ client: ClientKey; key: string } | null> {
  const payload = await unseal(secret, PURPOSE, token);
  if (!payload) return null;
  let grant: { c?: unknown; n?: unknown; k?: unknown; e?: unknown };
  try {
    grant = JSON.parse(payload);
  } catch {
    return null;
  }
  const client = clientKeyOf(String(grant.c));
  if (!client || typeof grant.k !== "string" || !isMediaKeyOf(client, grant.k)) return null;
  if (typeof grant.e !== "number" || grant.e < nowSeconds) return null;
  const { consultation } = await readConsultation(store, client);
  if (!consultation || consultation.id !== grant.n) return null;
  return { client, key: grant.k };
}
