/** Signed webhook requests, as Twilio sends them. */
import { twilioSignature } from "./twilio-signature";

export const AUTH_TOKEN = "spec-auth-token";
export const PUBLIC_BASE_URL = "https://wa.example.com";
export const WEBHOOK_URL = `${PUBLIC_BASE_URL}/whatsapp/incoming`;

export interface WebhookOptions {
  /** The URL the request is made to (the Worker's own address, e.g. behind a proxy). */
  requestUrl?: string;
  /** The URL the signature is computed over (Twilio's view); defaults to PUBLIC_BASE_URL's. */
  signedUrl?: string;
  authToken?: string;
  signature?: string | null;
  contentType?: string;
  body?: string;
}

export async function webhookRequest(params: Record<string, string>, options: WebhookOptions = {}): Promise<Request> {
  const body = options.body ?? new URLSearchParams(params).toString();
  const headers = new Headers({ "content-type": options.contentType ?? "application/x-www-form-urlencoded" });
  const signature =
    options.signature === undefined
      ? await twilioSignature(options.authToken ?? AUTH_TOKEN, options.signedUrl ?? WEBHOOK_URL, params)
      : options.signature;
  if (signature !== null) headers.set("x-twilio-signature", signature);
  return new Request(options.requestUrl ?? "http://worker.internal/whatsapp/incoming", { method: "POST", headers, body });
}
