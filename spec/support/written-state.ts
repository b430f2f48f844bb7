/**
 * Stored state written by hand, for the node specs that compose the model's input from it
 * (src/conversation/compose.ts): one client, one message SID, one moment.
 */
import { composeModelInput } from "../../src/conversation/compose";
import type { ConversationState, InboundRecord } from "../../src/storage/records";

export const CLIENT = "whatsapp:+5215512345678" as ConversationState["client"];
export const AT = "2026-12-01T10:00:00.000Z";
export const SID = "SM0123456789abcdef0123456789abcdef";
const config = { stylist: { name: "Tata Oro", city: "", bookingUrl: "", whatsappNumber: "" } } as unknown as Parameters<typeof composeModelInput>[1];

/** A client's state with nothing stored, `extra` aside. */
export const emptyState = (client: ConversationState["client"], extra: Partial<ConversationState> = {}): ConversationState => ({
  client,
  consultation: null,
  inbound: [],
  answers: [],
  receipts: [],
  ingested: [],
  media: [],
  transcripts: [],
  observations: [],
  problems: [],
  ...extra,
});

/** The message record of `sid` (SID unless given), from CLIENT, with `params` over a message without media. */
export const message = (params: Record<string, string>, sid = SID): InboundRecord => ({ v: 1, sid, receivedAt: AT, params: { MessageSid: sid, From: CLIENT, NumMedia: "0", ...params } });
/** CLIENT's state holding `inbound`, `extra` aside. */
export const state = (inbound: InboundRecord[], extra: Partial<ConversationState> = {}): ConversationState => emptyState(CLIENT, { inbound, ...extra });
/** The user messages the model reads after the system prompt, `photoLinks` being the signed links at hand. */
export const userContents = (s: ConversationState, photoLinks?: ReadonlyMap<string, string>) => composeModelInput(s, config, photoLinks).slice(1).map((m) => m.content);
