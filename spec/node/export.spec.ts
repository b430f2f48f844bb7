/**
 * ADR 030.7: `npm run export -- +E164` writes one client's consultation as a folder: every stored
 * object as a file, the consultation record, the consent events and the summary page as HTML whose
 * photos are the files beside it, against local KV and R2 written through the storage module. The
 * export and its refusal of an existing folder run in this process (issue 28); the refusal of a
 * malformed number runs as the operator runs it (scripts/export.ts, its own process), for the
 * command's arguments, output and exit code.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorCommand } from "../support/operator";
import { SPEC_HANG_MS } from "../support/patience";
import { getPlatformProxy, type PlatformProxy } from "wrangler";
import { exportCommand } from "../../scripts/commands/export";
import type { OpenBindings } from "../../scripts/storage-bindings";
import { storageOf } from "../../src/storage/bucket";
import { ensureConsultation } from "../../src/storage/consultation";
import { recordInbound } from "../../src/storage/conversation";
import { mediaKey, type ClientKey } from "../../src/storage/keys";
import { putMedia } from "../../src/storage/media";

const CLIENT = "whatsapp:+5215512340000" as ClientKey;
const OTHER = "whatsapp:+5215599990000" as ClientKey;
const TEXT_SID = `SM${"1".repeat(32)}`;
const PHOTO_SID = `MM${"2".repeat(32)}`;
const PHOTO = new Uint8Array([255, 216, 255, 224, 0, 16, 74, 70, 73, 70]);
let persistDir: string;
let outRoot: string;
/** The local KV and R2 in persistDir, opened once: the spec writes through them, and the export reads them. */
let proxy: PlatformProxy<Env>;

async function runExport(args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const write = (text: string) => void out.push(`${text}\n`);
  const openBindings: OpenBindings = async (command, remote, dir) => {
    expect([command, remote, dir]).toEqual(["export", false, persistDir]);
    return { env: proxy.env, dispose: async () => {} };
  };
  const code = await exportCommand(args, { ...process.env }, { stdout: write, stderr: write, openBindings });
  return { code, out: out.join("") };
}

function runExportAsOperator(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    const [command, argv] = operatorCommand("scripts/export.ts", args);
    execFile(command, argv, (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` }));
  });
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();

beforeAll(async () => {
  persistDir = mkdtempSync(join(tmpdir(), "export-spec-"));
  outRoot = mkdtempSync(join(tmpdir(), "export-spec-out-"));
  proxy = await getPlatformProxy<Env>({ configPath: "wrangler.toml", persist: { path: join(persistDir, "v3") }, remoteBindings: false });
  const store = storageOf(proxy.env);
  await recordInbound(store, CLIENT, { v: 1, sid: TEXT_SID, receivedAt: "2026-11-30T10:00:00.000Z", params: { MessageSid: TEXT_SID, From: CLIENT, Body: "Tengo rizos 3B y mucho frizz", ProfileName: "Lucía" } });
  await ensureConsultation(store, CLIENT, "2026-11-30T10:00:00.000Z");
  await recordInbound(store, CLIENT, { v: 1, sid: PHOTO_SID, receivedAt: "2026-11-30T10:01:00.000Z", params: { MessageSid: PHOTO_SID, From: CLIENT, Body: "", NumMedia: "1", MediaContentType0: "image/jpeg" } });
  await putMedia(store, mediaKey(CLIENT, "2026-11-30T10:01:00.000Z", PHOTO_SID, 0, "jpg"), PHOTO, "image/jpeg");
  await recordInbound(store, OTHER, { v: 1, sid: `SM${"3".repeat(32)}`, receivedAt: "2026-11-30T10:00:00.000Z", params: { MessageSid: `SM${"3".repeat(32)}`, From: OTHER, Body: "Otro cliente" } });
}, SPEC_HANG_MS);

afterAll(async () => {
  await proxy?.dispose();
  [persistDir, outRoot].forEach((dir) => rmSync(dir, { recursive: true, force: true }));
}, SPEC_HANG_MS);

describe("npm run export", () => {
  it("ADR-030.7 writes the client's messages, photos, consultation record and summary page (its photos the files beside it), and nothing of anyone else", async () => {
    const out = join(outRoot, "lucia");
    const { code, out: printed } = await runExport(["+5215512340000", "--persist-to", persistDir, "--out", out]);
    expect(printed).toMatch(/^export: wrote 3 stored file\(s\), the consultation record and 1 summary page\(s\) of whatsapp:\+5215512340000 to /m);
    expect(code).toBe(0);
    const files = filesUnder(out);
    expect(files).toEqual(expect.arrayContaining(["consent.json", "consultation.json", "summary.html", `stored/messages/${TEXT_SID}.json`, `stored/messages/${PHOTO_SID}.json`]));
    const photoFile = files.find((f) => f.startsWith("stored/media/"))!;
    expect(new Uint8Array(readFileSync(join(out, photoFile)))).toEqual(PHOTO);
    expect(JSON.parse(readFileSync(join(out, "stored/messages", `${TEXT_SID}.json`), "utf8")).params.Body).toBe("Tengo rizos 3B y mucho frizz");
    const page = readFileSync(join(out, "summary.html"), "utf8");
    expect(page).toContain("Tengo rizos 3B y mucho frizz");
    expect(page).toContain("Lucía");
    const images = [...page.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]!);
    expect(images).toEqual([photoFile]);
    expect(existsSync(resolve(dirname(join(out, "summary.html")), images[0]!))).toBe(true);
    expect(page).not.toMatch(/(?<!stored)\/media\//);
    expect(readFileSync(join(out, "summary.html"), "utf8")).not.toContain("Otro cliente");
    expect(files.join("\n")).not.toContain("SM333");
  }, SPEC_HANG_MS);

  it("ADR-030.7 refuses a folder that exists (nothing is overwritten) and anything but one E.164 number", async () => {
    const existing = mkdtempSync(join(outRoot, "exists-"));
    const refused = await runExport(["+5215512340000", "--persist-to", persistDir, "--out", existing]);
    expect(refused.code).toBe(2);
    expect(refused.out).toMatch(/already exists/);
    expect(readdirSync(existing)).toEqual([]);
    const usage = await runExportAsOperator(["5215512340000", "--persist-to", persistDir]);
    expect(usage.code).toBe(2);
    expect(usage.out).toMatch(/^usage: npm run export/);
  }, SPEC_HANG_MS);
});
