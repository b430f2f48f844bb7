/**
 * ADR 021: `npm run doctor`, the preflight, against a wrangler.toml and a .dev.vars written for
 * each case, with a stand-in `wrangler` first on PATH. One case runs the command as the operator
 * does (scripts/doctor.ts in its own process): its arguments, environment, output and exit code; the others call
 * the same command in this process, which is much faster (issue 28). Its outbound calls go where the settings
 * say, here one local node server that stands in for OpenAI, Twilio and the deployed Worker's
 * /health, and answers as each case needs.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { doctor as doctorCommand } from "../../scripts/commands/doctor";
import { operatorCommand } from "../support/operator";
import { SPEC_HANG_MS } from "../support/patience";
import type { ClientKey } from "../../src/storage/keys";
import type { Consultation } from "../../src/storage/records";
import { conversationIdFor } from "../../src/summary/conversation-id";

const root = fileURLToPath(new URL("../..", import.meta.url));
const DAY = 86_400_000;

const secrets = {
  OPENAI_API_KEY: `sk-proj-${randomBytes(24).toString("base64url")}`,
  TWILIO_AUTH_TOKEN: randomBytes(16).toString("hex"),
  LINK_SIGNING_SECRET: randomBytes(32).toString("base64url"),
};
const ACCOUNT_SID = `AC${randomBytes(16).toString("hex")}`;
const KV_ID = "5b9c1f0e7d2a4c6e8f0a1b2c3d4e5f60";
/** The one consultation the stand-in `wrangler kv key` commands say the deployed KV holds. */
const STORED_CLIENT = "whatsapp:+5215512345678" as ClientKey;
const STORED_CONSULTATION: Consultation = { v: 1, id: "Q2xpZW50Q29uc3VsdGF0aW9uSWQ", startedAt: "2026-11-30T10:00:00.000Z" };
/** The deployed Worker's LINK_SIGNING_SECRET: its /summary/ answers 200 only for a link sealed with it. */
const DEPLOYED_LINK_SECRET = secrets.LINK_SIGNING_SECRET;

/** How the stand-in answers: per model, its shutdown date (or a status); Twilio's and /health's status. */
let answers: { models: Record<string, { status: number; shutdown_date?: string | number }>; twilio: number; health: number; template?: string };
const seen: string[] = [];

let server: Server;
let origin: string;
/** The same stand-in on 127.0.0.2: loopback, but not a host the form rules accept over plain http. */
let plainHttpServer: Server;
let plainHttpOrigin: string;
let closedOrigin: string;
const dirs: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? "/";
    seen.push(`${request.method} ${path}`);
    const json = (status: number, body: unknown) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const model = /^\/v1\/models\/([^/]+)$/.exec(path);
    if (model) {
      if (request.headers.authorization !== `Bearer ${secrets.OPENAI_API_KEY}`) return json(401, { error: { message: "Incorrect API key provided", code: "invalid_api_key" } });
      const answer = answers.models[decodeURIComponent(model[1]!)] ?? { status: 404 };
      if (answer.status !== 200) return json(answer.status, { error: { message: "The model does not exist", code: "model_not_found" } });
      return json(200, { id: model[1], object: "model", created: 1_700_000_000, owned_by: "system", ...(answer.shutdown_date !== undefined ? { shutdown_date: answer.shutdown_date } : {}) });
    }
    if (path === `/2010-04-01/Accounts/${ACCOUNT_SID}.json`) {
      const expected = `Basic ${Buffer.from(`${ACCOUNT_SID}:${secrets.TWILIO_AUTH_TOKEN}`).toString("base64")}`;
      if (request.headers.authorization !== expected || answers.twilio !== 200) return json(401, { code: 20003, message: "Authenticate", status: 401 });
      return json(200, { sid: ACCOUNT_SID, status: "active" });
    }
    if (path.startsWith("/summary/")) {
      return void conversationIdFor(DEPLOYED_LINK_SECRET, STORED_CLIENT, STORED_CONSULTATION).then((id) =>
        path === `/summary/${id}` ? response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html>") : json(404, { error: "not found" }),
      );
    }
    const approval = /^\/v1\/Content\/(HX[0-9a-f]{32})\/ApprovalRequests$/.exec(path);
    if (approval) {
      const expected = `Basic ${Buffer.from(`${ACCOUNT_SID}:${secrets.TWILIO_AUTH_TOKEN}`).toString("base64")}`;
      if (request.headers.authorization !== expected) return json(401, { code: 20003, message: "Authenticate", status: 401 });
      return json(200, { sid: approval[1], account_sid: ACCOUNT_SID, whatsapp: { type: "whatsapp", name: "follow_up", category: "UTILITY", status: answers.template ?? "approved", rejection_reason: answers.template === "rejected" ? "Not a utility message" : "" }, url: `${origin}${path}` });
    }
    if (path === "/health") return answers.health === 200 ? json(200, { status: "ok", version: "9.9.9" }) : json(answers.health, { error: "not found" });
    json(404, { error: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  plainHttpServer = createServer((request, response) => server.emit("request", request, response));
  await new Promise<void>((resolve) => plainHttpServer.listen(0, "127.0.0.2", resolve));
  plainHttpOrigin = `http://127.0.0.2:${(plainHttpServer.address() as AddressInfo).port}`;
  // A port nothing listens on: what "no network" looks like to the doctor.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedOrigin = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

afterAll(async () => {
  await new Promise<void>((resolve) => plainHttpServer.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const goodVars = () => ({
  OPENAI_BASE_URL: `${origin}/v1`,
  OPENAI_MODEL: "gpt-6-luna",
  OPENAI_TRANSCRIPTION_MODEL: "gpt-transcribe",
  TWILIO_API_BASE_URL: origin,
  TWILIO_ACCOUNT_SID: ACCOUNT_SID,
  TWILIO_WHATSAPP_NUMBER: "whatsapp:+14155238886",
  PUBLIC_BASE_URL: origin,
  STYLIST_WHATSAPP_NUMBER: "+5215512345678",
  STYLIST_NAME: "Tata Oro",
  STYLIST_CITY: "",
  STYLIST_BOOKING_URL: "",
});

interface Case {
  vars?: Record<string, string>;
  devVars?: Record<string, string>;
  kvId?: string;
  bucket?: string;
  args?: string[];
  /** Secret names a stand-in `wrangler secret list` prints (for --remote). */
  deployedSecrets?: string[];
  /** The stand-in `wrangler r2 bucket list` says R2 is not enabled on the account. */
  r2Disabled?: boolean;
  /** The stand-in `wrangler secret list` fails as it does when not logged in. */
  secretListFails?: boolean;
  /** More environment for the command. */
  env?: Record<string, string>;
  /** The text of a secrets file written beside the case's wrangler.toml (`{secrets-file}` in args names it). */
  secretsFile?: string;
  /** Run scripts/doctor.ts in its own process as the operator does, instead of the command in this process. */
  asOperator?: boolean;
}

/**
 * A stand-in `wrangler` for --remote: lists the case's deployed secrets, a KV namespace with the
 * case's id, and the bucket tata-oro-media, or says that R2 is not enabled.
 */
function standInWrangler(c: Case): string {
  const secretList = c.secretListFails
    ? `echo 'X [ERROR] You are not authenticated. Please run \`wrangler login\`.' >&2; exit 1`
    : `echo '${JSON.stringify((c.deployedSecrets ?? []).map((name) => ({ name, type: "secret_text" })))}'`;
  const namespaces = JSON.stringify([{ id: c.kvId ?? KV_ID, title: "CHAT_HISTORY" }]);
  const buckets = c.r2Disabled
    ? `echo 'X [ERROR] A request to the Cloudflare API failed.' >&2; echo '  Please enable R2 through the Cloudflare Dashboard. [code: 10042]' >&2; exit 1`
    : `printf 'Listing buckets...\\nname:           tata-oro-media\\ncreation_date:  2026-11-01T00:00:00.000Z\\n'`;
  return `#!/bin/sh
case "$1 $2" in
  "secret list") ${secretList} ;;
  "kv namespace") echo '${namespaces}' ;;
  "kv key") if [ "$3" = list ]; then echo '[{"name":"${STORED_CLIENT}/consultation"}]'; else echo '${JSON.stringify(STORED_CONSULTATION)}'; fi ;;
  "r2 bucket") ${buckets} ;;
  *) exit 9 ;;
esac
`;
}

/** wrangler.toml as the repository has it, with this case's vars, KV id and bucket. */
function wranglerToml(c: Case): string {
  const vars = { ...goodVars(), ...c.vars };
  const text = readFileSync(join(root, "wrangler.toml"), "utf8")
    .replace(/^id = ".*"$/m, `id = "${c.kvId ?? KV_ID}"`)
    .replace(/^bucket_name = ".*"$/m, `bucket_name = "${c.bucket ?? "tata-oro-media"}"`)
    .replace(/^main = ".*"$/m, `main = ${JSON.stringify(join(root, "src/index.ts"))}`);
  return Object.entries(vars).reduce((toml, [name, value]) => {
    const line = `${name} = ${JSON.stringify(value)}`;
    const existing = new RegExp(`^${name} = .*$`, "m");
    return existing.test(toml) ? toml.replace(existing, line) : toml.replace(/^\[vars\]$/m, `[vars]\n${line}`);
  }, text);
}

async function doctor(c: Case = {}): Promise<{ code: number; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), "doctor-spec-"));
  dirs.push(dir);
  writeFileSync(join(dir, "wrangler.toml"), wranglerToml(c));
  const devVars = c.devVars ?? secrets;
  writeFileSync(join(dir, ".dev.vars"), Object.entries(devVars).map(([k, v]) => `${k}=${v}`).join("\n"));
  writeFileSync(join(dir, "wrangler"), standInWrangler(c));
  chmodSync(join(dir, "wrangler"), 0o755);
  if (c.secretsFile !== undefined) writeFileSync(join(dir, "secrets"), c.secretsFile);
  const args = ["--config", join(dir, "wrangler.toml"), "--dev-vars", join(dir, ".dev.vars"), ...(c.args ?? []).map((arg) => arg.replace("{secrets-file}", join(dir, "secrets")))];
  const env = { ...process.env, PATH: [dir, process.env.PATH].join(delimiter), WRANGLER_SEND_METRICS: "false", ...c.env };
  if (!c.asOperator) {
    const out: string[] = [];
    const write = (text: string) => void out.push(`${text}\n`);
    const code = await doctorCommand(args, env, { stdout: write, stderr: write });
    return { code, out: out.join("") };
  }
  const [command, argv] = operatorCommand("scripts/doctor.ts", args);
  return new Promise((resolve) => {
    execFile(
      command,
      argv,
      { cwd: root, env },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

const line = (out: string, subject: string) => out.split("\n").find((l) => l.includes(`  ${subject}:`)) ?? `(no line for ${subject})`;
const noSecretIn = (out: string) => {
  for (const [name, value] of Object.entries(secrets)) expect([name, out.includes(value)]).toEqual([name, false]);
};

const farAway = () => new Date(Date.now() + 400 * DAY).toISOString().slice(0, 10);
const healthy = () => {
  answers = { models: { "gpt-6-luna": { status: 200 }, "gpt-transcribe": { status: 200, shutdown_date: farAway() } }, twilio: 200, health: 200 };
};

describe("npm run doctor", () => {
  it("ADR-021.1 passes a deployment whose bindings, settings and secrets are right, and never prints a secret's value", async () => {
    healthy();
    const { code, out } = await doctor();
    expect(out).not.toMatch(/FAIL/);
    expect(code).toBe(0);
    expect(line(out, "KV CHAT_HISTORY")).toMatch(/^ {2}ok/);
    expect(line(out, "OPENAI_API_KEY")).toMatch(/ok .*set in/);
    expect(line(out, "TWILIO_ACCOUNT_SID")).toContain(ACCOUNT_SID);
    noSecretIn(out);
  }, SPEC_HANG_MS);

  it("ADR-021.1 refuses the example KV namespace id and a bucket name R2 would reject, saying what to do", async () => {
    healthy();
    const { code, out } = await doctor({ kvId: "00000000000000000000000000000000", bucket: "Tata_Oro", args: ["--offline"] });
    expect(code).toBe(1);
    expect(line(out, "KV CHAT_HISTORY")).toMatch(/FAIL .*not a real namespace id.*wrangler kv namespace create CHAT_HISTORY/);
    expect(line(out, "R2 MEDIA_BUCKET")).toMatch(/FAIL .*not a valid R2 bucket name/);
  }, SPEC_HANG_MS);

  it("ADR-021.1 names each setting whose form is wrong, and why, without printing secret values", async () => {
    healthy();
    const { code, out } = await doctor({
      vars: { TWILIO_ACCOUNT_SID: "AC123", TWILIO_WHATSAPP_NUMBER: "+14155238886", PUBLIC_BASE_URL: "https://wa.example.com/whatsapp", STYLIST_WHATSAPP_NUMBER: "" },
      devVars: { OPENAI_API_KEY: "sk-...", TWILIO_AUTH_TOKEN: secrets.TWILIO_AUTH_TOKEN, LINK_SIGNING_SECRET: "short-secret" },
      args: ["--offline"],
    });
    expect(code).toBe(1);
    expect(line(out, "OPENAI_API_KEY")).toMatch(/FAIL .*placeholder/);
    expect(line(out, "TWILIO_ACCOUNT_SID")).toMatch(/FAIL .*AC followed by 32 hex/);
    expect(line(out, "TWILIO_WHATSAPP_NUMBER")).toMatch(/FAIL .*whatsapp:\+/);
    expect(line(out, "PUBLIC_BASE_URL")).toMatch(/FAIL .*not an origin/);
    expect(line(out, "STYLIST_WHATSAPP_NUMBER")).toMatch(/FAIL .*missing/);
    expect(line(out, "LINK_SIGNING_SECRET")).toMatch(/FAIL .*too short/);
    expect(out).not.toContain("short-secret");
    noSecretIn(out);
  }, SPEC_HANG_MS);

  it("ADR-021.1 a secret written into wrangler.toml's [vars] is a failure", async () => {
    healthy();
    const { code, out } = await doctor({ vars: { OPENAI_API_KEY: secrets.OPENAI_API_KEY }, args: ["--offline"] });
    expect(code).toBe(1);
    expect(line(out, "OPENAI_API_KEY")).toMatch(/FAIL .*secret put OPENAI_API_KEY/);
  }, SPEC_HANG_MS);

  it("ADR-021.1 --remote checks the deployed Worker's secrets by name (wrangler secret list)", async () => {
    healthy();
    const { code, out } = await doctor({ deployedSecrets: ["OPENAI_API_KEY", "TWILIO_AUTH_TOKEN"], args: ["--remote", "--offline"], asOperator: true });
    expect(code).toBe(1);
    expect(line(out, "OPENAI_API_KEY")).toMatch(/ok .*deployed Worker/);
    expect(line(out, "LINK_SIGNING_SECRET")).toMatch(/FAIL .*missing on the deployed Worker.*wrangler secret put LINK_SIGNING_SECRET/);
    expect(line(out, "KV CHAT_HISTORY on the account")).toMatch(new RegExp(`ok .*namespace ${KV_ID} exists`));
    expect(line(out, "R2 MEDIA_BUCKET on the account")).toMatch(/ok .*bucket tata-oro-media exists/);
  }, SPEC_HANG_MS);

  it("ADR-021.1 --remote finds a bucket that does not exist on the account, and R2 not enabled", async () => {
    healthy();
    const secretNames = Object.keys(secrets);
    const missing = await doctor({ deployedSecrets: secretNames, bucket: "tata-oro-photos", args: ["--remote", "--offline"] });
    expect(missing.code).toBe(1);
    expect(line(missing.out, "R2 MEDIA_BUCKET on the account")).toMatch(/FAIL .*no bucket tata-oro-photos on this account: `npx wrangler r2 bucket create tata-oro-photos`/);
    const disabled = await doctor({ deployedSecrets: secretNames, r2Disabled: true, args: ["--remote", "--offline"] });
    expect(disabled.code).toBe(1);
    expect(line(disabled.out, "R2 MEDIA_BUCKET on the account")).toMatch(/FAIL .*R2 is not enabled on this account/);
  }, SPEC_HANG_MS);

  it("ADR-021.2 with a network and keys: OpenAI accepts the key and knows both models, Twilio the credentials, PUBLIC_BASE_URL answers /health", async () => {
    healthy();
    seen.length = 0;
    const { code, out } = await doctor();
    expect(code).toBe(0);
    expect(seen).toEqual(expect.arrayContaining(["GET /v1/models/gpt-6-luna", "GET /v1/models/gpt-transcribe", `GET /2010-04-01/Accounts/${ACCOUNT_SID}.json`, "GET /health"]));
    expect(line(out, "OpenAI OPENAI_MODEL")).toMatch(/ok .*gpt-6-luna.*available/);
    expect(line(out, "Twilio")).toMatch(/ok .*accepts/);
    expect(line(out, "PUBLIC_BASE_URL /health")).toMatch(/ok .*version 9\.9\.9/);
  }, SPEC_HANG_MS);

  it("ADR-021.2 a key OpenAI refuses, credentials Twilio refuses and a model OpenAI does not know are failures", async () => {
    healthy();
    answers.twilio = 401;
    const refused = await doctor({ devVars: { ...secrets, OPENAI_API_KEY: `sk-proj-${randomBytes(24).toString("base64url")}` } });
    expect(refused.code).toBe(1);
    expect(line(refused.out, "OpenAI")).toMatch(/FAIL .*refused OPENAI_API_KEY/);
    expect(line(refused.out, "Twilio")).toMatch(/FAIL .*20003/);

    healthy();
    const unknown = await doctor({ vars: { OPENAI_MODEL: "gpt-9-imaginary" } });
    expect(unknown.code).toBe(1);
    expect(line(unknown.out, "OpenAI OPENAI_MODEL")).toMatch(/FAIL .*does not know the model "gpt-9-imaginary"/);
  }, SPEC_HANG_MS);

  it("ADR-021.2 offline it says in one line each what it could not check, and goes on", async () => {
    healthy();
    const { code, out } = await doctor({ vars: { OPENAI_BASE_URL: `${closedOrigin}/v1`, TWILIO_API_BASE_URL: closedOrigin, PUBLIC_BASE_URL: closedOrigin } });
    expect(code).toBe(0);
    expect(out.split("\n").filter((l) => l.includes("  OpenAI"))).toHaveLength(1);
    expect(line(out, "OpenAI")).toMatch(/skip .*could not reach 127\.0\.0\.1.*shutdown dates are unverified/);
    expect(line(out, "Twilio")).toMatch(/skip .*could not reach/);
    expect(line(out, "PUBLIC_BASE_URL /health")).toMatch(/warn .*could not reach/);
    expect(out).toMatch(/not checked: .*OpenAI.*Twilio/);
  }, SPEC_HANG_MS);

  it("ADR-021.2 without keys it checks what it can and says the rest was not checked", async () => {
    healthy();
    const { code, out } = await doctor({ devVars: {}, args: [] });
    expect(code).toBe(1); // the secrets are missing: that is a failure of its own
    expect(line(out, "OpenAI")).toMatch(/skip .*no OPENAI_API_KEY value here/);
    expect(line(out, "Twilio")).toMatch(/skip .*no TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN values here/);
  }, SPEC_HANG_MS);

  it("ADR-028.7 with TWILIO_FOLLOW_UP_CONTENT_SID set it reads the template's WhatsApp approval from the Content API, and warns unless it is approved", async () => {
    const sidVars = { TWILIO_CONTENT_BASE_URL: origin, TWILIO_FOLLOW_UP_CONTENT_SID: `HX${"ab".repeat(16)}` };
    healthy();
    seen.length = 0;
    const approved = await doctor({ vars: sidVars });
    expect(seen).toContain(`GET /v1/Content/HX${"ab".repeat(16)}/ApprovalRequests`);
    expect(line(approved.out, "follow-up template")).toMatch(/ok .*approved for WhatsApp/);
    expect(approved.code).toBe(0);
    for (const status of ["pending", "rejected"]) {
      healthy();
      answers.template = status;
      const { code, out } = await doctor({ vars: sidVars });
      expect(line(out, "follow-up template")).toMatch(new RegExp(`warn .*is ${status} for WhatsApp, not approved`));
      expect(code).toBe(0);
    }
    healthy();
    expect(line((await doctor()).out, "follow-up template")).toMatch(/skip .*unset/i);
  }, SPEC_HANG_MS);

  it("ADR-028.1 the console's Access settings: a team domain that is not an https origin and an audience tag that is not one are failures", async () => {
    healthy();
    const { code, out } = await doctor({ vars: { CF_ACCESS_TEAM_DOMAIN: "http://tata.cloudflareaccess.com", CF_ACCESS_AUD: "my-app" }, args: ["--offline"] });
    expect(code).toBe(1);
    expect(line(out, "CF_ACCESS_TEAM_DOMAIN")).toMatch(/FAIL .*not an https origin/);
    expect(line(out, "CF_ACCESS_AUD")).toMatch(/FAIL .*not an Access audience tag/);
    healthy();
    const good = await doctor({ vars: { CF_ACCESS_TEAM_DOMAIN: "https://tata.cloudflareaccess.com", CF_ACCESS_AUD: "0f".repeat(32) }, args: ["--offline"] });
    expect(line(good.out, "CF_ACCESS_TEAM_DOMAIN")).toMatch(/ok /);
    expect(line(good.out, "CF_ACCESS_AUD")).toMatch(/ok /);
  }, SPEC_HANG_MS);

  it("ADR-021.3 a model past its shutdown_date is refused naming the model and the date; within 60 days a warning; later, fine", async () => {
    const past = new Date(Date.now() - 3 * DAY).toISOString().slice(0, 10);
    const soon = new Date(Date.now() + 30 * DAY);
    answers = { models: { "gpt-4o-mini": { status: 200, shutdown_date: past }, "gpt-4o-mini-transcribe": { status: 200, shutdown_date: Math.floor(soon.getTime() / 1000) } }, twilio: 200, health: 200 };
    const retiring = { OPENAI_MODEL: "gpt-4o-mini", OPENAI_TRANSCRIPTION_MODEL: "gpt-4o-mini-transcribe" };
    const { code, out } = await doctor({ vars: retiring });
    expect(code).toBe(1);
    expect(line(out, "OpenAI OPENAI_MODEL")).toMatch(new RegExp(`FAIL .*"gpt-4o-mini" was shut down on ${past}`));
    expect(line(out, "OpenAI OPENAI_TRANSCRIPTION_MODEL")).toMatch(new RegExp(`warn .*"gpt-4o-mini-transcribe" shuts down on ${soon.toISOString().slice(0, 10)} \\(in (29|30) days\\)`));

    answers.models["gpt-4o-mini"] = { status: 200, shutdown_date: farAway() };
    answers.models["gpt-4o-mini-transcribe"] = { status: 200, shutdown_date: new Date(Date.now() + 61 * DAY).toISOString().slice(0, 10) };
    const later = await doctor({ vars: retiring });
    expect(later.code).toBe(0);
    expect(line(later.out, "OpenAI OPENAI_TRANSCRIPTION_MODEL")).toMatch(/ok .*shutdown announced for/);
  }, SPEC_HANG_MS);
});

/** `KEY=value` lines, as .dev.vars and wrangler's dotenv secrets files have them. */
const dotenv = (values: Record<string, string>) => Object.entries(values).map(([k, v]) => `${k}=${v}`).join("\n");
const noStackTrace = (out: string) => expect(out).not.toMatch(/^\s+at /m);

describe("npm run doctor, when what it reads is wrong (issue 27, issue 26)", () => {
  it("ADR-030.1 a secrets file that does not exist is one line naming it, with no stack trace", async () => {
    healthy();
    const { code, out } = await doctor({ args: ["--secrets-file", "/nonexistent/tata-oro-secrets.json", "--offline"] });
    expect(code).toBe(1);
    noStackTrace(out);
    expect(out.trim().split("\n")).toEqual([expect.stringMatching(/^doctor: cannot read the secrets file \/nonexistent\/tata-oro-secrets\.json: no such file/)]);
  }, SPEC_HANG_MS);

  it("ADR-030.1 a secrets file in .env format is read, as `wrangler deploy --secrets-file` reads it", async () => {
    healthy();
    const { code, out } = await doctor({ devVars: {}, secretsFile: `# the Worker's secrets\n${dotenv(secrets)}\n`, args: ["--secrets-file", "{secrets-file}"] });
    noStackTrace(out);
    expect(out).not.toMatch(/FAIL/);
    expect(code).toBe(0);
    expect(line(out, "LINK_SIGNING_SECRET")).toMatch(/ok .*set in the secrets file/);
    noSecretIn(out);
  }, SPEC_HANG_MS);

  it("ADR-030.1 a secrets file that is neither JSON nor .env is refused with the position of the error only, never its content", async () => {
    healthy();
    const broken = `{"OPENAI_API_KEY": "${secrets.OPENAI_API_KEY}", "TWILIO_AUTH_TOKEN": "${secrets.TWILIO_AUTH_TOKEN}",\n "LINK_SIGNING_SECRET": ${secrets.LINK_SIGNING_SECRET}}`;
    const { code, out } = await doctor({ secretsFile: broken, args: ["--secrets-file", "{secrets-file}", "--offline"] });
    expect(code).toBe(1);
    noStackTrace(out);
    noSecretIn(out);
    expect(out.trim().split("\n")).toEqual([expect.stringMatching(/^doctor: the secrets file .*secrets is not valid JSON \(line 2, column \d+\) nor KEY=value lines/)]);
  }, SPEC_HANG_MS);

  it("ADR-030.1 when `wrangler secret list` fails, each secret is \"not checked\" and why, never \"missing\"", async () => {
    healthy();
    const { code, out } = await doctor({ secretListFails: true, args: ["--remote", "--offline"] });
    noStackTrace(out);
    for (const name of Object.keys(secrets)) expect(line(out, name)).toMatch(/^ {2}skip .*not checked: .*You are not authenticated/);
    expect(out).not.toMatch(/missing on the deployed Worker/);
    expect(out).not.toMatch(/FAIL/);
    expect(code).toBe(0);
  }, SPEC_HANG_MS);

  it("ADR-030.1 a secret's FAIL line names where it was looked for and how to fix it there", async () => {
    healthy();
    const fromFile = await doctor({ secretsFile: JSON.stringify({ OPENAI_API_KEY: secrets.OPENAI_API_KEY, TWILIO_AUTH_TOKEN: secrets.TWILIO_AUTH_TOKEN }), args: ["--secrets-file", "{secrets-file}", "--offline"] });
    expect(fromFile.code).toBe(1);
    expect(line(fromFile.out, "LINK_SIGNING_SECRET")).toMatch(/FAIL .*missing in the secrets file \/.*\/secrets\b/);
    expect(fromFile.out).not.toMatch(/\.dev\.vars/);
    const remote = await doctor({ deployedSecrets: ["OPENAI_API_KEY", "TWILIO_AUTH_TOKEN"], args: ["--remote", "--offline"] });
    expect(line(remote.out, "LINK_SIGNING_SECRET")).toMatch(/FAIL .*missing on the deployed Worker.*wrangler secret put LINK_SIGNING_SECRET/);
    expect(remote.out).not.toMatch(/\.dev\.vars/);
  }, SPEC_HANG_MS);

  it("ADR-030.2 sends no credential to a provider whose base URL or credentials failed the form check, and says why it did not check it", async () => {
    healthy();
    seen.length = 0;
    const { code, out } = await doctor({
      vars: { OPENAI_BASE_URL: `${plainHttpOrigin}/v1`, TWILIO_ACCOUNT_SID: "AC123" },
    });
    expect(code).toBe(1);
    expect(line(out, "OPENAI_BASE_URL")).toMatch(/FAIL .*not https/);
    expect(line(out, "OpenAI")).toMatch(/skip .*not checked: OPENAI_BASE_URL failed the form check/);
    expect(line(out, "Twilio")).toMatch(/skip .*not checked: TWILIO_ACCOUNT_SID failed the form check/);
    expect(seen.filter((request) => !request.endsWith("/health"))).toEqual([]);
  }, SPEC_HANG_MS);
});

describe("npm run doctor in CI: the Cloudflare side first (issue 27)", () => {
  it("ADR-030.8 with CLOUDFLARE_API_TOKEN set, the account's namespace and bucket are checked with a secrets file too; --require-cloudflare fails without the token", async () => {
    healthy();
    const withToken = await doctor({ bucket: "tata-oro-photos", secretsFile: JSON.stringify(secrets), args: ["--secrets-file", "{secrets-file}", "--offline"], env: { CLOUDFLARE_API_TOKEN: "cf-token" } });
    expect(withToken.code).toBe(1);
    expect(line(withToken.out, "R2 MEDIA_BUCKET on the account")).toMatch(/FAIL .*no bucket tata-oro-photos on this account/);
    expect(line(withToken.out, "KV CHAT_HISTORY on the account")).toMatch(/ok .*exists/);
    const withoutToken = await doctor({ secretsFile: JSON.stringify(secrets), args: ["--require-cloudflare", "--secrets-file", "{secrets-file}", "--offline"], env: { CLOUDFLARE_API_TOKEN: "" } });
    expect(withoutToken.code).toBe(1);
    expect(line(withoutToken.out, "Cloudflare")).toMatch(/FAIL .*CLOUDFLARE_API_TOKEN is not set/);
  }, SPEC_HANG_MS);
});

describe("npm run doctor and the deployed LINK_SIGNING_SECRET (issue 27)", () => {
  it("ADR-030.10 with a secrets file, a network and wrangler's access, says whether its LINK_SIGNING_SECRET opens the deployed Worker's summary links", async () => {
    healthy();
    const same = await doctor({ secretsFile: JSON.stringify(secrets), args: ["--secrets-file", "{secrets-file}"] });
    expect(line(same.out, "LINK_SIGNING_SECRET on the deployed Worker")).toMatch(/ok .*the same/);
    expect(same.code).toBe(0);
    const rotated = { ...secrets, LINK_SIGNING_SECRET: randomBytes(32).toString("base64url") };
    const other = await doctor({ secretsFile: JSON.stringify(rotated), args: ["--secrets-file", "{secrets-file}"] });
    expect(line(other.out, "LINK_SIGNING_SECRET on the deployed Worker")).toMatch(/warn .*differs from the deployed Worker's.*every summary and photo link sent so far/);
    noSecretIn(other.out);
    expect(other.out).not.toContain(rotated.LINK_SIGNING_SECRET);
    const offline = await doctor({ secretsFile: JSON.stringify(secrets), args: ["--secrets-file", "{secrets-file}", "--offline"] });
    expect(offline.out).not.toMatch(/LINK_SIGNING_SECRET on the deployed Worker: (ok|warn)/);
  }, SPEC_HANG_MS);
});

