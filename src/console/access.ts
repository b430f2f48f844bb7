/**
 * Who may enter the console (ADR 028.1, 028.2): Cloudflare Access puts a signed JWT in
 * `Cf-Access-Jwt-Assertion`; `accessAuth()` checks it with `jose` (RS256 against the team's keys
 * at `{team}/cdn-cgi/access/certs`, `aud`, `iss`, `nbf`/`exp`) and, on every POST, that `Origin`
 * is the public origin. 404 while the Access settings are unset, 403 for anything else wrong;
 * the stylist's email is `c.get("stylist")` for the route.
 */
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTHeaderParameters } from "jose";
import { logEvent } from "../utils/log";
import type { Clock } from "../utils/clock";

export interface AccessSettings {
  teamDomain: string;
  aud: string;
  /** The origin a POST's `Origin` must equal. */
  publicOrigin: string;
  fetch: typeof fetch;
}

export interface AccessAuthOptions {
  /** The request's Access settings; null when they are unset (the console is off). */
  settings: (c: Parameters<MiddlewareHandler>[0]) => AccessSettings | null;
  clock: Clock;
  /** A token naming a key the cached set lacks refetches the set at most this often. */
  refetchCooldownMs: number;
}

export type AccessVariables = { stylist: string };

interface CachedKeys {
  fetchedAt: number;
  kids: Set<string>;
  keys: ReturnType<typeof createLocalJWKSet>;
}

export function accessAuth(options: AccessAuthOptions): MiddlewareHandler<{ Variables: AccessVariables }> {
  if (typeof options.settings !== "function") throw new Error("settings must be a function");
  if (!Number.isInteger(options.refetchCooldownMs) || options.refetchCooldownMs < 0) throw new Error("refetchCooldownMs must be a whole number of ms");
  const cache = new Map<string, CachedKeys>();

  async function fetchKeys(settings: AccessSettings): Promise<CachedKeys> {
    const response = await settings.fetch(`${settings.teamDomain}/cdn-cgi/access/certs`, { headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`Access certs answered ${response.status}`);
    const set = (await response.json()) as JSONWebKeySet;
    if (!Array.isArray(set?.keys)) throw new Error("Access certs are not a key set");
    const entry = { fetchedAt: options.clock.now(), kids: new Set(set.keys.map((k) => String(k.kid))), keys: createLocalJWKSet(set) };
    cache.set(settings.teamDomain, entry);
    return entry;
  }

  /** The team's keys, cached; refetched when a token names a key they lack (a rotation), at most once a cooldown. */
  async function keyFor(settings: AccessSettings, header: JWTHeaderParameters) {
    let entry = cache.get(settings.teamDomain) ?? (await fetchKeys(settings));
    const unknown = !entry.kids.has(String(header.kid));
    if (unknown && options.clock.now() - entry.fetchedAt >= options.refetchCooldownMs) entry = await fetchKeys(settings);
    return entry.keys(header);
  }

  return async function accessAuth(c, next) {
    const settings = options.settings(c);
    if (!settings) return c.json({ error: "not found" }, 404);
    const refuse = (reason: string) => {
      // The route refused, not this middleware's own pattern: the last one the request matched.
      logEvent("console_refused", { route: routePath(c, -1), method: c.req.method, reason }, "warn");
      return c.json({ error: "forbidden" }, 403);
    };
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && c.req.header("origin") !== settings.publicOrigin) return refuse("Origin is not the public origin");
    const token = c.req.header("cf-access-jwt-assertion");
    if (!token) return refuse("no Cf-Access-Jwt-Assertion");
    try {
      const { payload } = await jwtVerify(token, (header) => keyFor(settings, header), {
        algorithms: ["RS256"],
        audience: settings.aud,
        issuer: settings.teamDomain,
        currentDate: new Date(options.clock.now()),
        requiredClaims: ["exp"],
      });
      c.set("stylist", typeof payload.email === "string" && payload.email ? payload.email : String(payload.sub ?? "unknown"));
    } catch (error) {
      return refuse(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
    await next();
  };
}
