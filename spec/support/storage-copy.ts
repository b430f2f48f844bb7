/**
 * KV and R2 copied out to plain JSON-able data and restored from it: what an operator would
 * download to replay an incident (ADR 010.5). Bodies are base64; content types are kept.
 */
import { env } from "cloudflare:workers";

export interface StorageCopy {
  kv: Array<{ key: string; value: string }>;
  r2: Array<{ key: string; base64: string; contentType?: string }>;
}

const toBase64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function allKvKeys(prefix?: string): Promise<string[]> {
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
    const page = await env.MEDIA_BUCKET.list({ prefix, cursor, include: ["httpMetadata"] });
    objects.push(...page.objects);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return objects;
}

/** Everything stored, or only what is under `prefix`. */
export async function copyStorage(prefix?: string): Promise<StorageCopy> {
  const kv = await Promise.all((await allKvKeys(prefix)).map(async (key) => ({ key, value: (await env.CHAT_HISTORY.get(key))! })));
  const r2 = await Promise.all(
    (await allR2Objects(prefix)).map(async (object) => {
      const body = await env.MEDIA_BUCKET.get(object.key);
      const contentType = object.httpMetadata?.contentType;
      return { key: object.key, base64: toBase64(new Uint8Array(await body!.arrayBuffer())), ...(contentType ? { contentType } : {}) };
    }),
  );
  // Through JSON and back: the copy is plain data, nothing of the live bindings rides along.
  return JSON.parse(JSON.stringify({ kv, r2 }));
}

export async function emptyStorage(): Promise<void> {
  await Promise.all((await allKvKeys()).map((key) => env.CHAT_HISTORY.delete(key)));
  const keys = (await allR2Objects()).map((o) => o.key);
  for (let i = 0; i < keys.length; i += 1000) await env.MEDIA_BUCKET.delete(keys.slice(i, i + 1000));
}

export async function restoreStorage(copy: StorageCopy): Promise<void> {
  await Promise.all(copy.kv.map(({ key, value }) => env.CHAT_HISTORY.put(key, value)));
  await Promise.all(
    copy.r2.map(({ key, base64, contentType }) =>
      env.MEDIA_BUCKET.put(key, fromBase64(base64), contentType ? { httpMetadata: { contentType } } : undefined),
    ),
  );
}
