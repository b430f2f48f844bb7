/**
 * X-Twilio-Signature as Twilio documents it, written here independently of src/twilio/signature.ts
 * so that the specs do not sign with the code they check: the URL, then every parameter name
 * followed by its value, names in sorted order, HMAC-SHA1 under the auth token, base64.
 * spec/node/unit/twilio-signature.spec.ts holds it to the twilio SDK's own function.
 */
export async function twilioSignature(authToken: string, url: string, params: Record<string, string>): Promise<string> {
  const data = Object.keys(params)
    .sort()
    .reduce((signed, name) => signed + name + params[name], url);
  const bytes = (text: string) => new TextEncoder().encode(text);
  const key = await crypto.subtle.importKey("raw", bytes(authToken), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes(data)));
  let binary = "";
  for (const byte of mac) binary += String.fromCharCode(byte);
  return btoa(binary);
}
