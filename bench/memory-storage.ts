/**
 * In-memory KV and R2 with the subset of their APIs the storage module uses, so the Worker's
 * own JavaScript can be run and timed in node without the local emulator's cost mixed in.
 * Not a general fake: only what `src/storage/` calls.
 */

interface StoredObject {
  key: string;
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string | undefined;
  customMetadata: Record<string, string> | undefined;
  uploaded: Date;
}

const encoder = new TextEncoder();

async function bytesOf(value: unknown): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof value === "string") return encoder.encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (ArrayBuffer.isView(value)) return Uint8Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (value instanceof ReadableStream) return new Uint8Array(await new Response(value).arrayBuffer());
  throw new Error("memory R2: unsupported body");
}

function objectInfo(stored: StoredObject) {
  return {
    key: stored.key,
    size: stored.bytes.length,
    uploaded: stored.uploaded,
    httpMetadata: { contentType: stored.contentType },
    customMetadata: stored.customMetadata ?? {},
    etag: String(stored.bytes.length),
  };
}

export function memoryR2(): R2Bucket {
  const objects = new Map<string, StoredObject>();
  // Keys in order, kept up to date as keys come and go: R2 lists from its index, and sorting the
  // keys again after a write would be counted as the Worker's CPU.
  let sortedKeys: string[] | null = null;
  const positionOf = (keys: string[], key: string) => {
    let low = 0;
    for (let high = keys.length; low < high; ) {
      const middle = (low + high) >>> 1;
      if (keys[middle]! < key) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const bucket = {
    async put(
      key: string,
      value: unknown,
      options?: { onlyIf?: { etagDoesNotMatch?: string }; httpMetadata?: { contentType?: string }; customMetadata?: Record<string, string> },
    ) {
      if (options?.onlyIf?.etagDoesNotMatch === "*" && objects.has(key)) return null;
      const stored = { key, bytes: await bytesOf(value), contentType: options?.httpMetadata?.contentType, customMetadata: options?.customMetadata, uploaded: new Date() };
      if (!objects.has(key) && sortedKeys) sortedKeys.splice(positionOf(sortedKeys, key), 0, key);
      objects.set(key, stored);
      return objectInfo(stored);
    },
    async get(key: string) {
      const stored = objects.get(key);
      if (!stored) return null;
      return {
        ...objectInfo(stored),
        get body() {
          return new Response(stored.bytes).body;
        },
        text: async () => new TextDecoder().decode(stored.bytes),
        arrayBuffer: async () => stored.bytes.slice().buffer,
      };
    },
    async head(key: string) {
      const stored = objects.get(key);
      return stored ? objectInfo(stored) : null;
    },
    async list(options: { prefix?: string; startAfter?: string; cursor?: string; limit?: number }) {
      sortedKeys ??= [...objects.keys()].sort();
      const keys = sortedKeys;
      const prefix = options.prefix ?? "";
      let start = positionOf(keys, prefix);
      if (options.startAfter !== undefined) {
        const after = positionOf(keys, options.startAfter);
        start = Math.max(start, keys[after] === options.startAfter ? after + 1 : after);
      }
      if (options.cursor) start = Number(options.cursor);
      const page: string[] = [];
      let at = start;
      for (; at < keys.length && page.length < (options.limit ?? 1000) && keys[at]!.startsWith(prefix); at++) page.push(keys[at]!);
      const truncated = at < keys.length && keys[at]!.startsWith(prefix);
      return { objects: page.map((k) => objectInfo(objects.get(k)!)), truncated, ...(truncated ? { cursor: String(at) } : {}), delimitedPrefixes: [] };
    },
    async delete(keys: string | string[]) {
      const gone = new Set(Array.isArray(keys) ? keys : [keys]);
      for (const key of gone) objects.delete(key);
      if (sortedKeys) sortedKeys = sortedKeys.filter((key) => !gone.has(key));
    },
  };
  return bucket as unknown as R2Bucket;
}

export function memoryKV(): KVNamespace {
  const values = new Map<string, string>();
  const metadata = new Map<string, unknown>();
  const namespace = {
    get: async (key: string) => values.get(key) ?? null,
    put: async (key: string, value: string, options?: { metadata?: unknown }) => {
      values.set(key, value);
      if (options?.metadata === undefined) metadata.delete(key);
      else metadata.set(key, structuredClone(options.metadata));
    },
    delete: async (key: string) => void (values.delete(key), metadata.delete(key)),
    list: async (options: { prefix?: string }) => ({
      keys: [...values.keys()].filter((k) => k.startsWith(options.prefix ?? "")).map((name) => (metadata.has(name) ? { name, metadata: metadata.get(name) } : { name })),
      list_complete: true,
    }),
  };
  return namespace as unknown as KVNamespace;
}
