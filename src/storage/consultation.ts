/**
 * The client's consultation record in KV (ADR 003, ADR 007): its random id, part of every link
 * to its summary page, and its start. A reset deletes it, and so revokes the old links.
 */
import { base64url } from "../utils/encoding";
import type { Storage } from "./bucket";
import { clientKeyOf, keys, type ClientKey } from "./keys";
import { asConsultation, parseJson, SCHEMA_VERSION, type Consultation, type StoredProblem } from "./records";

export async function readConsultation(
  store: Storage,
  client: ClientKey,
): Promise<{ consultation: Consultation | null; problem?: StoredProblem; raw?: string }> {
  const key = keys.consultation(client);
  const raw = await store.kv.get(key);
  if (raw === null) return { consultation: null };
  const parsed = parseJson(raw);
  const checked = parsed.ok ? asConsultation(parsed.value) : parsed;
  return checked.ok ? { consultation: checked.value } : { consultation: null, problem: { key, reason: checked.reason }, raw };
}

/**
 * The client's current consultation, started now when there is none. A malformed record is
 * first copied to `quarantine/` (ADR 010: debuggable), then replaced.
 */
export async function ensureConsultation(store: Storage, client: ClientKey, now: string): Promise<Consultation> {
  const current = await readConsultation(store, client);
  if (current.consultation) return current.consultation;
  if (current.raw !== undefined) {
    await store.r2.put(keys.quarantine(client, "consultation", now), current.raw);
  }
  const id = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const consultation: Consultation = { v: SCHEMA_VERSION, id, startedAt: now };
  // The record is its own metadata too, so that one KV listing gives every client's (the console's list, ADR 028.3).
  await store.kv.put(keys.consultation(client), JSON.stringify(consultation), { expirationTtl: store.kvExpirationTtl, metadata: consultation });
  return consultation;
}

/** The client whose consultation record a KV key names (`whatsapp:+…/consultation`), or null (the doctor's look at the deployed KV). */
export function clientOfConsultationKey(name: string): ClientKey | null {
  return name.endsWith("/consultation") ? clientKeyOf(name.slice(0, -"/consultation".length)) : null;
}

/** A consultation record's text, checked as the Worker reads it, or null when it is not one. */
export function consultationOf(raw: string): Consultation | null {
  const parsed = parseJson(raw);
  const checked = parsed.ok ? asConsultation(parsed.value) : parsed;
  return checked.ok ? checked.value : null;
}

/**
 * The consultation records of the given clients: from KV listings' metadata, read one by one only
 * for a record written before it carried its metadata. An unreadable record counts as none.
 */
export async function readConsultations(store: Storage, clients: readonly ClientKey[]): Promise<Map<ClientKey, Consultation>> {
  const wanted = new Map(clients.map((client) => [keys.consultation(client), client]));
  const found = new Map<ClientKey, Consultation>();
  if (wanted.size === 0) return found;
  const unread: ClientKey[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.kv.list({ prefix: "whatsapp:", cursor });
    for (const key of page.keys) {
      const client = wanted.get(key.name);
      if (!client) continue;
      const checked = asConsultation(key.metadata);
      if (checked.ok) found.set(client, checked.value);
      else if (key.metadata === undefined || key.metadata === null) unread.push(client);
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  await Promise.all(
    unread.map(async (client) => {
      const { consultation } = await readConsultation(store, client);
      if (consultation) found.set(client, consultation);
    }),
  );
  return found;
}
