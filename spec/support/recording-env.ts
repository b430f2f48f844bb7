/**
 * The Worker's env with its KV and R2 bindings wrapped: every write (put, delete, multipart
 * upload) is recorded before it reaches the real binding, so a spec can assert over all the
 * storage writes of a request, `waitUntil` work included; or every read by key.
 */
import { env } from "cloudflare:workers";

export interface StorageWrite {
  store: "kv" | "r2";
  op: "put" | "delete" | "createMultipartUpload";
  key: string;
  /** The value written, as text (R2 bodies decoded as UTF-8), for puts of strings or bytes. */
  value?: string;
  options?: unknown;
}

const WRITES: Record<"kv" | "r2", readonly string[]> = {
  kv: ["put", "delete"],
  r2: ["put", "delete", "createMultipartUpload"],
};

function valueText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return new TextDecoder().decode(value as ArrayBuffer);
  return undefined;
}

function recording<T extends object>(binding: T, store: "kv" | "r2", writes: StorageWrite[]): T {
  return new Proxy(binding, {
    get(target, property) {
      const member = Reflect.get(target, property) as unknown;
      if (typeof member !== "function") return member;
      if (typeof property !== "string" || !WRITES[store].includes(property)) return member.bind(target);
      return (key: string | string[], value?: unknown, options?: unknown) => {
        const op = property as StorageWrite["op"];
        for (const k of Array.isArray(key) ? key : [key]) {
          writes.push({ store, op, key: k, ...(op === "put" ? { value: valueText(value), options } : {}) });
        }
        return op === "createMultipartUpload" ? member.call(target, key, value) : member.call(target, key, value, options);
      };
    },
  });
}

export function recordingEnv(writes: StorageWrite[]): typeof env {
  return {
    ...env,
    CHAT_HISTORY: recording(env.CHAT_HISTORY, "kv", writes),
    MEDIA_BUCKET: recording(env.MEDIA_BUCKET, "r2", writes),
  };
}

export interface StorageRead {
  store: "kv" | "r2";
  op: "get" | "head";
  key: string;
}

/** The Worker's env with every KV and R2 read by key (get, head) recorded: what a request had to read. */
export function readingEnv(reads: StorageRead[], base: typeof env = env): typeof env {
  const reading = <T extends object>(binding: T, store: "kv" | "r2"): T =>
    new Proxy(binding, {
      get(target, property) {
        const member = Reflect.get(target, property) as unknown;
        if (typeof member !== "function") return member;
        if (property !== "get" && property !== "head") return member.bind(target);
        return (key: string, ...rest: unknown[]) => {
          reads.push({ store, op: property, key });
          return member.call(target, key, ...rest);
        };
      },
    });
  return { ...base, CHAT_HISTORY: reading(base.CHAT_HISTORY, "kv"), MEDIA_BUCKET: reading(base.MEDIA_BUCKET, "r2") };
}

type R2Put = (key: string, value: Parameters<R2Bucket["put"]>[1], options?: R2PutOptions) => Promise<R2Object | null>;

/** Wrappers of R2 methods: each is given the real method (bound to the binding) and returns what stands in for it. */
export interface BucketWrappers {
  list?: (real: R2Bucket["list"]) => R2Bucket["list"];
  put?: (real: R2Put) => R2Put;
  delete?: (real: R2Bucket["delete"]) => R2Bucket["delete"];
}

/** `binding` with the methods `wrappers` names wrapped: each wrapper is given the real method (bound) and returns what stands in for it. */
function wrapped<T extends object>(binding: T, wrappers: object): T {
  return new Proxy(binding, {
    get(target, property) {
      const member = Reflect.get(target, property) as unknown;
      if (typeof member !== "function") return member;
      const real = member.bind(target);
      const wrap = (wrappers as Record<string | symbol, ((real: unknown) => unknown) | undefined>)[property];
      return wrap ? wrap(real) : real;
    },
  });
}

/** The Worker's env with some of its R2 binding's methods wrapped (to watch them, hold them back or make them fail). */
export function bucketEnv(wrappers: BucketWrappers, base: typeof env = env): typeof env {
  return { ...base, MEDIA_BUCKET: wrapped(base.MEDIA_BUCKET, wrappers) };
}

/**
 * The Worker's env whose R2 listings show the objects `uploadedAt` gives a time for (epoch ms) as
 * uploaded then, the rest as R2 dated them. R2 dates each write itself, to the millisecond: a spec
 * that needs objects in one millisecond, or in an order of its choosing, does not wait for the clock.
 */
export function withUploadTimes(uploadedAt: (key: string) => number | undefined, base: typeof env = env): typeof env {
  const dated = (object: R2Object): R2Object => {
    const ms = uploadedAt(object.key);
    if (ms === undefined) return object;
    return new Proxy(object, {
      get(target, property) {
        if (property === "uploaded") return new Date(ms);
        const member = Reflect.get(target, property) as unknown;
        return typeof member === "function" ? member.bind(target) : member;
      },
    });
  };
  const list = (real: R2Bucket["list"]) => async (options?: R2ListOptions) => {
    const listed = await real(options);
    return { ...listed, objects: listed.objects.map(dated) };
  };
  return bucketEnv({ list }, base);
}

/** Wrappers of KV methods, as for R2 (`BucketWrappers`). */
export interface KvWrappers {
  get?: (real: (key: string) => Promise<string | null>) => (key: string) => Promise<string | null>;
  put?: (real: KVNamespace["put"]) => KVNamespace["put"];
  list?: (real: (options?: KVNamespaceListOptions) => Promise<KVNamespaceListResult<unknown>>) => (options?: KVNamespaceListOptions) => Promise<KVNamespaceListResult<unknown>>;
}

/** The Worker's env with some of its KV binding's methods wrapped. */
export function kvEnv(wrappers: KvWrappers, base: typeof env = env): typeof env {
  return { ...base, CHAT_HISTORY: wrapped(base.CHAT_HISTORY, wrappers) };
}

/** The Worker's env with the prefix of every R2 listing recorded (once a listing: the pages after its first are not): what a request had to list. */
export function listingEnv(prefixes: string[], base: typeof env = env): typeof env {
  return bucketEnv(
    {
      list: (real) => (options) => {
        if (!options?.cursor) prefixes.push(options?.prefix ?? "");
        return real(options);
      },
    },
    base,
  );
}

export { dispatchWith } from "./worker";

/** More R2 delete calls than any spec makes: a deletion loop that never ends. */
const MAX_DELETE_CALLS = 10_000;

/**
 * The Worker's env with the keys of every R2 delete call recorded, a call a row, before it reaches
 * the real binding; past 10,000 calls a delete throws, so that a deletion loop that never ends
 * fails its spec instead of hanging the run.
 */
export function deletingEnv(deletes: string[][], base: typeof env = env): typeof env {
  return bucketEnv(
    {
      delete: (real) => async (keys) => {
        if (deletes.length >= MAX_DELETE_CALLS) throw new Error(`more than ${MAX_DELETE_CALLS} delete calls: a deletion that never ends`);
        deletes.push(Array.isArray(keys) ? [...keys] : [keys]);
        return real(keys);
      },
    },
    base,
  );
}
