/**
 * An in-memory R2 and KV for node unit specs of src/storage, behaving as the bindings do where the
 * readers and writers depend on it: R2 lists keys in order, at most `pageSize` a page (R2: 1000)
 * with `truncated`/`cursor`, custom and HTTP metadata only when `include` asks for them; a put with
 * `onlyIf: { etagDoesNotMatch: "*" }` onto an existing key writes nothing and answers null; a
 * delete takes at most 1000 keys a call (R2 refuses more). KV lists `kvPageSize` names a page.
 * Every R2 delete call is kept in `deletes`, so a spec can count them; past 10,000 calls a delete
 * throws, so that a deletion loop that never ends fails its spec instead of hanging the run.
 */
import type { Storage } from "../../../src/storage/bucket";

/** More delete calls than any spec makes: a deletion loop that never ends. */
const MAX_DELETE_CALLS = 10_000;

export interface StoredObject {
  body: string;
  httpMetadata?: R2HTTPMetadata;
  customMetadata?: Record<string, string>;
}

export interface MemoryStorage {
  store: Storage;
  objects: Map<string, StoredObject>;
  kvValues: Map<string, string>;
  /** The keys of each R2 delete call, in order. */
  deletes: string[][];
}

export function memoryStorage(options: { pageSize?: number; kvPageSize?: number; reverseListing?: boolean } = {}): MemoryStorage {
  const pageSize = options.pageSize ?? 1000;
  const kvPageSize = options.kvPageSize ?? 1000;
  const objects = new Map<string, StoredObject>();
  const kvValues = new Map<string, string>();
  const deletes: string[][] = [];
  const uploaded = new Date("2026-12-07T10:00:00.000Z");
  const objectOf = (key: string, include: readonly string[] = ["httpMetadata", "customMetadata"]) => {
    const stored = objects.get(key)!;
    return {
      key,
      size: new TextEncoder().encode(stored.body).byteLength,
      uploaded,
      ...(include.includes("httpMetadata") ? { httpMetadata: stored.httpMetadata ?? {} } : {}),
      ...(include.includes("customMetadata") ? { customMetadata: stored.customMetadata ?? {} } : {}),
    };
  };
  const r2 = {
    async head(key: string) {
      return objects.has(key) ? objectOf(key) : null;
    },
    async get(key: string) {
      const stored = objects.get(key);
      return stored ? { ...objectOf(key), text: async () => stored.body } : null;
    },
    async put(key: string, body: string, put: R2PutOptions = {}) {
      const onlyIf = put.onlyIf as R2Conditional | undefined;
      if (onlyIf?.etagDoesNotMatch === "*" && objects.has(key)) return null;
      objects.set(key, {
        body,
        ...(put.httpMetadata ? { httpMetadata: put.httpMetadata as R2HTTPMetadata } : {}),
        ...(put.customMetadata ? { customMetadata: put.customMetadata } : {}),
      });
      return objectOf(key);
    },
    async list(list: R2ListOptions = {}) {
      const sorted = [...objects.keys()].sort();
      const keys = (options.reverseListing ? sorted.reverse() : sorted).filter(
        (key) => key.startsWith(list.prefix ?? "") && (list.startAfter === undefined || key > list.startAfter),
      );
      const from = list.cursor === undefined ? 0 : Number(list.cursor);
      const page = keys.slice(from, from + Math.min(list.limit ?? pageSize, pageSize));
      const truncated = from + page.length < keys.length;
      return {
        objects: page.map((key) => objectOf(key, (list.include ?? []) as string[])),
        truncated,
        ...(truncated ? { cursor: String(from + page.length) } : {}),
        delimitedPrefixes: [],
      };
    },
    async delete(keys: string | string[]) {
      const batch = Array.isArray(keys) ? keys : [keys];
      if (batch.length > 1000) throw new Error(`R2 deletes at most 1000 keys a call, not ${batch.length}`);
      // A loop that never ends would hang the run (it never yields to a timer): fail it instead.
      if (deletes.length >= MAX_DELETE_CALLS) throw new Error(`more than ${MAX_DELETE_CALLS} delete calls: a deletion that never ends`);
      deletes.push([...batch]);
      for (const key of batch) objects.delete(key);
    },
  };
  const kv = {
    async get(key: string) {
      return kvValues.get(key) ?? null;
    },
    async put(key: string, value: string) {
      kvValues.set(key, value);
    },
    async list(list: { prefix?: string; cursor?: string } = {}) {
      const names = [...kvValues.keys()].sort().filter((name) => name.startsWith(list.prefix ?? ""));
      const from = list.cursor ? Number(list.cursor) : 0;
      const page = names.slice(from, from + kvPageSize);
      const complete = from + page.length >= names.length;
      return { keys: page.map((name) => ({ name })), list_complete: complete, ...(complete ? {} : { cursor: String(from + page.length) }) };
    },
  };
  return { store: { r2, kv, kvExpirationTtl: 60 } as unknown as Storage, objects, kvValues, deletes };
}
