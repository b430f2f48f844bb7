/** A webhook the way Twilio posts it: form-encoded, signed (by the twilio SDK) over the public URL with the Auth Token. */
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { AUTH_TOKEN, PUBLIC_BASE_URL } from "./parties";

export const WEBHOOK_PATH = "/whatsapp/incoming";

export async function postWebhook(origin: string, params: Record<string, string>): Promise<Response> {
  const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}${WEBHOOK_PATH}`, params);
  return fetch(`${origin}${WEBHOOK_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body: new URLSearchParams(params).toString(),
  });
}
