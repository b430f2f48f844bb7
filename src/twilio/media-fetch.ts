/**
 * Twilio's media URLs, downloaded with `fetch` (ADR 006). Knows nothing of conversations: it
 * fetches one URL within a byte limit, or says why it would not or could not.
 *
 * Only the account's media URLs on the API's own origin are fetched
 * (`/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}`, no query), and
 * only they get the account's Basic auth: no other resource of the API is ever read with it.
 * Twilio answers them with a redirect to a short-lived CDN URL that rejects an `Authorization`
 * header, so redirects are followed by hand and without credentials.
 */
import { readCapped } from "../utils/capped-body";
import { parseMediaUrl } from "./media-url";

export interface MediaFetcherOptions {
  apiBaseUrl: string;
  accountSid: string;
  authToken: string;
  fetch: typeof fetch;
  /** Per-request timeout. */
  timeoutMs?: number;
}

export type MediaFetchResult =
  | { ok: true; bytes: Uint8Array; contentType: string | null }
  | { ok: false; reason: "refused" | "too-large" | "unavailable"; detail: string };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 3;

function urlOf(value: string | null | undefined, base?: URL): URL | null {
  try {
    const url = new URL(value ?? "", base);
    return url.username || url.password ? null : url;
  } catch {
    return null;
  }
}

export function createMediaFetcher(options: MediaFetcherOptions) {
  const api = urlOf(options.apiBaseUrl);
  if (!api || !["https:", "http:"].includes(api.protocol) || !options.accountSid) {
    throw new Error("Twilio media fetcher needs an http(s) apiBaseUrl and accountSid");
  }
  const authorization = `Basic ${btoa(`${options.accountSid}:${options.authToken}`)}`;
  // The CDN is https; a plain-http API base (a local stand-in) may redirect to plain http too.
  const redirectProtocols = new Set(["https:", api.protocol]);

  /** The bytes behind a Twilio media URL, at most `maxBytes` of them. Never throws. */
  return async function fetchMedia(url: string, maxBytes: number): Promise<MediaFetchResult> {
    let target = urlOf(url);
    if (!target || target.origin !== api.origin) {
      return { ok: false, reason: "refused", detail: `not on ${api.origin}: ${target?.origin ?? "not a URL"}` };
    }
    if (parseMediaUrl(target.href)?.accountSid !== options.accountSid || target.search || target.hash) {
      return { ok: false, reason: "refused", detail: `not a media URL of account ${options.accountSid}: ${target.pathname.slice(0, 200)}` };
    }
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      let response: Response;
      try {
        response = await options.fetch(target.href, {
          headers: hop === 0 ? { authorization } : {},
          redirect: "manual",
          signal: AbortSignal.timeout(options.timeoutMs ?? 8_000),
        });
      } catch (error) {
        return { ok: false, reason: "unavailable", detail: `network error: ${error instanceof Error ? error.message : String(error)}` };
      }
      if (REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel();
        const next = urlOf(response.headers.get("location"), target);
        if (!next || !redirectProtocols.has(next.protocol)) {
          return { ok: false, reason: "unavailable", detail: `HTTP ${response.status} to an unusable location` };
        }
        target = next;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        return { ok: false, reason: "unavailable", detail: `HTTP ${response.status}` };
      }
      const tooLarge = { ok: false, reason: "too-large", detail: `larger than ${maxBytes} bytes` } as const;
      if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
        await response.body?.cancel();
        return tooLarge;
      }
      const bytes = await readCapped(response.body, maxBytes).catch(() => undefined);
      if (bytes === undefined) return { ok: false, reason: "unavailable", detail: "the download broke off" };
      return bytes ? { ok: true, bytes, contentType: response.headers.get("content-type") } : tooLarge;
    }
    return { ok: false, reason: "unavailable", detail: `more than ${MAX_REDIRECTS} redirects` };
  };
}

export type MediaFetcher = ReturnType<typeof createMediaFetcher>;
