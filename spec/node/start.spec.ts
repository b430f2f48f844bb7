/**
 * ADR 012.1: `npm start` is one command with no accounts. Which services are stood in for
 * follows from `.dev.vars`; the command prints the address to open, and Ctrl-C (SIGINT to its
 * process group, as a terminal sends it) stops the Worker, workerd, the stand-ins and the page.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import type { Readable } from "node:stream";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../playground/launch";
import { parseDevVars, recordedWorkerUrl, REAL_SERVICE_SETTINGS, serviceModes, standInReasons, workerVars } from "../../playground/local-config";
import { start } from "../../scripts/commands/start";
import { startStandIns } from "../../scripts/stand-ins";
import { SPEC_HANG_MS } from "../support/patience";

const secrets = { TWILIO_AUTH_TOKEN: "local-token", LINK_SIGNING_SECRET: "local-link-signing-secret-0123456789" };
const standIns = { openaiBaseUrl: "http://127.0.0.1:8789/v1", twilioBaseUrl: "http://127.0.0.1:8789" };
const realTwilio = { TWILIO_ACCOUNT_SID: "AC0123456789abcdef0123456789abcdef", TWILIO_AUTH_TOKEN: "real-token", TWILIO_WHATSAPP_NUMBER: "whatsapp:+14155550100" };

/** Whether every process of the group has ended (exited children can linger a moment as zombies until reaped). */
async function groupGone(pgid: number, timeoutMs = 10_000): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return true;
    }
  }
  return false;
}

const refused = async (url: string) => fetch(url).then(() => false, () => true);

describe("npm start", () => {
  it("ADR-012.1 without credentials both providers are local stand-ins, with generated local values", () => {
    const modes = serviceModes(parseDevVars("# nothing configured yet\n"));
    expect(modes).toEqual({ openai: "stand-in", twilio: "stand-in" });
    const vars = workerVars({ devVars: {}, modes, workerUrl: "http://127.0.0.1:8787", secrets, standIns });
    expect(vars).toMatchObject({
      OPENAI_BASE_URL: standIns.openaiBaseUrl,
      TWILIO_API_BASE_URL: standIns.twilioBaseUrl,
      TWILIO_MESSAGING_BASE_URL: standIns.twilioBaseUrl,
      TWILIO_AUTH_TOKEN: secrets.TWILIO_AUTH_TOKEN,
      LINK_SIGNING_SECRET: secrets.LINK_SIGNING_SECRET,
      PUBLIC_BASE_URL: "http://127.0.0.1:8787",
      STYLIST_WHATSAPP_NUMBER: "+15550001111",
    });
    expect(vars.TWILIO_ACCOUNT_SID).toMatch(/^AC[0-9a-f]{32}$/);
    expect(vars.TWILIO_WHATSAPP_NUMBER).toMatch(/^whatsapp:\+\d+$/);
  });

  it("ADR-012.1 real keys in .dev.vars are used as they are; only the service without credentials is stood in for", () => {
    const devVars = parseDevVars(`OPENAI_API_KEY="sk-real"\n${Object.entries(realTwilio).map(([k, v]) => `${k}=${v}`).join("\n")}\n`);
    expect(devVars.OPENAI_API_KEY).toBe("sk-real");
    const modes = serviceModes(devVars);
    expect(modes).toEqual({ openai: "real", twilio: "real" });
    const vars = workerVars({ devVars, modes, workerUrl: "http://127.0.0.1:8787", secrets });
    expect(vars).toMatchObject({ OPENAI_API_KEY: "sk-real", ...realTwilio });
    expect(vars.OPENAI_BASE_URL).toBeUndefined();
    expect(vars.TWILIO_API_BASE_URL).toBeUndefined();

    const onlyOpenAI = serviceModes({ OPENAI_API_KEY: "sk-real", TWILIO_AUTH_TOKEN: "real-token" });
    expect(onlyOpenAI).toEqual({ openai: "real", twilio: "stand-in" });
    const mixed = workerVars({ devVars: { OPENAI_API_KEY: "sk-real", TWILIO_AUTH_TOKEN: "real-token" }, modes: onlyOpenAI, workerUrl: "http://127.0.0.1:8787", secrets, standIns });
    expect(mixed).toMatchObject({ OPENAI_API_KEY: "sk-real", TWILIO_AUTH_TOKEN: secrets.TWILIO_AUTH_TOKEN, TWILIO_API_BASE_URL: standIns.twilioBaseUrl });
    expect(mixed.OPENAI_BASE_URL).toBeUndefined();
  });

  it("ADR-021.5 .dev.vars.example names every setting that switches a stand-in, with placeholders that count as missing even when uncommented", () => {
    const example = readFileSync(".dev.vars.example", "utf8");
    expect(serviceModes(parseDevVars(example))).toEqual({ openai: "stand-in", twilio: "stand-in" });
    const uncommented = parseDevVars(example.replace(/^# ([A-Z_]+=)/gm, "$1"));
    for (const name of [...REAL_SERVICE_SETTINGS.openai, ...REAL_SERVICE_SETTINGS.twilio]) expect(Object.keys(uncommented)).toContain(name);
    expect(serviceModes(uncommented)).toEqual({ openai: "stand-in", twilio: "stand-in" });
    expect(standInReasons(uncommented).openai).toBe("OPENAI_API_KEY a placeholder, not a real value");
    expect(standInReasons(uncommented).twilio).toMatch(/TWILIO_ACCOUNT_SID a placeholder/);
  });

  it("ADR-021.5 says why a service still uses its stand-in: a placeholder, a malformed value, a missing one", () => {
    expect(standInReasons({ OPENAI_API_KEY: "sk-..." }).openai).toBe("OPENAI_API_KEY a placeholder, not a real value");
    expect(standInReasons({ ...realTwilio, TWILIO_ACCOUNT_SID: "AC0123" }).twilio).toBe("TWILIO_ACCOUNT_SID not AC followed by 32 hex digits");
    expect(standInReasons({ ...realTwilio, TWILIO_WHATSAPP_NUMBER: "" }).twilio).toBe("TWILIO_WHATSAPP_NUMBER missing");
    expect(standInReasons({ OPENAI_API_KEY: "sk-real", ...realTwilio })).toEqual({ openai: null, twilio: null });
  });

  it("ADR-021.5 the Twilio stand-in's message ids are unique per run, in Twilio's format", async () => {
    const first = await startStandIns();
    const second = await startStandIns();
    try {
      const send = (base: string) =>
        fetch(`${base}/2010-04-01/Accounts/${realTwilio.TWILIO_ACCOUNT_SID}/Messages.json`, { method: "POST", body: new URLSearchParams({ To: "whatsapp:+5215512345678", From: "whatsapp:+14155238886", Body: "hola" }) }).then((r) => r.json() as Promise<{ sid: string }>);
      const sids = [await send(first.twilioBaseUrl), await send(first.twilioBaseUrl), await send(second.twilioBaseUrl)].map((m) => m.sid);
      for (const sid of sids) expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
      expect(new Set(sids).size).toBe(3);
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it("ADR-021.5 with WORKER_PORT taken it says which port, and exits instead of waiting", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const taken = (holder.address() as { port: number }).port;
    const persistDir = mkdtempSync(join(tmpdir(), "start-spec-"));
    const output: string[] = [];
    try {
      const write = (text: string) => void output.push(text);
      const code = await start([], { ...process.env, WORKER_PORT: String(taken), PLAYGROUND_PORT: "0", STAND_INS_PORT: "0", PLAYGROUND_PERSIST_DIR: persistDir, DEV_VARS_FILE: join(persistDir, "none") }, { stdout: write, stderr: write });
      expect(code).toBe(1);
      expect(output.join("\n")).toContain(`port ${taken} (WORKER_PORT) is taken`);
    } finally {
      holder.close();
      rmSync(persistDir, { recursive: true, force: true });
    }
  }, SPEC_HANG_MS);
});

/**
 * `npm start` as the operator runs it (`tsx scripts/start.ts`, the local tsx npm runs; not `npx`, which
 * resolves the package first in a process of its own), started once for the cases below:
 * what it printed up to "Ctrl-C stops everything", then SIGINT to its process group.
 */
describe("npm start, run as the operator runs it", () => {
  let persistDir: string;
  let child: ChildProcessByStdio<null, Readable, Readable>;
  let exited: Promise<void>;
  let ports: { worker: number; page: number; stand: number };
  let banner: Promise<string>;

  beforeAll(async () => {
    persistDir = mkdtempSync(join(tmpdir(), "start-spec-"));
    const [worker, page, stand] = [await freePort(), await freePort(), await freePort()];
    ports = { worker, page, stand };
    child = spawn("node_modules/.bin/tsx", ["scripts/start.ts"], {
      detached: true, // its own process group, so SIGINT reaches every process as a terminal's Ctrl-C does
      env: { ...process.env, WORKER_PORT: String(worker), PLAYGROUND_PORT: String(page), STAND_INS_PORT: String(stand), PLAYGROUND_PERSIST_DIR: persistDir, DEV_VARS_FILE: join(persistDir, "none") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let output = "";
    child.stderr.on("data", (chunk) => (output += chunk));
    banner = new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk) => {
        output += chunk;
        if (output.includes("Ctrl-C stops everything")) resolve(output);
      });
      child.once("exit", () => reject(new Error(`npm start exited early:\n${output}`)));
    });
    banner.catch(() => {});
  });

  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
    rmSync(persistDir, { recursive: true, force: true });
  });

  it("ADR-030.9 starts without wrangler's \"Missing required secrets\" warning: the secrets it generates are given to wrangler as secrets", async () => {
    expect(await banner).not.toMatch(/Missing required secrets|WARNING/);
  }, SPEC_HANG_MS);

  it("ADR-012.1 prints the address to open, serves the Worker and the page, and Ctrl-C stops everything", async () => {
    const { worker, page, stand } = ports;
    const printed = await banner;
    expect(printed).toContain(`Open the chat playground:  http://127.0.0.1:${page}`);
    expect(printed).toMatch(/OpenAI:\s+local stand-in \(OPENAI_API_KEY missing in \S+none\)/);
    expect(printed).toMatch(/Twilio:\s+local stand-in \(TWILIO_ACCOUNT_SID missing; TWILIO_AUTH_TOKEN missing; TWILIO_WHATSAPP_NUMBER missing in \S+none\)/);
    expect(recordedWorkerUrl(persistDir)).toBe(`http://127.0.0.1:${worker}`);
    expect((await fetch(`http://127.0.0.1:${page}/`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${worker}/health`)).status).toBe(200);

    process.kill(-child.pid!, "SIGINT");
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await refused(`http://127.0.0.1:${worker}/health`)).toBe(true);
    expect(await refused(`http://127.0.0.1:${page}/`)).toBe(true);
    expect(await refused(`http://127.0.0.1:${stand}/`)).toBe(true);
    expect(await groupGone(child.pid!)).toBe(true); // no process of the group is left, workerd included
  }, SPEC_HANG_MS);
});
