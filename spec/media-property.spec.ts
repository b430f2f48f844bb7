/**
 * ADR 006, property: whatever NumMedia, MediaUrl{N} and MediaContentType{N} a (correctly signed)
 * webhook carries — missing, duplicated, out of range, hostile — the Worker never answers 5xx,
 * never requests anything but Twilio's origin (and the CDN Twilio redirects to), and the
 * message is still answered.
 */
import fc from "fast-check";
import { HttpResponse } from "msw";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { CDN, everyRequestedUrl, transcriptionStandIn } from "./support/media";
import { ACCOUNT_SID, answer, MESSAGES_PATH, network, OPENAI, sentMessages, TWILIO, TYPING_URL } from "./support/network";
import { get, sendWebhook } from "./support/worker";
import { SPEC_HANG_MS, specHangMsFor } from "./support/patience";

const MEDIA_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/:message/Media/:media`;

/** Twilio's media API: any media URL redirects to the CDN, which serves a few bytes of the asked type. */
function twilioMediaStandIn(): void {
  network.use(
    answer("get", `${TWILIO}/*`, () => HttpResponse.json({ code: 20404 }, { status: 404 })),
    answer("get", `${TWILIO}${MEDIA_PATH}`, ({ request }) =>
      request.headers.has("authorization")
        ? new HttpResponse(null, { status: 302, headers: { location: `${CDN}/blob/${crypto.randomUUID()}` } })
        : new HttpResponse(null, { status: 401 }),
    ),
    answer("get", `${CDN}/blob/:id`, ({ request }) =>
      request.headers.has("authorization") ? new HttpResponse(null, { status: 400 }) : new HttpResponse(new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]), { headers: { "content-type": "image/jpeg" } }),
    ),
  );
  transcriptionStandIn(() => Response.json({ text: "nota de voz" }));
}

const twilioUrl = fc
  .tuple(fc.stringMatching(/^MM[0-9a-f]{32}$/), fc.stringMatching(/^ME[0-9a-f]{32}$/))
  .map(([message, media]) => `${TWILIO}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${message}/Media/${media}`);

const hostileUrl = fc.constantFrom(
  "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
  "https://api.twilio.com@evil.example/2010-04-01/Media/ME1",
  "https://api.twilio.com.evil.example/2010-04-01/Media/ME1",
  "https://user:secret@api.twilio.com/2010-04-01/Media/ME1",
  "https://api.twilio.com:8443/2010-04-01/Media/ME1",
  "http://api.twilio.com/2010-04-01/Media/ME1",
  "HTTPS://API.TWILIO.COM:443/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages/MM1/Media/ME1",
  "//evil.example/x.jpg",
  "/2010-04-01/Media/ME1",
  "data:image/svg+xml,<svg onload=alert(1)>",
  "javascript:alert(1)",
  "file:///etc/passwd",
  "https://localhost/admin",
  "https://[::1]/x",
  "",
  " ",
);

const mediaUrl = fc.oneof(twilioUrl, hostileUrl, fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ maxLength: 40 }));

const contentType = fc.oneof(
  fc.constantFrom("image/jpeg", "image/png", "audio/ogg", "audio/ogg; codecs=opus", "video/mp4", "application/pdf", "text/html", "image/svg+xml", "", "image/", "/", "a/b/c"),
  fc.string({ maxLength: 30 }),
);

/** Runs of the webhook property: the suite's (ADR 013.3). */
const RUNS = inject("propertyRuns");

const numMedia = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: -2, max: 14 }).map(String),
  fc.constantFrom("", "abc", "1e3", " 3", "3.7", "0x3", "99999999999999999999", "NaN"),
);

/** Media parameters: some indexes set, some missing, some URLs repeated from other indexes. */
const mediaParams = fc
  .record({
    num: numMedia,
    urls: fc.array(fc.option(mediaUrl, { nil: undefined }), { maxLength: 13 }),
    types: fc.array(fc.option(contentType, { nil: undefined }), { maxLength: 13 }),
    duplicates: fc.array(fc.tuple(fc.nat(12), fc.nat(12)), { maxLength: 3 }),
  })
  .map(({ num, urls, types, duplicates }) => {
    const params: Record<string, string> = {};
    if (num !== undefined) params.NumMedia = num;
    urls.forEach((url, n) => url !== undefined && (params[`MediaUrl${n}`] = url));
    types.forEach((type, n) => type !== undefined && (params[`MediaContentType${n}`] = type));
    for (const [from, to] of duplicates) if (params[`MediaUrl${from}`] !== undefined) params[`MediaUrl${to}`] = params[`MediaUrl${from}`]!;
    return params;
  });

afterEach(() => vi.restoreAllMocks());

describe("arbitrary media parameters", () => {
  it("ADR-006.1 never cause a 5xx or a request outside Twilio's origin, and the message is always answered", { timeout: specHangMsFor(RUNS) }, async () => {
    twilioMediaStandIn();
    const requested = everyRequestedUrl();
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const failures = vi.spyOn(console, "error").mockImplementation(() => {});
    let run = 0;

    await fc.assert(
      fc.asyncProperty(mediaParams, async (media) => {
        run += 1;
        const sid = `MM${String(run).padStart(32, "0")}`;
        const from = `whatsapp:+1555${String(run).padStart(7, "0")}`;
        const base: Record<string, string> = { ...webhooks["text-en"], MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, From: from };
        delete base.NumMedia;
        const params = { ...base, ...media };
        requested.length = 0;
        const sentBefore = sentMessages().length;

        const response = await sendWebhook(params);

        expect(response.status).toBe(200);
        const announced = new Set(Object.entries(params).filter(([name]) => /^MediaUrl\d+$/.test(name)).map(([, url]) => url));
        for (const url of requested) {
          const { origin, pathname } = new URL(url);
          if (url === "data:," || url.startsWith(`${OPENAI}/`) || url.startsWith(`${CDN}/`) || url === `${TWILIO}${MESSAGES_PATH}` || url === TYPING_URL) continue;
          expect(origin, url).toBe(TWILIO);
          expect([...announced].some((a) => URL.canParse(a) && new URL(a).href === url), `${pathname} was never announced`).toBe(true);
        }
        expect(sentMessages().length).toBe(sentBefore + 1);
        expect(failures).not.toHaveBeenCalled();
      }),
      { numRuns: RUNS },
    );
  });

  it("ADR-006.5 any token string gets 404, never a 5xx", { timeout: SPEC_HANG_MS }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.base64String({ maxLength: 300 }), fc.string({ maxLength: 300 }), fc.stringMatching(/^[A-Za-z0-9_-]{1,300}$/)), async (token) => {
        const response = await get(`/media/${encodeURIComponent(token)}`);
        expect(response.status).toBe(404);
      }),
      { numRuns: 300 },
    );
  });
});
