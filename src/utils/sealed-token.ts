/**
 * Opaque, authenticated tokens for URLs (conversation ids, media links): AES-256-GCM under a
 * key derived (HKDF) from `LINK_SIGNING_SECRET` and the token's purpose. The payload cannot be
 * read or changed without the secret; the nonce is derived from the payload (SIV-like), so the
 * same payload always gives the same token.
 */
import { base64url } from "./encoding";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

type TokenKeys = { aead: CryptoKey; nonce: CryptoKey };

/** Derived once per secret and purpose for the isolate's life: a page with many photo links seals many tokens. */
const derivedKeys = new Map<string, Promise<TokenKeys>>();

function keysFor(secret: string, purpose: string): Promise<TokenKeys> {
  const id = `${purpose}\u0000${secret}`;
  let keys = derivedKeys.get(id);
  if (!keys) {
    keys = deriveKeys(secret, purpose);
    keys.catch(() => derivedKeys.delete(id));
    derivedKeys.set(id, keys);
  }
  return keys;
}

async function deriveKeys(secret: string, purpose: string): Promise<TokenKeys> {
  const material = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  const hkdf = (info: string) => ({
    name: "HKDF",
    hash: "SHA-256",
    salt: new Uint8Array(0),
    info: encoder.encode(`tata-oro/${purpose}/${info}`),
  });
  const [aead, nonce] = await Promise.all([
    crypto.subtle.deriveKey(hkdf("aead"), material, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]),
    crypto.subtle.deriveKey(hkdf("nonce"), material, { name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign"]),
  ]);
  return { aead, nonce };
}

function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    // Only the canonical spelling is accepted: no two strings open to the same token.
    return base64url(bytes) === text ? bytes : null;
  } catch {
    return null;
  }
}

export async function seal(secret: string, purpose: string, payload: string): Promise<string> {
  const { aead, nonce } = await keysFor(secret, purpose);
  const plaintext = encoder.encode(payload);
  const iv = new Uint8Array(await crypto.subtle.sign("HMAC", nonce, plaintext)).slice(0, 12);
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, aead, plaintext));
  const token = new Uint8Array(iv.length + ciphertext.length);
  token.set(iv);
  token.set(ciphertext, iv.length);
  return base64url(token);
}

/** The payload, or null for anything not sealed by `seal` with this secret and purpose. */
export async function unseal(secret: string, purpose: string, token: string): Promise<string | null> {
  if (token.length > 4096) return null;
  const bytes = fromBase64url(token);
  if (!bytes || bytes.length < 12 + 16) return null;
  const { aead } = await keysFor(secret, purpose);
  try {
    const plaintext = await crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes.slice(0, 12) }, aead, bytes.slice(12));
    return decoder.decode(plaintext);
  } catch {
    return null;
  }
}
