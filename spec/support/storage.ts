/**
 * KV and R2 as plain data: copied out to assert what a request changed (or did not), and
 * restored from such a copy to replay an incident as an operator would (ADR 010.5). R2 bodies
 * are base64 with their content type, so a copy compares bytes and types, not just text.
 */
import { env } from "cloudflare:workers";

export interface StoredObject {
  base64: string;
  contentType?: string;
}

/** Keyed by KV key and R2 key, in listing order. */
export interface StorageCopy {
  kv: Record<string, string>;
  r2: Record<string, StoredObject>;
}

/** In chunks: one character per byte through a spread is fast; an array of one-character strings is not. */
function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The name of every KV entry, or of those under `prefix`, page after page. */
export async function allKvKeys(prefix?: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.CHAT_HISTORY.list({ prefix, cursor });
    names.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return names;
}

async function allR2Objects(prefix?: string): Promise<R2Object[]> {
  const objects: R2Object[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.MEDIA_BUCKET.list({ prefix, cursor, include: ["httpMetadata", "customMetadata"] });
    objects.push(...page.objects);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return objects;
}

/** Every KV entry, or only those under `prefix`; R2 is not read. */
export async function copyKv(prefix?: string): Promise<StorageCopy["kv"]> {
  return Object.fromEntries(await Promise.all((await allKvKeys(prefix)).map(async (key) => [key, (await env.CHAT_HISTORY.get(key)) ?? ""] as const)));
}

/** Everything stored, or only what is under `prefix`. */
export async function copyStorage(prefix?: string): Promise<StorageCopy> {
  const kv = await copyKv(prefix);
  const r2 = await Promise.all(
    (await allR2Objects(prefix)).map(async (object) => {
      const body = await env.MEDIA_BUCKET.get(object.key);
      const contentType = object.httpMetadata?.contentType;
      const base64 = toBase64(new Uint8Array(body ? await body.arrayBuffer() : new ArrayBuffer(0)));
      return [object.key, { base64, ...(contentType ? { contentType } : {}) }] as const;
    }),
  );
  // Through JSON and back: the copy is plain data, nothing of the live bindings rides along.
  return JSON.parse(JSON.stringify({ kv, r2: Object.fromEntries(r2) }));
}

export async function emptyStorage(): Promise<void> {
  await Promise.all((await allKvKeys()).map((key) => env.CHAT_HISTORY.delete(key)));
  const keys = (await allR2Objects()).map((o) => o.key);
  for (let i = 0; i < keys.length; i += 1000) await env.MEDIA_BUCKET.delete(keys.slice(i, i + 1000));
}

export async function restoreStorage(copy: StorageCopy): Promise<void> {
  await Promise.all(Object.entries(copy.kv).map(([key, value]) => env.CHAT_HISTORY.put(key, value)));
  await Promise.all(
    Object.entries(copy.r2).map(([key, { base64, contentType }]) =>
      env.MEDIA_BUCKET.put(key, fromBase64(base64), contentType ? { httpMetadata: { contentType } } : undefined),
    ),
  );
}

export interface R2Content {
  body: string;
  contentType?: string;
  customMetadata?: Record<string, string>;
}

/** Every R2 object, or those under `prefix`, in listing order: its body as text, its content type and custom metadata (each only when set). */
export async function r2Contents(prefix?: string): Promise<Record<string, R2Content>> {
  const objects = await allR2Objects(prefix);
  const contents = await Promise.all(
    objects.map(async (object) => {
      const body = (await (await env.MEDIA_BUCKET.get(object.key))?.text()) ?? "";
      const contentType = object.httpMetadata?.contentType;
      const custom = object.customMetadata ?? {};
      return [object.key, { body, ...(contentType ? { contentType } : {}), ...(Object.keys(custom).length ? { customMetadata: { ...custom } } : {}) }] as const;
    }),
  );
  return Object.fromEntries(contents);
}

/** The key of every R2 object, or of those under `prefix`, in listing order. */
export async function r2Keys(prefix?: string): Promise<string[]> {
  return (await allR2Objects(prefix)).map((o) => o.key);
}
