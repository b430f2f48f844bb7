/**
 * Response headers of the summary page and its 404 (ADR 007.6). The id in the URL is a
 * credential: never sent on as a referrer, never cached, never indexed.
 */
import type { MiddlewareHandler } from "hono";
import { summaryPagePolicy } from "./page";

export function summaryPageHeaders(): MiddlewareHandler {
  return async function summaryPageHeaders(c, next) {
    await next();
    const headers = c.res.headers;
    headers.set("Content-Security-Policy", await summaryPagePolicy());
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Robots-Tag", "noindex, nofollow");
    headers.set("Cache-Control", "private, no-store");
    headers.set("X-Content-Type-Options", "nosniff");
  };
}
