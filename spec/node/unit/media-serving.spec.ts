/**
 * ADR 006.6 and ADR 020.1 in node: how a stored file is served (src/media/media-response.ts), and
 * the SIDs read from Twilio's media URLs (src/twilio/media-url.ts).
 */
import { describe, expect, it } from "vitest";
import { mediaResponse } from "../../../src/media/media-response";
import { parseMediaUrl } from "../../../src/twilio/media-url";

const stored = (contentType: string | undefined, key = "whatsapp:+5215512345678/media/2026-11-20T10:00:00.000Z-MM1-0.jpg") =>
  ({ key, size: 4, body: new Response("abcd").body, httpMetadata: contentType === undefined ? {} : { contentType } }) as unknown as R2ObjectBody;

describe("mediaResponse", () => {
  it("ADR-006.6 images and audio are served inline with their essence only, nosniff, sandboxed, private", async () => {
    const response = mediaResponse(stored("Image/PNG; name=x"));
    expect(Object.fromEntries(response.headers)).toEqual({
      "content-type": "image/png",
      "content-disposition": "inline",
      "content-length": "4",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cache-control": "private, no-store",
    });
    expect(await response.text()).toBe("abcd");
    expect(mediaResponse(stored("audio/ogg; codecs=opus")).headers.get("content-type")).toBe("audio/ogg");
  });

  it("ADR-006.6 anything else, or no content type, is a download named after the object", () => {
    for (const contentType of ["text/html", "image/svg+xml", "application/pdf", "image/png, text/html", undefined]) {
      const headers = mediaResponse(stored(contentType, "whatsapp:+5215512345678/media/file-0.bin")).headers;
      expect(headers.get("content-type"), String(contentType)).toBe("application/octet-stream");
      expect(headers.get("content-disposition"), String(contentType)).toBe('attachment; filename="file-0.bin"');
      expect(headers.get("x-content-type-options")).toBe("nosniff");
    }
  });
});

describe("parseMediaUrl", () => {
  const ac = `AC${"a".repeat(32)}`;
  const mm = `MM${"0123456789abcdef".repeat(2)}`;
  const me = `ME${"F".repeat(32)}`;

  it("ADR-020.1 reads the account, message and media SIDs of a Twilio media URL, and nothing else", () => {
    expect(parseMediaUrl(`https://api.twilio.com/2010-04-01/Accounts/${ac}/Messages/${mm}/Media/${me}`)).toEqual({ accountSid: ac, messageSid: mm, mediaSid: me });
    // Hex digits in either case, in every SID.
    const upper = { accountSid: `AC${"A".repeat(32)}`, messageSid: `MM${"0123456789ABCDEF".repeat(2)}`, mediaSid: me };
    expect(parseMediaUrl(`https://api.twilio.com/2010-04-01/Accounts/${upper.accountSid}/Messages/${upper.messageSid}/Media/${me}`)).toEqual(upper);
    expect(parseMediaUrl(`https://api.twilio.com/2010-04-01/Accounts/${ac}/Messages/SM${mm.slice(2)}/Media/${me}?x=1`)).toEqual({ accountSid: ac, messageSid: `SM${mm.slice(2)}`, mediaSid: me });
    for (const url of [
      "not a url",
      `https://api.twilio.com/2010-04-01/Accounts/${ac}/Messages/${mm}/Media/${me}/extra`,
      `https://api.twilio.com/x/2010-04-01/Accounts/${ac}/Messages/${mm}/Media/${me}`,
      `https://api.twilio.com/2010-04-01/Accounts/${ac}x/Messages/${mm}/Media/${me}`,
      `https://api.twilio.com/2010-04-01/Accounts/${ac}/Messages/XM${mm.slice(2)}/Media/${me}`,
      `https://api.twilio.com/2010-04-01/Accounts/${ac}/Messages/${mm}/Media/ME${"g".repeat(32)}`,
      `https://api.twilio.com/2010-04-01/Accounts/AC${"a".repeat(31)}/Messages/${mm}/Media/${me}`,
    ]) {
      expect(parseMediaUrl(url), url).toBeNull();
    }
  });
});
