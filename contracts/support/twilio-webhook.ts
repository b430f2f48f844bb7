/** A webhook (a message, or a delivery receipt to STATUS_PATH) the way Twilio posts it: form-encoded, signed (by the twilio SDK) over the public URL with the Auth Token. */
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { AUTH_TOKEN, PUBLIC_BASE_URL } from "./parties";

export const WEBHOOK_PATH = "/whatsapp/incoming";
export const STATUS_PATH = "/whatsapp/status";

export async function postWebhook(origin: string, params: Record<string, string>, path = WEBHOOK_PATH): Promise<Response> {
  const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}${path}`, params);
  return fetch(`${origin}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body: new URLSearchParams(params).toString(),
  });
}
