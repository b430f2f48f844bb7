/**
 * Response headers of the summary page and its 404 (ADR 007.6). The id in the URL is a
 * credential: never sent on as a referrer, never cached, never indexed.
 */
import type { MiddlewareHandler } from "hono";
import { summaryPagePolicy } from "./page-style";

/** `formAction`: where the page's forms may post; the summary page has none, the console posts to itself (ADR 028.8). */
export function summaryPageHeaders(formAction: "'none'" | "'self'" = "'none'"): MiddlewareHandler {
  return async function summaryPageHeaders(c, next) {
    await next();
    const headers = c.res.headers;
    headers.set("Content-Security-Policy", await summaryPagePolicy(formAction));
    // The console's forms need their Origin (a POST under no-referrer says `Origin: null`): same-origin only, never beyond.
    headers.set("Referrer-Policy", formAction === "'self'" ? "same-origin" : "no-referrer");
    headers.set("X-Robots-Tag", "noindex, nofollow");
    headers.set("Cache-Control", "private, no-store");
    headers.set("X-Content-Type-Options", "nosniff");
  };
}
