/**
 * ADR 021.8: `npm run forget -- +E164` deletes one client's stored data and nothing else, against
 * local KV and R2 written through the storage module; with `--remote` it refuses in one line when
 * it cannot reach Cloudflare. The command runs in this process (issue 28), except for that last
 * case, run as the operator runs it (scripts/forget.ts in its own process): wrangler reads the network settings
 * from the process's own environment.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPlatformProxy, type PlatformProxy } from "wrangler";
import { forget as forgetCommand } from "../../scripts/commands/forget";
import type { OpenBindings } from "../../scripts/storage-bindings";
import { storageOf } from "../../src/storage/bucket";
import { ensureConsultation } from "../../src/storage/consultation";
import { recordInbound } from "../../src/storage/conversation";
import { mediaKey, type ClientKey } from "../../src/storage/keys";
import { putMedia } from "../../src/storage/media";
import { recordModelCall } from "../../src/storage/outside-client";
import { operatorCommand } from "../support/operator";
import { SPEC_HANG_MS } from "../support/patience";

const FORGOTTEN = "whatsapp:+5215512345678" as ClientKey;
const KEPT = "whatsapp:+5215587654321" as ClientKey;
/** A client with a photo at Twilio: their copies are deleted through the client's own command's code (ADR 030.6). */
const WITH_COPIES = "whatsapp:+5215500001111" as ClientKey;
const ACCOUNT = `AC${"a".repeat(32)}`;
const PHOTO_SID = `MM${"b".repeat(32)}`;
const MEDIA_SID = `ME${"c".repeat(32)}`;
let persistDir: string;
/** The local KV and R2 in persistDir, opened once: the spec writes and reads through them, and the command runs on them. */
let proxy: PlatformProxy<Env>;

async function stored(): Promise<string[]> {
  const kv = (await proxy.env.CHAT_HISTORY.list()).keys.map((k) => `kv:${k.name}`);
  const r2 = (await proxy.env.MEDIA_BUCKET.list()).objects.map((o) => `r2:${o.key}`);
  return [...kv, ...r2].sort();
}

async function forget(args: string[], env: Record<string, string | undefined> = process.env): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const write = (text: string) => void out.push(`${text}\n`);
  const openBindings: OpenBindings = async (command, remote, dir) => {
    expect([command, remote, dir]).toEqual(["forget", false, persistDir]);
    return { env: proxy.env, dispose: async () => {} };
  };
  const code = await forgetCommand(args, { ...env }, { stdout: write, stderr: write, isTTY: false, openBindings });
  return { code, out: out.join("") };
}

function forgetAsOperator(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const [command, argv] = operatorCommand("scripts/forget.ts", args);
    execFile(command, argv, { env: env as NodeJS.ProcessEnv }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

beforeAll(async () => {
  persistDir = mkdtempSync(join(tmpdir(), "forget-spec-"));
  proxy = await getPlatformProxy<Env>({ configPath: "wrangler.toml", persist: { path: join(persistDir, "v3") }, remoteBindings: false });
  const store = storageOf(proxy.env);
  for (const [client, n] of [[FORGOTTEN, 1], [KEPT, 2]] as const) {
    const sid = `SM${String(n).padStart(32, "0")}`;
    const receivedAt = "2026-11-30T10:00:00.000Z";
    await recordInbound(store, client, { v: 1, sid, receivedAt, params: { MessageSid: sid, From: client, Body: "Hola" } });
    await ensureConsultation(store, client, receivedAt);
    await putMedia(store, mediaKey(client, receivedAt, sid, 0, "png"), new Uint8Array([137, 80, 78, 71]), "image/png");
    await recordModelCall(store, client, { seq: 1, claimedAt: receivedAt });
  }
  const receivedAt = "2026-11-30T11:00:00.000Z";
  const mediaUrl = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/${PHOTO_SID}/Media/${MEDIA_SID}`;
  await recordInbound(store, WITH_COPIES, { v: 1, sid: PHOTO_SID, receivedAt, params: { MessageSid: PHOTO_SID, From: WITH_COPIES, NumMedia: "1", MediaUrl0: mediaUrl, MediaContentType0: "image/jpeg" } });
  await ensureConsultation(store, WITH_COPIES, receivedAt);
  await putMedia(store, mediaKey(WITH_COPIES, receivedAt, PHOTO_SID, 0, "jpg"), new Uint8Array([255, 216, 255]), "image/jpeg");
  await recordModelCall(store, WITH_COPIES, { seq: 1, claimedAt: receivedAt });
}, SPEC_HANG_MS);

afterAll(async () => {
  await proxy?.dispose();
  rmSync(persistDir, { recursive: true, force: true });
}, SPEC_HANG_MS);

describe("npm run forget", () => {
  it("ADR-021.8 deletes every KV entry and R2 object of that client, the records of their model calls (ADR 018.4) too, and leaves every other client's", async () => {
    const before = await stored();
    expect(before.filter((key) => key.includes(FORGOTTEN))).toHaveLength(4);
    expect(before).toContain(`r2:model-calls/${FORGOTTEN}/${Date.parse("2026-11-30T10:00:00.000Z")}-000001`);
    const { code, out } = await forget(["+5215512345678", "--persist-to", persistDir]);
    expect(out).toContain("deleted 4 stored item(s) of whatsapp:+5215512345678");
    expect(code).toBe(0);
    const after = await stored();
    expect(after.filter((key) => key.includes(FORGOTTEN))).toEqual([]);
    expect(after).toEqual(before.filter((key) => !key.includes(FORGOTTEN)));
    expect(after.filter((key) => key.includes(KEPT))).toHaveLength(4);
  }, SPEC_HANG_MS);

  it("ADR-021.8 refuses anything but one E.164 number, before touching storage", async () => {
    const before = await stored();
    for (const args of [["5215587654321"], ["+5215587654321", "+5215512345678"]]) {
      const { code, out } = await forget([...args, "--persist-to", persistDir]);
      expect([args, code]).toEqual([args, 2]);
      expect(out).toMatch(/^usage: npm run forget/);
    }
    expect(await stored()).toEqual(before);
  }, SPEC_HANG_MS);

  it("ADR-021.8 --remote without a network fails with one line, not a stack trace", async () => {
    const home = mkdtempSync(join(tmpdir(), "forget-spec-home-"));
    try {
      const { code, out } = await forgetAsOperator(["+5215587654321", "--remote", "--yes"], {
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

describe("npm run forget, for a data request (issue 27)", () => {
  let twilio: Server;
  let twilioOrigin: string;
  const deletions: string[] = [];
  /** While true, Twilio refuses every deletion as a message in its first minute (20009). */
  let refusing = false;
  beforeAll(async () => {
    twilio = createServer((request, response) => {
      deletions.push(`${request.method} ${request.url} ${request.headers.authorization === `Basic ${btoa(`${ACCOUNT}:twilio-token`)}` ? "authenticated" : "anonymous"}`);
      if (refusing) response.writeHead(409, { "content-type": "application/json" }).end(JSON.stringify({ code: 20009, message: "Cannot delete this resource before it is complete" }));
      else response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => twilio.listen(0, "127.0.0.1", resolve));
    twilioOrigin = `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => twilio.close(() => resolve())));
  const withTwilio = () => ({ ...process.env, TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: "twilio-token", TWILIO_API_BASE_URL: twilioOrigin });

  it("ADR-030.6 --dry-run says what would be deleted, here and at Twilio, and changes nothing", async () => {
    const before = await stored();
    const { code, out } = await forget(["+5215500001111", "--dry-run", "--persist-to", persistDir], withTwilio());
    expect(code).toBe(0);
    expect(out).toMatch(/^forget --dry-run: would delete 4 stored item\(s\) of whatsapp:\+5215500001111 from the local KV and R2 .*; Twilio's copies: 1 message\(s\) and 1 media file\(s\)\. Nothing was changed\.$/m);
    expect(await stored()).toEqual(before);
    expect(deletions).toEqual([]);
  }, SPEC_HANG_MS);

  it("ADR-030.6 --remote asks for the client's number to be typed; without a terminal and without --yes it refuses before connecting", async () => {
    const { code, out } = await forget(["+5215500001111", "--remote"]);
    expect(code).toBe(2);
    expect(out.trim()).toBe("forget: --remote deletes production data and asks you to type the client's number first; without a terminal, pass --yes (try --dry-run first).");
  }, SPEC_HANG_MS);

  it("ADR-030.6 deletes Twilio's copies (the media file, then the message) through the command's code, then ours", async () => {
    const { code, out } = await forget(["+5215500001111", "--persist-to", persistDir], withTwilio());
    expect(out).toContain("forget: deleted 4 stored item(s) of whatsapp:+5215500001111");
    expect(out).toContain("Twilio deleted its copies (1 message(s) and 1 media file(s)).");
    expect(code).toBe(0);
    const messages = `/2010-04-01/Accounts/${ACCOUNT}/Messages`;
    expect(deletions).toEqual([`DELETE ${messages}/${PHOTO_SID}/Media/${MEDIA_SID}.json authenticated`, `DELETE ${messages}/${PHOTO_SID}.json authenticated`]);
    expect((await stored()).filter((key) => key.includes(WITH_COPIES))).toEqual([]);
  }, SPEC_HANG_MS);

  it("ADR-032.3 deletes the copies the ledger names when the conversation that named them is gone (a reset, the retention rule), and their entries with them", async () => {
    const client = "whatsapp:+5215500002222";
    const [sid, mediaSid, at] = [`SM${"d".repeat(32)}`, `ME${"e".repeat(32)}`, String(Date.parse("2026-11-01T10:00:00.000Z"))];
    // As the Worker wrote them (ADR 032.1): the message and its photo, empty, outside the client's prefix.
    for (const key of [`twilio-copies/${client}/${at}-${sid}`, `twilio-copies/${client}/${at}-${sid}-${mediaSid}`]) await proxy.env.MEDIA_BUCKET.put(key, "");
    deletions.length = 0;
    const { code, out } = await forget(["+5215500002222", "--persist-to", persistDir], withTwilio());
    expect(out).toContain("Twilio deleted its copies (1 message(s) and 1 media file(s)).");
    expect(code).toBe(0);
    const messages = `/2010-04-01/Accounts/${ACCOUNT}/Messages`;
    expect(deletions).toEqual([`DELETE ${messages}/${sid}/Media/${mediaSid}.json authenticated`, `DELETE ${messages}/${sid}.json authenticated`]);
    expect((await stored()).filter((key) => key.includes(client))).toEqual([]);
  }, SPEC_HANG_MS);

  it("ADR-032.4 what Twilio refused is left to the Worker's Cron Trigger: a pending marker for the client, and the ledger's entry stays", async () => {
    const client = "whatsapp:+5215500003333";
    const entry = `r2:twilio-copies/${client}/${Date.parse("2026-11-01T10:00:00.000Z")}-SM${"f".repeat(32)}`;
    await proxy.env.MEDIA_BUCKET.put(entry.slice(3), "");
    refusing = true;
    try {
      const { code, out } = await forget(["+5215500003333", "--persist-to", persistDir], withTwilio());
      expect(code).toBe(0);
      expect(out).toContain("Twilio would not delete 1 message(s) and 0 media file(s)");
      expect(out).toContain("Cron Trigger");
    } finally {
      refusing = false;
    }
    const left = (await stored()).filter((key) => key.includes(client));
    expect(left).toEqual([expect.stringMatching(new RegExp(`^r2:twilio-copies-pending/${client.replace("+", "\\+")}/\\d{13}$`)), entry]);
  }, SPEC_HANG_MS);
});
