/**
 * ADR 002.2: our WebCrypto validator (src/twilio/signature.ts) agrees with Twilio's own, the
 * official `twilio` package's `getExpectedTwilioSignature` and `validateRequest`, over generated
 * URLs (schemes, ports, paths and queries with unicode) and parameter sets (unicode, repeated
 * names), for genuine signatures and for tampered ones.
 */
import fc from "fast-check";
import { getExpectedTwilioSignature, validateRequest } from "twilio/lib/webhooks/webhooks";
import { describe, expect, it } from "vitest";
import { computeTwilioSignature, isValidTwilioSignature, type FormParams } from "../../src/twilio/signature";

const RUNS = 250;

const text = (maxLength: number, minLength = 0) => fc.string({ unit: "binary", minLength, maxLength });
const authToken = fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), text(40, 1));
/** Form parameters as posted: names may repeat (Twilio's validator takes them as arrays). */
const formParams: fc.Arbitrary<FormParams> = fc.array(
  fc.tuple(
    fc.oneof(fc.constantFrom("Body", "From", "MessageSid", "MediaUrl0", "NumMedia", "valueOf", "__proto__"), text(12, 1)),
    fc.oneof(text(40), fc.constant("")),
  ),
  { maxLength: 12 },
);

/** The parameter object Twilio's validator takes: repeated names become arrays. */
function asTwilioParams(params: FormParams): Record<string, string | string[]> {
  // No prototype: names such as "valueOf" or "__proto__" are plain parameters.
  const record: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of params) {
    const existing = record[name];
    record[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return record;
}

/** A URL spelled exactly as an operator could configure it in Twilio's console (not normalized). */
const rawUrl = fc
  .record({
    scheme: fc.constantFrom("https", "http", "HTTPS"),
    host: fc.domain(),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    path: fc.array(text(10), { maxLength: 4 }),
    query: fc.option(text(30), { nil: undefined }),
  })
  .map(({ scheme, host, port, path, query }) => `${scheme}://${host}${port === undefined ? "" : `:${port}`}/${path.join("/")}${query === undefined ? "" : `?${query}`}`);

/** A URL as the Worker sees it (WHATWG-normalized by the runtime): unicode percent-encoded, default port dropped. */
const workerUrl = fc
  .record({
    scheme: fc.constantFrom("https:", "http:"),
    host: fc.domain(),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    path: fc.array(text(10), { maxLength: 4 }),
    query: fc.array(fc.tuple(text(8, 1), text(16)), { maxLength: 4 }),
  })
  .map(({ scheme, host, port, path, query }) => {
    const url = new URL(`${scheme}//${host}`);
    if (port !== undefined) url.port = String(port);
    url.pathname = `/${path.join("/")}`;
    if (query.length) url.search = new URLSearchParams(query).toString();
    return url.href;
  });

function withDefaultPort(url: string): string {
  const { protocol, host, port } = new URL(url);
  if (port) return url;
  return url.replace(`${protocol}//${host}`, `${protocol}//${host}:${protocol === "https:" ? 443 : 80}`);
}

function withoutPort(url: string): string {
  const { protocol, host, hostname } = new URL(url);
  return url.replace(`${protocol}//${host}`, `${protocol}//${hostname}`);
}

function tamper(signature: string, at: number): string {
  const i = at % signature.length;
  const replacement = signature[i] === "A" ? "B" : "A";
  return signature.slice(0, i) + replacement + signature.slice(i + 1);
}

describe("the signature our validator computes", () => {
  it("ADR-002.2 equals getExpectedTwilioSignature for any URL spelling and any parameters", async () => {
    await fc.assert(
      fc.asyncProperty(authToken, rawUrl, formParams, async (token, url, params) => {
        expect(await computeTwilioSignature(token, url, params)).toBe(getExpectedTwilioSignature(token, url, asTwilioParams(params)));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("the decision our validator takes", () => {
  type Case = "genuine" | "with default port" | "without port" | "other URL" | "other token" | "flipped character" | "truncated" | "empty" | "parameter added" | "parameter changed";
  const cases: Case[] = ["genuine", "with default port", "without port", "other URL", "other token", "flipped character", "truncated", "empty", "parameter added", "parameter changed"];

  it("ADR-002.2 agrees with validateRequest on genuine and tampered signatures, for URLs as received or as configured", async () => {
    const seen = new Map<Case, { accepted: number; total: number }>();
    await fc.assert(
      fc.asyncProperty(
        authToken,
        fc.oneof(workerUrl, rawUrl),
        workerUrl,
        formParams,
        fc.constantFrom(...cases),
        fc.nat(),
        async (token, url, otherUrl, params, kind, at) => {
          const signedParams = asTwilioParams(params);
          let signature = getExpectedTwilioSignature(token, url, signedParams);
          let received: FormParams = params;
          if (kind === "with default port") signature = getExpectedTwilioSignature(token, withDefaultPort(url), signedParams);
          if (kind === "without port") signature = getExpectedTwilioSignature(token, withoutPort(url), signedParams);
          if (kind === "other URL") signature = getExpectedTwilioSignature(token, otherUrl, signedParams);
          if (kind === "other token") signature = getExpectedTwilioSignature(`${token}x`, url, signedParams);
          if (kind === "flipped character") signature = tamper(signature, at);
          if (kind === "truncated") signature = signature.slice(0, at % signature.length);
          if (kind === "empty") signature = "";
          if (kind === "parameter added") received = [...params, ["Injected", String(at)]];
          if (kind === "parameter changed") received = params.length ? params.map(([n, v], i) => [n, i === at % params.length ? `${v}!` : v] as const) : [["Body", "!"]];

          const ours = await isValidTwilioSignature(token, url, received, signature);
          const twilios = validateRequest(token, signature, url, asTwilioParams(received));
          expect(ours).toBe(twilios);

          const tally = seen.get(kind) ?? { accepted: 0, total: 0 };
          seen.set(kind, { accepted: tally.accepted + (ours ? 1 : 0), total: tally.total + 1 });
        },
      ),
      { numRuns: RUNS * 2 },
    );
    // Agreement is not vacuous: genuine signatures (also over the other port spelling) are accepted, tampered ones refused.
    for (const kind of ["genuine", "with default port", "without port"] as const) {
      const tally = seen.get(kind)!;
      expect(tally.accepted, kind).toBe(tally.total);
    }
    for (const kind of ["other token", "flipped character", "truncated", "empty", "parameter added"] as const) {
      expect(seen.get(kind)!.accepted, kind).toBe(0);
    }
  });
});
