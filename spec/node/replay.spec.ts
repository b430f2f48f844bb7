/**
 * ADR 012.5 and ADR 010.5: `npm run replay` prints exactly the request the Worker sends to the
 * model. The real Worker runs under wrangler against the stand-ins; while it waits for the
 * model's answer to a message (storage then holds exactly the state that request was composed
 * from), the local state is copied. Replay over that copy must print the captured body byte for
 * byte, and must leave the stored data unchanged. The command runs in this process (issue 28),
 * except for one case run as the operator runs it (scripts/replay.ts in its own process): wrangler reads the
 * network settings that case cuts from the process's own environment.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPlatformProxy, type PlatformProxy } from "wrangler";
import { freePort } from "../../playground/launch";
import { localSecrets, recordWorkerUrl, workerVars } from "../../playground/local-config";
import { offlineConsultant } from "../../playground/offline-consultant";
import { sendToWorker, type WebhookTarget } from "../../playground/webhook-sender";
import { remoteConfigText } from "../../scripts/remote-config";
import { replay as replayCommand } from "../../scripts/commands/replay";
import { readOnlyStorage, type ReplayReport } from "../../scripts/replay-report";
import type { OpenBindings } from "../../scripts/storage-bindings";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker";
import { startStandIns, type StandIns } from "../../scripts/stand-ins";
import { storageOf } from "../../src/storage/bucket";
import { operatorCommand } from "../support/operator";
import { SPEC_HANG_MS, PROCESS_WAIT_MS } from "../support/patience";

const NUMBER = "+5215512345678";

let persistDir: string;
let heldStateDir: string;
let standIns: StandIns;
let worker: LocalWorker;
let target: WebhookTarget;
let port: number;
let heldReport: ReplayReport;
/** The local KV and R2 in persistDir, opened once beside the running Worker's. */
let proxy: PlatformProxy<Env>;

/** The consultant's chat requests the Worker made, as sent (photo observations aside); `hold` keeps the next answer back until released. */
const chatBodies: Array<{ body: string; at: Date }> = [];
let hold: { reached: () => void; release: Promise<void> } | null = null;

/** The command in this process: its exit code and what it wrote to stdout and stderr. */
async function replayIn(args: string[], env: Record<string, string | undefined>, openBindings?: OpenBindings): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await replayCommand(args, { ...env }, { stdout: (text) => void stdout.push(`${text}\n`), stderr: (text) => void stderr.push(`${text}\n`), openBindings });
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}

/** The spec's own proxy of persistDir for the command's `--persist-to dir` (persistDir, or a copy of it): no workerd of its own. */
const proxyFor =
  (dir: string): OpenBindings =>
  async (command, remote, at) => {
    expect([command, remote, at]).toEqual(["replay", false, dir]);
    return { env: proxy.env, dispose: async () => {} };
  };

async function replay(args: string[], env: Record<string, string | undefined> = { ...process.env, WORKER_PORT: String(port) }, openBindings?: OpenBindings): Promise<ReplayReport> {
  const { code, stdout, stderr } = await replayIn([...args, "--json"], env, openBindings);
  expect([code, stderr]).toEqual([0, ""]);
  return JSON.parse(stdout) as ReplayReport;
}

/** Every KV entry and R2 object of persistDir, contents and metadata, read through wrangler. */
async function storedData() {
  const kv = await proxy.env.CHAT_HISTORY.list();
  const r2 = await proxy.env.MEDIA_BUCKET.list({ include: ["httpMetadata"] });
  return {
    kv: await Promise.all(kv.keys.map(async (k) => [k.name, await proxy.env.CHAT_HISTORY.get(k.name)])),
    r2: await Promise.all(
      r2.objects.map(async (o) => [o.key, o.etag, o.uploaded.toISOString(), o.httpMetadata?.contentType, await (await proxy.env.MEDIA_BUCKET.get(o.key))!.text()]),
    ),
  };
}

async function say(text: string, attachment?: { contentType: string; data: Buffer }) {
  const before = standIns.sent.length;
  const sent = await sendToWorker(target, { name: "Mariana", number: NUMBER, text, ...(attachment ? { attachment } : {}) });
  expect(sent.status).toBe(200);
  await standIns.waitForSent(before + 1, PROCESS_WAIT_MS);
}

beforeAll(async () => {
  persistDir = mkdtempSync(join(tmpdir(), "replay-spec-"));
  heldStateDir = mkdtempSync(join(tmpdir(), "replay-spec-held-"));
  standIns = await startStandIns({
    chat: async (request) => {
      if ((request.response_format as { json_schema?: { name?: string } } | undefined)?.json_schema?.name === "photo_observation") return offlineConsultant(request);
      chatBodies.push({ body: JSON.stringify(request), at: new Date() });
      if (hold) {
        const { reached, release } = hold;
        hold = null;
        reached();
        await release;
      }
      return offlineConsultant(request);
    },
  });
  port = await freePort();
  const modes = { openai: "stand-in", twilio: "stand-in" } as const;
  const vars = workerVars({ devVars: {}, modes, workerUrl: `http://127.0.0.1:${port}`, secrets: localSecrets(persistDir), standIns });
  worker = await startLocalWorker({ vars, persist: persistDir, port });
  proxy = await getPlatformProxy<Env>({ configPath: "wrangler.toml", persist: { path: join(persistDir, "v3") }, remoteBindings: false });
  target = { workerUrl: worker.url, publicBaseUrl: vars.PUBLIC_BASE_URL!, authToken: vars.TWILIO_AUTH_TOKEN!, accountSid: vars.TWILIO_ACCOUNT_SID!, assistantNumber: vars.TWILIO_WHATSAPP_NUMBER!, standIns };
}, SPEC_HANG_MS);

afterAll(async () => {
  await proxy?.dispose();
  await worker?.stop();
  await standIns?.stop();
  rmSync(persistDir, { recursive: true, force: true });
  rmSync(heldStateDir, { recursive: true, force: true });
}, SPEC_HANG_MS);

describe("npm run replay", () => {
  it("ADR-012.5 prints byte for byte the model request the Worker sent for that state, what it knows of the photo included", async () => {
    await say("Hola, quiero una consulta para mis rizos");
    await say("Aquí va una foto de frente", { contentType: "image/png", data: await readFile("fixtures/media/curls.png") });

    let release!: () => void;
    const reached = new Promise<void>((resolve) => {
      hold = { reached: resolve, release: new Promise<void>((r) => (release = r)) };
    });
    const answered = say("Me decoloré hace dos años");
    await reached;
    // The Worker is waiting for the model: nothing is being written, so this is the state it composed from.
    cpSync(persistDir, heldStateDir, { recursive: true });
    release();
    await answered;

    const sentWhileHeld = chatBodies[2]!;
    expect(sentWhileHeld.body).toContain("Photo 1: "); // the photo's line among the observations (ADR-019.5)
    heldReport = await replay([NUMBER, "--persist-to", heldStateDir, "--at", sentWhileHeld.at.toISOString()]);
    expect(heldReport.modelRequestBody).toBe(sentWhileHeld.body);
    expect(heldReport.client).toBe(`whatsapp:${NUMBER}`);
    expect(heldReport.status).toBe("in-consultation");
    expect(heldReport.summaryView!.photoCount).toBe(1);
  }, SPEC_HANG_MS);

  it("ADR-012.5 by conversation id too, with the derived status and the summary page's data, and it writes nothing", async () => {
    const before = await storedData();
    // The command reads through the spec's own bindings of persistDir: what it writes, storedData sees.
    const report = await replay([heldReport.conversationId!, "--persist-to", persistDir, "--at", chatBodies[2]!.at.toISOString()], undefined, proxyFor(persistDir));
    expect(await storedData()).toEqual(before);

    expect(report.client).toBe(`whatsapp:${NUMBER}`);
    expect(report.conversationId).toBe(heldReport.conversationId);
    expect(report.summaryPageUrl).toBe(`http://127.0.0.1:${port}/summary/${report.conversationId}`);
    expect(report.status).toBe("in-consultation");
    const messages = JSON.parse(report.modelRequestBody).messages;
    expect(messages.slice(0, -1)).toEqual(JSON.parse(heldReport.modelRequestBody).messages);
    expect(messages.at(-1)).toEqual({ role: "assistant", content: standIns.sent.at(-1)!.Body });
    expect(report.summaryView!.turns.map((t) => t.text)).toContain("Me decoloré hace dos años");
  }, SPEC_HANG_MS);

  it("ADR-012.5 a conversation id that begins with \"-\" (base64url allows it) is the id, not an option", async () => {
    // Found by a run whose random conversation id began with "-X": the command threw "Unknown option '-X'".
    const id = "-XbogusConversationId0";
    for (const args of [[id, "--persist-to", persistDir], ["--persist-to", persistDir, id, "--json"]]) {
      const { code, stdout, stderr } = await replayIn(args, { ...process.env, WORKER_PORT: String(port) }, proxyFor(persistDir));
      expect([code, stdout, stderr]).toEqual([1, "", `no client found for ${id} (a number like +5215512345678, or a live conversation id)\n`]);
    }
  });

  it("ADR-012.5 the storage replay reads through refuses every write", async () => {
    const store = readOnlyStorage(storageOf(proxy.env));
    await expect(store.kv.put("whatsapp:+5215512345678/consultation", "{}")).rejects.toThrow(/replay never writes/);
    await expect(store.r2.delete("whatsapp:+5215512345678/messages/x.json")).rejects.toThrow(/replay never writes/);
    expect((await store.r2.list({ prefix: `whatsapp:${NUMBER}/` })).objects.length).toBeGreaterThan(0);
  });

  it("ADR-012.5 --remote reads the deployed KV and R2: the same config with both bindings marked remote", () => {
    const text = remoteConfigText(readFileSync("wrangler.toml", "utf8"), "/repo/src/index.ts");
    expect(text).toContain('main = "/repo/src/index.ts"');
    expect(text).toMatch(/binding = "CHAT_HISTORY"\nremote = true\n/);
    expect(text).toMatch(/binding = "MEDIA_BUCKET"\nremote = true\n/);
    expect(text.match(/remote = true/g)).toHaveLength(2);
  });

  it("ADR-021.6 local replay builds links on the origin the Worker actually ran on, not WORKER_PORT's default", async () => {
    await say("¿Sigues ahí?");
    const dir = mkdtempSync(join(tmpdir(), "replay-spec-port-"));
    try {
      cpSync(persistDir, dir, { recursive: true });
      recordWorkerUrl(dir, worker.url);
      const { WORKER_PORT: _, ...env } = process.env;
      // Storage through the spec's proxy of persistDir, of which dir is a copy; the origin and the link secret from dir.
      const report = await replay([NUMBER, "--persist-to", dir], env, proxyFor(dir));
      expect(report.summaryPageUrl).toBe(`${worker.url}/summary/${report.conversationId}`);
      expect(worker.url).not.toBe("http://127.0.0.1:8787");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, SPEC_HANG_MS);
});

/** Runs replay as the operator does (scripts/replay.ts, its own process) and returns its exit code and output, whatever the code. */
function replayAsOperator(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const [command, argv] = operatorCommand("scripts/replay.ts", args);
    execFile(command, argv, { env: env as NodeJS.ProcessEnv }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("npm run replay -- --remote", () => {
  const remoteSettings = ["LINK_SIGNING_SECRET", "PUBLIC_BASE_URL", "CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID", "HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"];
  const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !remoteSettings.includes(name)));

  it("ADR-021.6 refuses to run without the deployed LINK_SIGNING_SECRET and PUBLIC_BASE_URL, naming them, before connecting", async () => {
    const { code, stdout, stderr } = await replayIn(["--remote", NUMBER], { ...cleanEnv(), PUBLIC_BASE_URL: "https://wa.example.com/whatsapp" });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("LINK_SIGNING_SECRET (missing)");
    expect(stderr).toContain("PUBLIC_BASE_URL (not an origin");
  }, SPEC_HANG_MS);

  it("ADR-021.6 without a network it fails with one clear line, not a stack trace", async () => {
    // A proxy on a port nothing listens on: every request wrangler makes fails as it would offline.
    const home = mkdtempSync(join(tmpdir(), "replay-spec-home-"));
    try {
      const { code, stdout, stderr } = await replayAsOperator(["--remote", NUMBER], {
        ...cleanEnv(),
        HOME: home,
        XDG_CONFIG_HOME: home,
        LINK_SIGNING_SECRET: "a-deployed-link-signing-secret-0123456789",
        PUBLIC_BASE_URL: "https://wa.example.com",
        CLOUDFLARE_API_TOKEN: "not-a-real-token",
        CLOUDFLARE_ACCOUNT_ID: "0123456789abcdef0123456789abcdef",
        HTTPS_PROXY: "http://127.0.0.1:9",
        HTTP_PROXY: "http://127.0.0.1:9",
      });
      expect(code).toBe(1);
      // wrangler's notice that it uses the proxy comes from this spec's way of cutting the network.
      const lines = `${stdout}${stderr}`.split("\n").filter((l) => l.trim() && !l.includes("Proxy environment variables detected"));
      expect(lines).toEqual([expect.stringMatching(/^replay: could not open the deployed KV and R2 .*: connect ECONNREFUSED/)]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, SPEC_HANG_MS);
});
