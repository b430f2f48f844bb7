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

/** The n-th made-up message SID of a spec, in Twilio's format (`SM` or `MM`, 32 lower-case hex digits). */
export const messageSid = (n: number, prefix: "SM" | "MM" = "SM") => `${prefix}${n.toString(16).padStart(32, "0")}`;

/** The webhook with another SID: Twilio repeats MessageSid as SmsMessageSid and SmsSid, always equal (ADR 017.2). */
export function withSid<T extends Record<string, string>>(params: T, sid: string): T & { MessageSid: string } {
  return { ...params, MessageSid: sid, SmsMessageSid: sid, SmsSid: sid };
}
