/**
 * ADR 021.7, log lines (src/utils/log.ts and src/utils/redact.ts), in node: a phone number keeps
 * only its last four digits and a link's capability is dropped, in any string of a line.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { logEvent, scrub } from "../../../src/utils/log";
import { redact } from "../../../src/utils/redact";

afterEach(() => vi.restoreAllMocks());

describe("scrub", () => {
  it("ADR-021.7 a phone number keeps only its last four digits, with or without whatsapp:", () => {
    expect(scrub("from whatsapp:+5215512345678 to +14155238886.")).toBe("from whatsapp:+…5678 to +…8886.");
    expect(scrub("+1234567")).toBe("+…4567"); // the shortest a number is (7 digits)
    expect(scrub("+123456")).toBe("+123456"); // too short for a phone number
    expect(scrub("+123456789012345")).toBe("+…2345"); // the longest E.164 number
    expect(scrub("+1234567890123456")).toBe("+1234567890123456"); // longer: not a phone number
    expect(scrub("order 5215512345678")).toBe("order 5215512345678"); // no +: not taken for a number
    expect(redact("whatsapp:+5215512345678")).toBe("whatsapp:+…5678");
  });

  it("ADR-021.7 the capability in a /summary/ or /media/ path is dropped, the rest of the URL kept", () => {
    expect(scrub("GET https://wa.example.com/summary/AbC-_12?x=1 failed")).toBe("GET https://wa.example.com/summary/… failed".replace("…", "…?x=1"));
    expect(scrub("/media/tok3n/extra")).toBe("/media/…/extra");
    expect(scrub('url "/media/tok3n" and \'/summary/id\'')).toBe('url "/media/…" and \'/summary/…\'');
    expect(scrub("/summary/:conversationId")).toBe("/summary/:conversationId"); // a route pattern has no capability
    expect(scrub("/media/ and /other/x")).toBe("/media/ and /other/x");
  });
});

describe("scrub, whatever the encoding", () => {
  it("ADR-029.2 percent-encoding is undone up to three times (a URL inside a URL), then the number and the capability are dropped", () => {
    expect(scrub("to %2B5215512345678 failed")).toBe("to +…5678 failed");
    expect(scrub("to %252B5215512345678")).toBe("to +…5678");
    expect(scrub("to %25252B5215512345678")).toBe("to +…5678");
    // A fourth encoding is left as three rounds leave it: the work per line is bounded.
    expect(scrub("to %2525252B5215512345678")).toBe("to %2B5215512345678");
    expect(scrub("https%3A%2F%2Fwa.example.com%2Fsummary%2FAbC-_12")).toBe("https://wa.example.com/summary/…");
    // A run of encoded bytes is one character: decoded together, not byte by byte.
    expect(scrub("caf%C3%A9 %2B5215512345678")).toBe("café +…5678");
    // A malformed sequence is kept as it is.
    expect(scrub("100% of %E0%A4%A and %2B5215512345678")).toBe("100% of %E0%A4%A and +…5678");
  });

  it("ADR-029.2 JSON's escaped slashes are undone first, and a number spelled with separators keeps only its last four digits", () => {
    expect(scrub("https:\\/\\/wa.example.com\\/summary\\/AbC-_12")).toBe("https://wa.example.com/summary/…");
    expect(scrub("call +1 (415) 523-8886 now")).toBe("call +…8886 now");
    expect(scrub("whatsapp:+52 155 1234 5678")).toBe("whatsapp:+…5678");
  });
});

describe("logEvent", () => {
  it("ADR-021.7 one JSON line per event, every string scrubbed, nested and in lists too, at the level asked", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    logEvent("reply_failed", { client: "whatsapp:+5215512345678", nested: { links: ["/media/abc", 3, null] }, ok: true });
    expect(error).toHaveBeenCalledTimes(1);
    expect(JSON.parse(error.mock.calls[0]![0] as string)).toEqual({ event: "reply_failed", client: "whatsapp:+…5678", nested: { links: ["/media/…", 3, null] }, ok: true });
    logEvent("media_refused", undefined, "warn");
    expect(warn.mock.calls[0]![0]).toBe('{"event":"media_refused"}');
  });
});
