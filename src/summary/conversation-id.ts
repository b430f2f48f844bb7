/**
 * Conversation ids (ADR 007): a sealed token of the client's key and their consultation's
 * random id, padded to one length. Unguessable, no readable phone number (nor its number of
 * digits), and dead once a reset deletes the consultation record (a new consultation has a new
 * random id).
 */
import type { Storage } from "../storage/bucket";
import { readConsultation } from "../storage/consultation";
import { clientKeyOf, type ClientKey } from "../storage/keys";
import type { Consultation } from "../storage/records";
import { seal, unseal } from "../utils/sealed-token";

const PURPOSE = "conversation-id";

/**
 * `whatsapp:+{E164}|{consultation id}|` padded with `.` to this many bytes: at most 10 + 15 + 1 +
 * 22 + 1 = 49 for the ids store.ts makes, so every id seals 64 bytes and is 123 characters long.
 */
const PADDED_PAYLOAD_BYTES = 64;

/** Ids are 123 characters (91 to 102 before they were padded): anything else is turned away before any crypto. */
const ID_SHAPE = /^[A-Za-z0-9_-]{80,128}$/;

export function conversationIdFor(secret: string, client: ClientKey, consultation: Consultation): Promise<string> {
  return seal(secret, PURPOSE, `${client}|${consultation.id}|`.padEnd(PADDED_PAYLOAD_BYTES, "."));
}

/** The client and consultation an id stands for, or null when it is forged, tampered or revoked. */
export async function resolveConversationId(
  secret: string,
  store: Storage,
  id: string,
): Promise<{ client: ClientKey; consultation: Consultation } | null> {
  if (!ID_SHAPE.test(id)) return null;
  const payload = await unseal(secret, PURPOSE, id);
  if (!payload) return null;
  // `client|id|....` now, `client|id` for ids handed out before padding: both still open.
  const [from, consultationId] = payload.split("|");
  const client = clientKeyOf(from ?? "");
  if (!client || !consultationId) return null;
  const { consultation } = await readConsultation(store, client);
  return consultation?.id === consultationId ? { client, consultation } : null;
}
