/**
 * ADR 008: a Twilio media URL as our media fetcher downloads it: Basic auth on the API's origin,
 * then Twilio's redirect to its CDN, followed without credentials.
 */
import { readFileSync } from "node:fs";
import { MatchersV3, PactV3 } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { createMediaFetcher } from "../../src/twilio/media-fetch";
import { PACT_DIR, TWILIO, WORKER } from "../support/pacts";
import { ACCOUNT_SID, AUTH_TOKEN } from "../support/parties";

const { regex } = MatchersV3;

// Pact's mock server does not rewrite URLs in headers, so the redirect's Location can only point
// back at it when its port is known in advance.
const MEDIA_PORT = 48917;
const ORIGIN = `http://127.0.0.1:${MEDIA_PORT}`;
const PHOTO = new URL("../support/media/photo.jpg", import.meta.url);
const MEDIA_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM2c3d4e5f60718293a4b5c6d7e8f90a1b/Media/ME3d4e5f60718293a4b5c6d7e8f90a1b2c`;
const CDN_PATH = `/media.twiliocdn.com/${ACCOUNT_SID}/6f1f2e0c9b8a7d6e5f4a3b2c1d0e9f8a`;

const provider = new PactV3({ consumer: WORKER, provider: TWILIO, dir: PACT_DIR, port: MEDIA_PORT, logLevel: "warn" });

describe("Twilio's media URLs, as our media fetcher downloads them", () => {
  it("ADR-008.1 media is fetched with Basic auth, and the CDN redirect is followed without credentials", async () => {
    provider
      .given("the message has a photo")
      .uponReceiving("a request for a message's media with the account's credentials")
      .withRequest({
        method: "GET",
        path: regex("^/2010-04-01/Accounts/AC[0-9a-f]{32}/Messages/MM[0-9a-f]{32}/Media/ME[0-9a-f]{32}$", MEDIA_PATH),
        headers: { Authorization: regex("^Basic [A-Za-z0-9+/]+=*$", `Basic ${btoa(`${ACCOUNT_SID}:${AUTH_TOKEN}`)}`) },
      })
      .willRespondWith({ status: 307, headers: { Location: regex("^https?://[^/]+/\\S+$", `${ORIGIN}${CDN_PATH}`) } })
      .given("the message has a photo")
      .uponReceiving("a request for the photo at the CDN location Twilio redirected to")
      .withRequest({ method: "GET", path: CDN_PATH })
      .withResponseBinaryFile({ status: 200 }, "image/jpeg", PHOTO.pathname);

    await provider.executeTest(async (server) => {
      const requests: Array<{ url: string; authorization: string | null }> = [];
      const recordingFetch: typeof fetch = (input, init) => {
        requests.push({ url: String(input), authorization: new Headers(init?.headers).get("authorization") });
        return fetch(input, init);
      };
      const fetchMedia = createMediaFetcher({ apiBaseUrl: server.url, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fetch: recordingFetch });

      const result = await fetchMedia(`${server.url}${MEDIA_PATH}`, 1024 * 1024);

      expect(result).toEqual({ ok: true, bytes: new Uint8Array(readFileSync(PHOTO)), contentType: "image/jpeg" });
      expect(requests.map((r) => [new URL(r.url).pathname, r.authorization?.split(" ")[0] ?? null])).toEqual([
        [MEDIA_PATH, "Basic"],
        [CDN_PATH, null],
      ]);
    });
  });
});
