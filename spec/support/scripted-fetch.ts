/** A `fetch` that answers with the given responses in turn (then 500s) and records every call: for provider clients' node-side unit specs. */
import { vi } from "vitest";

export function scriptedFetch(...responses: Array<Response | Error>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init! });
    const next = responses.shift() ?? new Response("", { status: 500 });
    if (next instanceof Error) throw next;
    return next;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}
