/**
 * The playground plays Cloudflare Access for the console (ADR 028, ADR 012): its own RSA key,
 * its certs served where the Worker's CF_ACCESS_TEAM_DOMAIN says, and a token signed for each
 * request the page server passes on to `/console`, as Access would after a login. Local only.
 */
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";

export const PLAYGROUND_STYLIST = "tata@playground.local";

export interface LocalAccess {
  teamDomain: string;
  aud: string;
  certs: { keys: JWK[] };
  /** A token for the playground's stylist, valid for five minutes. */
  token(): Promise<string>;
}

export async function localAccess(teamDomain: string): Promise<LocalAccess> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = `playground-${randomBytes(6).toString("hex")}`;
  const aud = randomBytes(32).toString("hex");
  return {
    teamDomain,
    aud,
    certs: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" }] },
    token: () =>
      new SignJWT({ email: PLAYGROUND_STYLIST, type: "app" })
        .setProtectedHeader({ alg: "RS256", kid })
        .setIssuer(teamDomain)
        .setAudience([aud])
        .setIssuedAt()
        .setNotBefore("-10s")
        .setExpirationTime("5m")
        .sign(privateKey),
  };
}
