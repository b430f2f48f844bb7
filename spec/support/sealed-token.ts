/**
 * Sealed tokens as ADR 007 and ADR 006 describe them, written a second time with node:crypto (not
 * WebCrypto, not src/utils/sealed-token.ts): keys from HKDF-SHA256 over the secret (empty salt,
 * info `tata-oro/{purpose}/aead` and `/nonce`), a 12-byte nonce that is the HMAC-SHA256 of the
 * payload, AES-256-GCM, and base64url of nonce + ciphertext + tag. Node-side specs only.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from "node:crypto";

const key = (secret: string, purpose: string, use: "aead" | "nonce") =>
  Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), `tata-oro/${purpose}/${use}`, 32));

export function sealIndependently(secret: string, purpose: string, payload: string): string {
  const nonce = createHmac("sha256", key(secret, purpose, "nonce")).update(payload, "utf8").digest().subarray(0, 12);
  const cipher = createCipheriv("aes-256-gcm", key(secret, purpose, "aead"), nonce);
  const sealed = Buffer.concat([nonce, cipher.update(payload, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return sealed.toString("base64url");
}

export function unsealIndependently(secret: string, purpose: string, token: string): string {
  const bytes = Buffer.from(token, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key(secret, purpose, "aead"), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(-16));
  return Buffer.concat([decipher.update(bytes.subarray(12, -16)), decipher.final()]).toString("utf8");
}
