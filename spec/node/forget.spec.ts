/**
 * ADR 021.8: `npm run forget -- +E164` deletes one client's stored data and nothing else, run as
 * the operator runs it (tsx scripts/forget.ts) against local KV and R2 written through the
 * storage module; with `--remote` it refuses in one line when it cannot reach Cloudflare.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPlatformProxy } from "wrangler";
import { storageOf } from "../../src/storage/bucket";
import { ensureConsultation } from "../../src/storage/consultation";
import { recordInbound } from "../../src/storage/conversation";
import { mediaKey, type ClientKey } from "../../src/storage/keys";
import { putMedia } from "../../src/storage/media";
import { recordModelCall } from "../../src/storage/outside-client";
import { SPEC_HANG_MS } from "../support/patience";

const FORGOTTEN = "whatsapp:+5215512345678" as ClientKey;
const KEPT = "whatsapp:+5215587654321" as ClientKey;
let persistDir: string;

const proxyOf = (dir: string) => getPlatformProxy<Env>({ configPath: "wrangler.toml", persist: { path: join(dir, "v3") }, remoteBindings: false });

async function stored(dir: string): Promise<string[]> {
  const proxy = await proxyOf(dir);
  try {
    const kv = (await proxy.env.CHAT_HISTORY.list()).keys.map((k) => `kv:${k.name}`);
    const r2 = (await proxy.env.MEDIA_BUCKET.list()).objects.map((o) => `r2:${o.key}`);
    return [...kv, ...r2].sort();
  } finally {
    await proxy.dispose();
  }
}

function forget(args: string[], env: Record<string, string | undefined> = process.env): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile("node_modules/.bin/tsx", ["scripts/forget.ts", ...args], { env: env as NodeJS.ProcessEnv }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

beforeAll(async () => {
  persistDir = mkdtempSync(join(tmpdir(), "forget-spec-"));
  const proxy = await proxyOf(persistDir);
  try {
    const store = storageOf(proxy.env);
    for (const [client, n] of [[FORGOTTEN, 1], [KEPT, 2]] as const) {
      const sid = `SM${String(n).padStart(32, "0")}`;
      const receivedAt = "2026-11-30T10:00:00.000Z";
      await recordInbound(store, client, { v: 1, sid, receivedAt, params: { MessageSid: sid, From: client, Body: "Hola" } });
      await ensureConsultation(store, client, receivedAt);
      await putMedia(store, mediaKey(client, receivedAt, sid, 0, "png"), new Uint8Array([137, 80, 78, 71]), "image/png");
      await recordModelCall(store, client, { seq: 1, claimedAt: receivedAt });
    }
  } finally {
    await proxy.dispose();
  }
}, SPEC_HANG_MS);

afterAll(() => rmSync(persistDir, { recursive: true, force: true }));

describe("npm run forget", () => {
  it("ADR-021.8 deletes every KV entry and R2 object of that client, the records of their model calls (ADR 018.4) too, and leaves every other client's", async () => {
    const before = await stored(persistDir);
    expect(before.filter((key) => key.includes(FORGOTTEN))).toHaveLength(4);
    expect(before).toContain(`r2:model-calls/${FORGOTTEN}/${Date.parse("2026-11-30T10:00:00.000Z")}-000001`);
    const { code, out } = await forget(["+5215512345678", "--persist-to", persistDir]);
    expect(out).toContain("deleted 4 stored item(s) of whatsapp:+5215512345678");
    expect(code).toBe(0);
    const after = await stored(persistDir);
    expect(after.filter((key) => key.includes(FORGOTTEN))).toEqual([]);
    expect(after).toEqual(before.filter((key) => !key.includes(FORGOTTEN)));
    expect(after.filter((key) => key.includes(KEPT))).toHaveLength(4);
  }, SPEC_HANG_MS);

  it("ADR-021.8 refuses anything but one E.164 number, before touching storage", async () => {
    const before = await stored(persistDir);
    for (const args of [["5215587654321"], ["+5215587654321", "+5215512345678"]]) {
      const { code, out } = await forget([...args, "--persist-to", persistDir]);
      expect([args, code]).toEqual([args, 2]);
      expect(out).toMatch(/^usage: npm run forget/);
    }
    expect(await stored(persistDir)).toEqual(before);
  }, SPEC_HANG_MS);

  it("ADR-021.8 --remote without a network fails with one line, not a stack trace", async () => {
    const home = mkdtempSync(join(tmpdir(), "forget-spec-home-"));
    try {
      const { code, out } = await forget(["+5215587654321", "--remote"], {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: home,
        CLOUDFLARE_API_TOKEN: "not-a-real-token",
        CLOUDFLARE_ACCOUNT_ID: "0123456789abcdef0123456789abcdef",
        // A proxy on a port nothing listens on: every request wrangler makes fails as it would offline.
        HTTPS_PROXY: "http://127.0.0.1:9",
        HTTP_PROXY: "http://127.0.0.1:9",
      });
      expect(code).toBe(1);
      const lines = out.split("\n").filter((l) => l.trim() && !l.includes("Proxy environment variables detected"));
      expect(lines).toEqual([expect.stringMatching(/^forget: could not open the deployed KV and R2 .*: connect ECONNREFUSED/)]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, SPEC_HANG_MS);
});
