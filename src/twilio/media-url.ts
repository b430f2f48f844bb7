/**
 * Twilio's media URLs (a webhook's `MediaUrl{N}`): `/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}`.
 * The SIDs in them are what Twilio's Media resource is deleted by.
 */
import { accountSidSource, mediaSidSource, messageSidSource } from "../utils/twilio-identifiers";

export interface TwilioMediaRef {
  accountSid: string;
  messageSid: string;
  mediaSid: string;
}

const MEDIA_PATH = new RegExp(`^/2010-04-01/Accounts/(${accountSidSource(true)})/Messages/(${messageSidSource(true)})/Media/(${mediaSidSource(true)})$`);

export function parseMediaUrl(url: string): TwilioMediaRef | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const match = MEDIA_PATH.exec(path);
  return match ? { accountSid: match[1]!, messageSid: match[2]!, mediaSid: match[3]! } : null;
}
