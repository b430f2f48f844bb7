/**
 * The bucket primitives under the schema (ADR 003): the KV and R2 bindings, a record's put (with
 * its inline copy, create-only when asked), listings followed to their end, a record read from
 * its listing, and deletions in R2's batches.
 */
import { retentionDaysOf } from "../config/settings";
import { keys, type ClientKey } from "./keys";
import { parseJson, type Parsed } from "./records";

export const createOnly = { onlyIf: { etagDoesNotMatch: "*" } } as const;

export interface Storage {
  kv: KVNamespace;
  r2: R2Bucket;
  /** Every KV write expires this long after it is made (ADR 020.4: retention without a scheduler). */
  kvExpirationTtl: number;
}

export function storageOf(env: { CHAT_HISTORY: KVNamespace; MEDIA_BUCKET: R2Bucket; RETENTION_DAYS?: string }): Storage {
  return { kv: env.CHAT_HISTORY, r2: env.MEDIA_BUCKET, kvExpirationTtl: retentionDaysOf(env.RETENTION_DAYS) * 86_400 };
}

/**
 * R2 custom metadata holds at most 2 KiB; a record whose JSON fits is also written there, in the
 * same put, so that one listing returns it and reading a conversation needs no read per message
 * (ADR 003.6). The object's body stays the record of truth.
 */
const INLINE_RECORD_BYTES = 2000;
const encoder = new TextEncoder();

export async function putRecord(
  store: Storage,
  key: string,
  record: object,
  options: R2PutOptions = {},
  tags: Record<string, string> = {},
): Promise<R2Object | null> {
  const json = JSON.stringify(record);
  const customMetadata = encoder.encode(json).byteLength <= INLINE_RECORD_BYTES ? { ...tags, record: json } : tags;
  return store.r2.put(key, json, {
    ...options,
    httpMetadata: { contentType: "application/json" },
    ...(Object.keys(customMetadata).length ? { customMetadata } : {}),
  });
}

/** Every R2 object a listing holds, page after page, following `truncated`/`cursor` (never the count). */
export async function listAll(store: Storage, options: R2ListOptions): Promise<R2Object[]> {
  // After the first page the cursor carries where the listing stands: a `startAfter` would move it.
  const { startAfter: _first, ...next } = options;
  const objects: R2Object[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.r2.list(cursor ? { ...next, cursor } : options);
    objects.push(...page.objects);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return objects;
}

/** Every R2 object under the client's prefix (or one folder of it), with its metadata. */
export async function listClientObjects(store: Storage, client: ClientKey, folder = ""): Promise<R2Object[]> {
  return listAll(store, { prefix: keys.client(client, folder), include: ["httpMetadata", "customMetadata"] });
}

/** The keys alone under the client's prefix: what a deletion needs. */
export async function listClientKeys(store: Storage, client: ClientKey): Promise<string[]> {
  return (await listAll(store, { prefix: keys.client(client) })).map((o) => o.key);
}

export async function listClientKvKeys(store: Storage, client: ClientKey): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.kv.list({ prefix: keys.client(client), cursor });
    names.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return names;
}

/** A record, parsed: from the listing's metadata when it is there and parses, else from the body (null: deleted since the listing). */
export async function readRecord(store: Storage, object: R2Object): Promise<Parsed<unknown> | null> {
  const inline = object.customMetadata?.record;
  const parsed = inline === undefined ? null : parseJson(inline);
  if (parsed?.ok) return parsed;
  const body = await store.r2.get(object.key);
  return body ? parseJson(await body.text()) : null;
}

/** Deletes the given R2 objects, in batches of R2's 1,000 a call. */
export async function deleteObjects(store: Storage, objectKeys: readonly string[]): Promise<void> {
  for (let i = 0; i < objectKeys.length; i += 1000) await store.r2.delete(objectKeys.slice(i, i + 1000));
}
