/**
 * ADR 006.1 and ADR 006.2, downloading Twilio's media (src/twilio/media-fetch.ts) in node, with a
 * recording fetch: only this account's media URLs on the API's origin, with Basic auth on the
 * first request only, redirects followed by hand without credentials, sizes held while reading.
 */
import { describe, expect, it, vi } from "vitest";
import { createMediaFetcher } from "../../../src/twilio/media-fetch";
import { scriptedFetch } from "../../support/scripted-fetch";

const API = "https://api.twilio.test";
const ACCOUNT = `AC${"a".repeat(32)}`;
const MEDIA = `${API}/2010-04-01/Accounts/${ACCOUNT}/Messages/MM${"0".repeat(32)}/Media/ME${"1".repeat(32)}`;
const CDN = "https://cdn.twilio.test/file";

function fetcher(...responses: Array<Response | Error>) {
  const { fetch, calls } = scriptedFetch(...responses);
  return { fetchMedia: createMediaFetcher({ apiBaseUrl: API, accountSid: ACCOUNT, authToken: "tok", fetch }), calls };
}
const redirect = (location: string, status = 302) => new Response(null, { status, headers: { location } });

describe("what is fetched", () => {
  it("ADR-006.1 the media URL with the account's Basic auth, then its redirect without it, manually and with a timeout", async () => {
    const { fetchMedia, calls } = fetcher(redirect(CDN), new Response("bytes", { headers: { "content-type": "image/jpeg" } }));
    const result = await fetchMedia(MEDIA, 100);
    expect(result).toEqual({ ok: true, bytes: new TextEncoder().encode("bytes"), contentType: "image/jpeg" });
    expect(calls.map((c) => c.url)).toEqual([MEDIA, CDN]);
    expect(calls[0]!.init.headers).toEqual({ authorization: `Basic ${Buffer.from(`${ACCOUNT}:tok`).toString("base64")}` });
    expect(calls[1]!.init.headers).toEqual({});
    expect(calls.every((c) => c.init.redirect === "manual" && c.init.signal instanceof AbortSignal)).toBe(true);
  });

  it("ADR-006.1 refuses other origins, other accounts, other API paths, queries, fragments and credentials in the URL, without fetching", async () => {
    const { fetchMedia, calls } = fetcher();
    for (const url of [
      "not a url",
      MEDIA.replace(API, "https://evil.test"),
      MEDIA.replace(API, "http://api.twilio.test"),
      MEDIA.replace(ACCOUNT, `AC${"b".repeat(32)}`),
      `${API}/2010-04-01/Accounts/${ACCOUNT}/Messages.json`,
      `${MEDIA}?x=1`,
      `${MEDIA}#x`,
      MEDIA.replace("https://", "https://user:pass@"),
      MEDIA.replace("https://", "https://user@"),
      MEDIA.replace("https://", "https://:pass@"),
    ]) {
      expect((await fetchMedia(url, 100)) as { reason: string }, url).toMatchObject({ ok: false, reason: "refused" });
    }
    expect(calls).toEqual([]);
    expect(await fetchMedia("https://evil.test/x", 100)).toEqual({ ok: false, reason: "refused", detail: "not on https://api.twilio.test: https://evil.test" });
    expect(await fetchMedia("::", 100)).toEqual({ ok: false, reason: "refused", detail: "not on https://api.twilio.test: not a URL" });
    expect(await fetchMedia(`${MEDIA}?x=1`, 100)).toMatchObject({ detail: `not a media URL of account ${ACCOUNT}: ${new URL(MEDIA).pathname}` });
    expect(await fetchMedia(`${API}/${"x".repeat(300)}`, 100)).toMatchObject({ detail: `not a media URL of account ${ACCOUNT}: /${"x".repeat(199)}` }); // the path, cut at 200
  });

  it("ADR-006.1 needs an http(s) API base without credentials, and an account", () => {
    const fetch = vi.fn() as unknown as typeof globalThis.fetch;
    for (const apiBaseUrl of ["", "ftp://api.twilio.test", "https://u:p@api.twilio.test"]) {
      expect(() => createMediaFetcher({ apiBaseUrl, accountSid: ACCOUNT, authToken: "t", fetch }), apiBaseUrl).toThrow("Twilio media fetcher needs an http(s) apiBaseUrl and accountSid");
    }
    expect(() => createMediaFetcher({ apiBaseUrl: API, accountSid: "", authToken: "t", fetch })).toThrow("apiBaseUrl and accountSid");
    expect(() => createMediaFetcher({ apiBaseUrl: "http://127.0.0.1:8789", accountSid: ACCOUNT, authToken: "t", fetch })).not.toThrow();
  });
});

describe("redirects", () => {
  it("ADR-006.1 follows 301, 303, 307 and 308 too, relative locations against the current URL, at most 3 hops", async () => {
    for (const status of [301, 303, 307, 308]) {
      const { fetchMedia } = fetcher(redirect(CDN, status), new Response("ok"));
      expect(await fetchMedia(MEDIA, 100), String(status)).toMatchObject({ ok: true });
    }
    const relative = fetcher(redirect("/cdn/file"), new Response("ok"));
    await relative.fetchMedia(MEDIA, 100);
    expect(relative.calls[1]!.url).toBe(`${API}/cdn/file`);
    const three = fetcher(redirect(CDN), redirect(CDN), redirect(CDN), new Response("ok"));
    expect(await three.fetchMedia(MEDIA, 100)).toMatchObject({ ok: true });
    const four = fetcher(redirect(CDN), redirect(CDN), redirect(CDN), redirect(CDN), new Response("ok"));
    expect(await four.fetchMedia(MEDIA, 100)).toEqual({ ok: false, reason: "unavailable", detail: "more than 3 redirects" });
    expect(four.calls).toHaveLength(4);
  });

  it("ADR-006.1 a redirect to plain http from an https API, to another scheme, with credentials or to no URL at all is unavailable", async () => {
    for (const location of ["http://cdn.twilio.test/file", "ftp://cdn.twilio.test/file", "https://u:p@cdn.twilio.test/file", "https://u@cdn.twilio.test/file", "http://[bad"]) {
      const { fetchMedia, calls } = fetcher(redirect(location));
      const result = await fetchMedia(MEDIA, 100);
      expect(result, String(location)).toEqual({ ok: false, reason: "unavailable", detail: "HTTP 302 to an unusable location" });
      expect(calls).toHaveLength(1);
    }
    const local = createMediaFetcher({
      apiBaseUrl: "http://127.0.0.1:8789",
      accountSid: ACCOUNT,
      authToken: "t",
      fetch: (async (url: string) => (url.includes("/Media/") ? redirect(url.endsWith("1") ? "http://127.0.0.1:8789/cdn" : CDN) : new Response("ok"))) as unknown as typeof globalThis.fetch,
    });
    expect(await local(MEDIA.replace(API, "http://127.0.0.1:8789"), 100)).toMatchObject({ ok: true }); // a plain-http stand-in may redirect to plain http
    expect(await local(MEDIA.replace(API, "http://127.0.0.1:8789").replace(/1$/, "2"), 100)).toMatchObject({ ok: true }); // and to the https CDN
  });
});

describe("failures and sizes", () => {
  it("ADR-006.9 a network error or an error status is unavailable, never thrown", async () => {
    expect(await fetcher(new TypeError("reset")).fetchMedia(MEDIA, 100)).toEqual({ ok: false, reason: "unavailable", detail: "network error: reset" });
    expect(await fetcher("x" as unknown as Error).fetchMedia(MEDIA, 100)).toMatchObject({ ok: false, reason: "unavailable" });
    expect(await fetcher(new Response("gone", { status: 404 })).fetchMedia(MEDIA, 100)).toEqual({ ok: false, reason: "unavailable", detail: "HTTP 404" });
  });

  it("ADR-006.2 too large by its declared length or while it is read; exactly the limit passes", async () => {
    const tooLarge = { ok: false, reason: "too-large", detail: "larger than 4 bytes" };
    expect(await fetcher(new Response("abcd", { headers: { "content-length": "5" } })).fetchMedia(MEDIA, 4)).toEqual(tooLarge);
    expect(await fetcher(new Response("abcde")).fetchMedia(MEDIA, 4)).toEqual(tooLarge);
    expect(await fetcher(new Response("abcd", { headers: { "content-length": "4" } })).fetchMedia(MEDIA, 4)).toEqual({ ok: true, bytes: new TextEncoder().encode("abcd"), contentType: "text/plain;charset=UTF-8" });
    const broken = new Response(new ReadableStream({ pull: (c) => c.error(new Error("cut")) }));
    expect(await fetcher(broken).fetchMedia(MEDIA, 4)).toEqual({ ok: false, reason: "unavailable", detail: "the download broke off" });
  });
});
