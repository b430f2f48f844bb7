/** A webhook the way Twilio posts it: form-encoded, signed over the public URL with the Auth Token. */
import { computeTwilioSignature } from "../../src/twilio/signature";
import { AUTH_TOKEN, PUBLIC_BASE_URL } from "./parties";

export const WEBHOOK_PATH = "/whatsapp/incoming";

export async function postWebhook(origin: string, params: Record<string, string>): Promise<Response> {
  const signature = await computeTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}${WEBHOOK_PATH}`, Object.entries(params));
  return fetch(`${origin}${WEBHOOK_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body: new URLSearchParams(params).toString(),
  });
}
