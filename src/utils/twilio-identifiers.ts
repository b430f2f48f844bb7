/**
 * Twilio's identifiers, written once: a message SID, a media SID, an account SID, a WhatsApp
 * address. Here, at the bottom of the layers, because the settings, the storage schema and the
 * Twilio clients all check them.
 *
 * Twilio writes the 32 hex digits in lower case, and the webhook (ADR 017.1) and the delivery
 * receipts accept only that; the deletion client and the media URL parser have always accepted
 * either case, and still do (`anyCase`): issue 22 moved these patterns without changing them.
 */

const hex32 = (anyCase: boolean) => (anyCase ? "[0-9a-fA-F]{32}" : "[0-9a-f]{32}");

/** `SM`/`MM` and 32 hex digits, unanchored: a part of a larger pattern. */
export const messageSidSource = (anyCase = false) => `(?:SM|MM)${hex32(anyCase)}`;
export const mediaSidSource = (anyCase = false) => `ME${hex32(anyCase)}`;
export const accountSidSource = (anyCase = false) => `AC${hex32(anyCase)}`;

/** A message's SID as Twilio writes it (ADR 017.1): anything longer or looser may be a re-split body. */
export const MESSAGE_SID = new RegExp(`^${messageSidSource()}$`);
export const MESSAGE_SID_ANY_CASE = new RegExp(`^${messageSidSource(true)}$`);
export const MEDIA_SID_ANY_CASE = new RegExp(`^${mediaSidSource(true)}$`);
export const ACCOUNT_SID = new RegExp(`^${accountSidSource()}$`);

/** `whatsapp:+` and an E.164 number: a client's address, and the assistant's. */
export const WHATSAPP_ADDRESS = /^whatsapp:\+[1-9]\d{6,14}$/;
