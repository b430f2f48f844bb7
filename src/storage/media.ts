/**
 * A client's media (ADR 006): the files of their messages, stored once as they came, and what was
 * made of them once: a voice note's transcript, what the vision model saw in a photo (ADR 019).
 */
import { createOnly, putRecord, type Storage } from "./bucket";
import { keys, type ClientKey } from "./keys";
import { SCHEMA_VERSION, type ObservationRecord } from "./records";

/** Stores a media file once: when the key already holds one (a retry), that one is kept as it is. */
export async function putMedia(store: Storage, key: string, body: Uint8Array | ArrayBuffer, contentType: string): Promise<void> {
  await store.r2.put(key, body, { ...createOnly, httpMetadata: { contentType } });
}

/** A stored media file's metadata (size, content type), or null when there is none. */
export async function headMedia(store: Storage, key: string): Promise<R2Object | null> {
  return store.r2.head(key);
}

export async function getMedia(store: Storage, key: string): Promise<R2ObjectBody | null> {
  return store.r2.get(key);
}

export async function saveTranscript(store: Storage, client: ClientKey, sid: string, index: number, text: string) {
  await putRecord(store, keys.transcript(client, sid, index), { v: SCHEMA_VERSION, sid, index, text });
}

export async function hasTranscript(store: Storage, client: ClientKey, sid: string, index: number): Promise<boolean> {
  return (await store.r2.head(keys.transcript(client, sid, index))) !== null;
}

/** Records a photo's observation once: false when one is already recorded (it is kept as it is). */
export async function saveObservation(store: Storage, client: ClientKey, record: ObservationRecord): Promise<boolean> {
  return (await putRecord(store, keys.observation(client, record.sid, record.index), record, createOnly)) !== null;
}
