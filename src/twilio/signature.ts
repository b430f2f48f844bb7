/**
 * Twilio's `X-Twilio-Signature` (HMAC-SHA1 over the URL Twilio called, then every POST
 * parameter sorted by name), computed with WebCrypto and compared in constant time.
 */

export type FormParams = ReadonlyArray<readonly [string, string]>;

const encoder = new TextEncoder();

/** The string Twilio signs: the URL, then each name followed by its values (deduplicated, sorted). */
export function signedPayload(url: string, params: FormParams): string {
  const byName = new Map<string, Set<string>>();
  for (const [name, value] of params) {
    const values = byName.get(name) ?? new Set<string>();
    values.add(value);
    byName.set(name, values);
  }
  let payload = url;
  for (const name of [...byName.keys()].sort()) {
    for (const value of [...byName.get(name)!].sort()) payload += name + value;
  }
  return payload;
}

export async function computeTwilioSignature(authToken: string, url: string, params: FormParams): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(authToken), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(signedPayload(url, params))));
  return btoa(String.fromCharCode(...mac));
}

/** Constant-time comparison of two strings (length is not secret: signatures have a fixed length). */
function timingSafeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  let difference = left.length ^ right.length;
  for (let i = 0; i < left.length; i++) difference |= left[i]! ^ (right[i % Math.max(right.length, 1)] ?? 0);
  return difference === 0;
}

/** Twilio may sign the URL with or without the scheme's default port; accept either spelling. */
function portVariants(url: string): string[] {
  const match = /^(https?):\/\/([^/?#]*)([\s\S]*)$/i.exec(url);
  if (!match) return [url];
  const [, scheme, authority, rest] = match as unknown as [string, string, string, string];
  const defaultPort = scheme.toLowerCase() === "https" ? "443" : "80";
  const hostOnly = authority.replace(/:\d+$/, "");
  const variants = [url, `${scheme}://${hostOnly}${rest}`];
  if (!/:\d+$/.test(authority)) variants.push(`${scheme}://${authority}:${defaultPort}${rest}`);
  return [...new Set(variants)];
}

export async function isValidTwilioSignature(
  authToken: string,
  url: string,
  params: FormParams,
  signature: string | undefined,
): Promise<boolean> {
  if (!authToken || !signature) return false;
  let valid = false;
  for (const candidate of portVariants(url)) {
    // Every variant is computed and compared, so timing does not reveal which one matched.
    valid = timingSafeEqual(await computeTwilioSignature(authToken, candidate, params), signature) || valid;
  }
  return valid;
}

/** The URL Twilio signed: `PUBLIC_BASE_URL` + path + query when configured, else the request's own URL. */
export function urlTwilioSigned(requestUrl: string, publicBaseUrl: string | undefined): string {
  if (!publicBaseUrl) return requestUrl;
  const { pathname, search } = new URL(requestUrl);
  return publicBaseUrl + pathname + search;
}
