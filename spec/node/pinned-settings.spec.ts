/**
 * ADR 026.5: the suite tests the code, not the operator's settings. The workers specs run on
 * their own pinned settings (spec/support/spec-bindings.ts): every var, at the code's default, and
 * every secret. An operator who changes any `[vars]` entry in wrangler.toml, or any value in
 * .dev.vars or the shell, changes nothing a spec sees; the second spec shows it with a copy of
 * wrangler.toml that changes every var, run in workerd.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { experimental_readRawConfig } from "wrangler";
import { loadConfig } from "../../src/config/settings";
import { SETTING_FORMS, SETTING_NAMES } from "../../src/config/setting-forms";
import { specBindings } from "../support/spec-bindings";

const root = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);
const wrangler = () => experimental_readRawConfig({ config: join(root, "wrangler.toml") }).rawConfig as { vars?: Record<string, unknown>; secrets?: { required?: string[] } };

/** A value for `name` that is none of the pinned ones, of the form an operator might write. */
function changed(name: string): string {
  const values: Record<string, string> = {
    OPENAI_MODEL: "gpt-5-mini",
    OPENAI_TRANSCRIPTION_MODEL: "whisper-1",
    RETENTION_DAYS: "90",
    TWILIO_DELETE_MEDIA_AFTER_INGEST: "false",
    TWILIO_ACCOUNT_SID: "AC0123456789abcdef0123456789abcdef",
    TWILIO_WHATSAPP_NUMBER: "whatsapp:+15005550006",
    STYLIST_WHATSAPP_NUMBER: "+5215599998888",
  };
  return values[name] ?? (/_URL$/.test(name) ? `https://operator.example/${name.toLowerCase()}` : `operator-${name.toLowerCase()}`);
}

describe("the specs' settings are their own", () => {
  it("ADR-026.5 every var of wrangler.toml, every secret and every setting the code reads is pinned; each var at the code's default where it has one", () => {
    const config = wrangler();
    const names = new Set([...Object.keys(config.vars ?? {}), ...(config.secrets?.required ?? []), ...SETTING_NAMES]);
    expect([...names].filter((name) => !(name in specBindings))).toEqual([]);
    // Blanking a var changes nothing when it is pinned at the code's default; the four that do are
    // blank by default, and the webhook needs them, so the specs give them a value.
    const seen = (bindings: Record<string, string>) => JSON.stringify({ ...loadConfig(bindings), fetch: undefined });
    const notDefaults = SETTING_NAMES.filter((name) => !SETTING_FORMS[name].secret).filter((name) => seen({ ...specBindings, [name]: "" }) !== seen(specBindings));
    expect(notDefaults.sort()).toEqual(["PUBLIC_BASE_URL", "STYLIST_WHATSAPP_NUMBER", "TWILIO_ACCOUNT_SID", "TWILIO_WHATSAPP_NUMBER"]);
  });

  it("ADR-026.5 with every var changed in a copy of wrangler.toml, and in .dev.vars and the shell, the Worker under test still sees only the pinned settings", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pinned-settings-"));
    try {
      const config = wrangler();
      const vars = Object.keys(config.vars ?? {});
      expect(vars.length).toBeGreaterThanOrEqual(14);
      const original = readFileSync(join(root, "wrangler.toml"), "utf8");
      const copy = original
        .replace(/^main = "([^"]+)"$/m, (_, main: string) => `main = ${JSON.stringify(join(root, main))}`)
        .replace(/^([A-Z][A-Z0-9_]*) = ".*"$/gm, (line, name: string) => (vars.includes(name) ? `${name} = ${JSON.stringify(changed(name))}` : line));
      for (const name of vars) expect(copy).toContain(`${name} = ${JSON.stringify(changed(name))}`);
      writeFileSync(join(dir, "wrangler.toml"), copy);
      // wrangler reads .dev.vars beside the config it is given: there, every setting differs too.
      writeFileSync(join(dir, ".dev.vars"), SETTING_NAMES.map((name) => `${name}=${JSON.stringify(changed(name))}`).join("\n") + "\n");

      const shell = { OPENAI_MODEL: "gpt-4.1", RETENTION_DAYS: "7", STYLIST_NAME: "Shell" };
      const result = await run(process.execPath, [join(root, "node_modules/vitest/vitest.mjs"), "run", "--no-cache", "--project", "workers", "spec/pinned-settings.spec.ts"], {
        cwd: root,
        env: { ...process.env, ...shell, SPEC_WRANGLER_CONFIG: join(dir, "wrangler.toml") },
      }).catch((error: { stdout?: string; stderr?: string }) => error);
      const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.replace(/\x1b\[[0-9;]*m/g, "");
      expect(output).toMatch(/Tests +1 passed \(1\)/);
      expect(output).toContain("Using secrets defined in"); // the changed .dev.vars was read
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }); // a workerd of its own: the project's bound for a hang (ADR 031.2) covers a loaded machine
});
