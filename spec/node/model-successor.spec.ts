/**
 * ADR 026.1 and 026.6: the defaults are OpenAI's recommended replacements for the retiring
 * models, written the same in the code, wrangler.toml, docs/interface.md and the README; the old
 * names stay selectable through the settings; and the doctor knows, without a network, which
 * models retire when and what replaces them.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/settings";
import { chatRequestFor } from "../../src/openai/model-families";
import { preflight } from "../../scripts/preflight";
import { RETIRING_MODELS, retiringModel, retiringModelFinding } from "../../scripts/retiring-models";
import retiringFixture from "../../fixtures/openai/model-retiring.json";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");

describe("the default models", () => {
  it("ADR-026.1 OPENAI_MODEL defaults to gpt-6-luna and OPENAI_TRANSCRIPTION_MODEL to gpt-transcribe, in the code, wrangler.toml, the interface and the README", () => {
    expect(loadConfig({}).openai).toMatchObject({ model: "gpt-6-luna", transcriptionModel: "gpt-transcribe" });
    expect(read("wrangler.toml")).toMatch(/^OPENAI_MODEL = "gpt-6-luna"$/m);
    expect(read("wrangler.toml")).toMatch(/^OPENAI_TRANSCRIPTION_MODEL = "gpt-transcribe"$/m);
    for (const doc of ["docs/interface.md", "README.md"]) {
      expect(read(doc)).toMatch(/^\| `OPENAI_MODEL` \| var \| `gpt-6-luna` \|/m);
      expect(read(doc)).toMatch(/^\| `OPENAI_TRANSCRIPTION_MODEL` \| var \| `gpt-transcribe` \|/m);
    }
  });

  it("ADR-026.1 gpt-4o-mini stays selectable: the setting reaches the request, shaped for its family", () => {
    const config = loadConfig({ OPENAI_MODEL: "gpt-4o-mini", OPENAI_TRANSCRIPTION_MODEL: "gpt-4o-mini-transcribe" });
    expect(config.openai).toMatchObject({ model: "gpt-4o-mini", transcriptionModel: "gpt-4o-mini-transcribe" });
    expect(chatRequestFor(config.openai.model, { messages: [{ role: "user", content: "hola" }], tools: [], maxCompletionTokens: 1000 })).toEqual({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hola" }],
      max_completion_tokens: 1000,
    });
  });
});

const DAY = 86_400_000;
const at = (date: string, days = 0) => new Date(new Date(`${date}T00:00:00Z`).getTime() + days * DAY);

/** `npm run doctor` (`--offline` unless `origin`, a local OpenAI, is given) on a deployment that is right in every other way, with these models. */
async function doctor(models: { OPENAI_MODEL: string; OPENAI_TRANSCRIPTION_MODEL: string }, origin?: string) {
  const dir = mkdtempSync(join(tmpdir(), "retiring-models-"));
  try {
    const local: Record<string, string> = origin ? { OPENAI_BASE_URL: `${origin}/v1`, TWILIO_API_BASE_URL: origin, TWILIO_MESSAGING_BASE_URL: origin } : {};
    const vars: Record<string, string> = { ...models, ...local, TWILIO_ACCOUNT_SID: `AC${randomBytes(16).toString("hex")}`, TWILIO_WHATSAPP_NUMBER: "whatsapp:+14155238886", STYLIST_WHATSAPP_NUMBER: "+5215512345678", PUBLIC_BASE_URL: origin ?? "https://wa.example.com" };
    const toml = Object.entries(vars).reduce(
      (text, [name, value]) => text.replace(new RegExp(`^${name} = .*$`, "m"), `${name} = ${JSON.stringify(value)}`),
      read("wrangler.toml").replace(/^id = ".*"$/m, `id = "${randomBytes(16).toString("hex")}"`),
    );
    writeFileSync(join(dir, "wrangler.toml"), toml);
    const secrets = { OPENAI_API_KEY: `sk-proj-${randomBytes(24).toString("base64url")}`, TWILIO_AUTH_TOKEN: randomBytes(16).toString("hex"), LINK_SIGNING_SECRET: randomBytes(32).toString("base64url") };
    writeFileSync(join(dir, ".dev.vars"), Object.entries(secrets).map(([k, v]) => `${k}=${v}`).join("\n"));
    const out: string[] = [];
    const code = await preflight({ config: join(dir, "wrangler.toml"), devVars: join(dir, ".dev.vars"), offline: !origin }, { line: (t) => void out.push(t), problem: (t) => void out.push(t) });
    return { code, out: out.join("\n") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const lineOf = (out: string, subject: string) => out.split("\n").find((l) => l.includes(`  ${subject}:`)) ?? `(no line for ${subject})`;

describe("the models that retire, known without a network", () => {
  it("ADR-026.6 no default model has a known shutdown within 90 days of the day the suite runs", () => {
    const today = new Date();
    const { model, transcriptionModel } = loadConfig({}).openai;
    for (const name of [model, transcriptionModel]) {
      const known = retiringModel(name);
      expect([name, known && new Date(`${known.shutdown}T00:00:00Z`).getTime() - today.getTime() <= 90 * DAY]).toEqual([name, undefined]);
    }
  });

  it("ADR-026.6 offline, the doctor warns about gpt-4o-mini with its date and its replacement, and the defaults pass", async () => {
    const retiring = await doctor({ OPENAI_MODEL: "gpt-4o-mini", OPENAI_TRANSCRIPTION_MODEL: "gpt-4o-mini-transcribe" });
    const shutDown = Date.now() >= at("2027-01-14").getTime();
    expect(lineOf(retiring.out, "OpenAI OPENAI_MODEL")).toMatch(new RegExp(`${shutDown ? "FAIL" : "warn"} .*"gpt-4o-mini" (shuts down|was shut down) on 2027-01-14 .*OpenAI's deprecations page, read 2026-12-06.*set OPENAI_MODEL to its recommended replacement, gpt-6-luna`));
    expect(lineOf(retiring.out, "OpenAI OPENAI_TRANSCRIPTION_MODEL")).toMatch(/"gpt-4o-mini-transcribe" .*2027-02-26.*gpt-transcribe/);
    expect(lineOf(retiring.out, "network")).toMatch(/skip .*--offline/);

    const current = await doctor({ OPENAI_MODEL: "gpt-6-luna", OPENAI_TRANSCRIPTION_MODEL: "gpt-transcribe" });
    expect(current.code).toBe(0);
    expect(current.out).not.toMatch(/OpenAI OPENAI_/);
  });

  it("ADR-026.6 past the date the deploy is refused offline too: a model already shut down fails the doctor", async () => {
    const shutDown = await doctor({ OPENAI_MODEL: "o4-mini", OPENAI_TRANSCRIPTION_MODEL: "gpt-transcribe" });
    expect(shutDown.code).toBe(1);
    expect(lineOf(shutDown.out, "OpenAI OPENAI_MODEL")).toMatch(/FAIL .*"o4-mini" was shut down on 2026-10-23 .*set OPENAI_MODEL to its recommended replacement, gpt-5\.6-terra/);
  });

  it("ADR-026.6 online, OpenAI's shutdown_date decides and the warning still names the replacement the table knows", async () => {
    const server = createServer((request, response) => {
      const id = decodeURIComponent(/^\/v1\/models\/([^/]+)$/.exec(request.url ?? "")?.[1] ?? "");
      const body = id === "gpt-4o-mini" ? retiringFixture : id ? { id, object: "model", created: 1_790_000_000, owned_by: "system", shutdown_date: null } : { error: "not found" };
      response.writeHead(id ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { out } = await doctor({ OPENAI_MODEL: "gpt-4o-mini", OPENAI_TRANSCRIPTION_MODEL: "gpt-transcribe" }, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const shutDown = Date.now() >= at("2027-01-14").getTime();
      expect(lineOf(out, "OpenAI OPENAI_MODEL")).toMatch(new RegExp(`${shutDown ? "FAIL" : "warn"} .*"gpt-4o-mini" (shuts down|was shut down) on 2027-01-14.*set OPENAI_MODEL to its recommended replacement, gpt-6-luna`));
      expect(lineOf(out, "OpenAI OPENAI_TRANSCRIPTION_MODEL")).toMatch(/ok .*"gpt-transcribe" is available; no shutdown date announced/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("ADR-026.6 every warning and every refusal from the table names the recommended replacement; a dated snapshot is its model's", () => {
    expect(RETIRING_MODELS.length).toBeGreaterThanOrEqual(12);
    for (const row of RETIRING_MODELS) {
      const soon = retiringModelFinding("OPENAI_MODEL", row.model, at(row.shutdown, -10))!;
      const after = retiringModelFinding("OPENAI_MODEL", row.model, at(row.shutdown, 1))!;
      const later = retiringModelFinding("OPENAI_MODEL", row.model, at(row.shutdown, -61))!;
      expect([row.model, soon.verdict, after.verdict, later.verdict]).toEqual([row.model, "warn", "fail", "ok"]);
      for (const finding of [soon, after, later]) expect(finding.detail).toContain(row.replacement);
    }
    expect(retiringModel("gpt-4o-mini-2024-07-18")).toEqual({ model: "gpt-4o-mini", shutdown: "2027-01-14", replacement: "gpt-6-luna" });
    expect(retiringModel("gpt-4o-2024-05-13")?.shutdown).toBe("2026-10-23");
    expect(retiringModel("gpt-6-luna")).toBeUndefined();
    expect(retiringModelFinding("OPENAI_MODEL", "gpt-6-luna", new Date())).toBeUndefined();
  });
});
