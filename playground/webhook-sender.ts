/**
 * Sends a playground message to the Worker exactly as Twilio would: the form parameters of a
 * WhatsApp inbound message, signed with the auth token over PUBLIC_BASE_URL + path, posted to
 * `POST /whatsapp/incoming`. Attachments are registered with the Twilio stand-in first, so
 * `MediaUrl0` is on the only origin the Worker fetches media from.
 */
import { randomBytes } from "node:crypto";
import type { StandIns } from "../scripts/stand-ins";
import { computeTwilioSignature } from "../src/twilio/signature";

export interface PlaygroundMessage {
  name: string;
  /** The client's number in E.164, e.g. +5215512345678. */
  number: string;
  text: string;
  attachment?: { contentType: string; data: Buffer };
}

export interface WebhookTarget {
  workerUrl: string;
  /** The origin the Worker checks signatures against (its PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  authToken: string;
  accountSid: string;
  assistantNumber: string;
  /** Absent when the real Twilio is used: then nothing can be attached. */
  standIns?: StandIns;
}

const sid = (prefix: string) => prefix + randomBytes(16).toString("hex");

const messageType = (contentType: string) => (contentType.startsWith("image/") ? "image" : contentType.startsWith("audio/") ? "audio" : "document");

export function webhookParams(target: WebhookTarget, message: PlaygroundMessage): Record<string, string> {
  const messageSid = sid(message.attachment ? "MM" : "SM");
  const params: Record<string, string> = {
    SmsMessageSid: messageSid,
    NumMedia: message.attachment ? "1" : "0",
    ProfileName: message.name,
    MessageType: message.attachment ? messageType(message.attachment.contentType) : "text",
    SmsSid: messageSid,
    WaId: message.number.replace(/^\+/, ""),
    SmsStatus: "received",
    Body: message.text,
    To: target.assistantNumber,
    NumSegments: "1",
    ReferralNumMedia: "0",
    MessageSid: messageSid,
    AccountSid: target.accountSid,
    From: `whatsapp:${message.number}`,
    ApiVersion: "2010-04-01",
  };
  if (message.attachment) {
    if (!target.standIns) throw new Error("attachments need the local Twilio stand-in");
    const path = `/2010-04-01/Accounts/${target.accountSid}/Messages/${messageSid}/Media/${sid("ME")}`;
    params.MediaContentType0 = message.attachment.contentType;
    params.MediaUrl0 = target.standIns.addMedia(path, message.attachment.data, message.attachment.contentType);
  }
  return params;
}

export async function sendToWorker(target: WebhookTarget, message: PlaygroundMessage): Promise<{ status: number; sid: string }> {
  const params = webhookParams(target, message);
  const path = "/whatsapp/incoming";
  const signature = await computeTwilioSignature(target.authToken, target.publicBaseUrl + path, Object.entries(params));
  const response = await fetch(target.workerUrl + path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body: new URLSearchParams(params).toString(),
  });
  await response.arrayBuffer();
  return { status: response.status, sid: params.MessageSid! };
}
