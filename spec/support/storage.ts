/** Everything in KV and R2, as plain data, to assert what a request changed (or did not). */
import { env } from "cloudflare:workers";

export async function snapshot(): Promise<{ kv: Record<string, string>; r2: Record<string, string> }> {
  const kv: Record<string, string> = {};
  let cursor: string | undefined;
  do {
    const page = await env.CHAT_HISTORY.list({ cursor });
    for (const key of page.keys) kv[key.name] = (await env.CHAT_HISTORY.get(key.name)) ?? "";
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  const r2: Record<string, string> = {};
  let r2cursor: string | undefined;
  do {
    const page = await env.MEDIA_BUCKET.list({ cursor: r2cursor });
    for (const object of page.objects) {
      const body = await env.MEDIA_BUCKET.get(object.key);
      r2[object.key] = body ? await body.text() : "";
    }
    r2cursor = page.truncated ? page.cursor : undefined;
  } while (r2cursor);
  return { kv, r2 };
}
