/**
 * Cloudflare Access, played for the console's specs (ADR 028.1): a team with its own RSA keys,
 * its certs served at `{team}/cdn-cgi/access/certs` through msw, and tokens signed as Access signs
 * them (or wrongly, as a spec asks). Each team has its own origin, so the Worker's key cache
 * never carries one spec's keys into another.
 */
import { env } from "cloudflare:workers";
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from "jose";
import { HttpResponse } from "msw";
import { answer, network } from "./network";
import { clock, dispatchWith } from "./worker";

export const AUD = "a".repeat(64);
export const STYLIST_EMAIL = "tata@example.com";
export const ORIGIN = "https://wa.example.com";

let teams = 0;

export interface AccessTeam {
  domain: string;
  env: typeof env;
  /** A token as Access issues it, for `kid` (default: the team's first key), with `claims` changed. */
  token(claims?: JWTPayload, options?: { kid?: string; notBefore?: number; expiresIn?: number }): Promise<string>;
  /** Adds a key (a rotation): served from now on, under a new kid. */
  rotate(): Promise<string>;
  publicJwk(kid?: string): JWK;
  /** How often the certs were fetched. */
  certFetches(): number;
  /** From now on the certs URL answers this instead of the team's key set (null: the key set again). */
  answerCertsWith(answer: ((keySet: { keys: JWK[] }) => Response) | null): void;
}

export async function accessTeam(): Promise<AccessTeam> {
  const domain = `https://team${++teams}-${Date.now().toString(36)}.cloudflareaccess.com`;
  const keys = new Map<string, { privateKey: CryptoKey; jwk: JWK }>();
  let fetches = 0;
  let certsAnswer: ((keySet: { keys: JWK[] }) => Response) | null = null;
  const addKey = async () => {
    const kid = `kid-${keys.size + 1}-${Math.random().toString(36).slice(2, 8)}`;
    const pair = await generateKeyPair("RS256", { extractable: true });
    keys.set(kid, { privateKey: pair.privateKey as CryptoKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: "RS256", use: "sig" } });
    return kid;
  };
  const first = await addKey();
  network.use(
    answer("get", `${domain}/cdn-cgi/access/certs`, () => {
      fetches += 1;
      const keySet = { keys: [...keys.values()].map((k) => k.jwk) };
      return certsAnswer ? certsAnswer(keySet) : HttpResponse.json({ ...keySet, public_cert: {}, public_certs: [] });
    }),
  );
  return {
    domain,
    env: { ...env, CF_ACCESS_TEAM_DOMAIN: domain, CF_ACCESS_AUD: AUD },
    async token(claims = {}, options = {}) {
      const kid = options.kid ?? first;
      const key = keys.get(kid)?.privateKey ?? keys.get(first)!.privateKey;
      // The Worker checks a token's times on the specs' virtual clock.
      const now = Math.floor(clock.now() / 1000);
      const standard = { iss: domain, aud: [AUD], iat: now, nbf: options.notBefore ?? now - 5, exp: now + (options.expiresIn ?? 3600) };
      return new SignJWT({ email: STYLIST_EMAIL, type: "app", ...standard, ...claims }).setProtectedHeader({ alg: "RS256", kid }).sign(key);
    },
    rotate: addKey,
    publicJwk: (kid = first) => keys.get(kid)!.jwk,
    certFetches: () => fetches,
    answerCertsWith: (answer) => void (certsAnswer = answer),
  };
}

/** A console request as the stylist's browser sends it through Access. */
export function consoleRequest(path: string, token: string | null, init: { method?: string; form?: Record<string, string>; origin?: string | null; headers?: Record<string, string> } = {}): Request {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set("cf-access-jwt-assertion", token);
  const method = init.method ?? (init.form ? "POST" : "GET");
  if (method === "POST" && init.origin !== null) headers.set("origin", init.origin ?? ORIGIN);
  if (init.form) headers.set("content-type", "application/x-www-form-urlencoded");
  return new Request(`${ORIGIN}${path}`, { method, headers, ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}) });
}

/** Sends a console request for `team` and waits for its background work. */
export const consoleFetch = (team: AccessTeam, path: string, token: string | null, init?: Parameters<typeof consoleRequest>[2]) =>
  dispatchWith(team.env, consoleRequest(path, token, init));
