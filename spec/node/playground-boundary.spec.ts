/**
 * ADR 012.2: the playground exists only on a developer's machine. The Worker that is deployed
 * has no playground route and carries none of its code: every playground path is a 404 on the
 * real Worker, and the bundle `wrangler deploy` would upload contains nothing from playground/.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { startLocalWorker } from "../../scripts/local-worker";
import { SPEC_HANG_MS } from "../support/patience";

const run = promisify(execFile);
const playgroundPaths = ["/", "/playground", "/playground/", "/app.js", "/style.css", "/api/session", "/api/replies?number=%2B5215512345678"];

/** Strings that only the playground's code contains. */
const playgroundMarkers = ["consultor local de prueba", "local stand-in consultant", "/api/messages", "/api/replies", "playground-secrets.json", "attachments work with the local Twilio stand-in"];

describe("the playground is not part of the Worker", () => {
  it("ADR-012.2 the Worker answers 404 to every playground path", async () => {
    const worker = await startLocalWorker({ vars: {}, persist: false });
    try {
      for (const path of playgroundPaths) expect([path, (await fetch(worker.url + path)).status]).toEqual([path, 404]);
      const post = await fetch(`${worker.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(post.status).toBe(404);
    } finally {
      await worker.stop();
    }
  }, SPEC_HANG_MS);

  it("ADR-012.2 wrangler.toml names no playground, and the deployable bundle holds none of its code", async () => {
    expect(readFileSync("wrangler.toml", "utf8")).not.toMatch(/playground|stand-?in/i);
    const playgroundSource = ["playground", "playground/public"]
      .flatMap((dir) => readdirSync(dir).filter((name) => /\.(ts|js)$/.test(name)).map((name) => readFileSync(join(dir, name), "utf8")))
      .join("\n");
    for (const marker of playgroundMarkers) expect([marker, playgroundSource.includes(marker)]).toEqual([marker, true]);
    const outdir = mkdtempSync(join(tmpdir(), "worker-bundle-"));
    try {
      await run("node_modules/.bin/wrangler", ["deploy", "--dry-run", "--outdir", outdir], { env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" } });
      const bundle = readdirSync(outdir)
        .filter((name) => name.endsWith(".js"))
        .map((name) => readFileSync(join(outdir, name), "utf8"))
        .join("\n");
      expect(bundle).toContain("/whatsapp/incoming");
      for (const marker of playgroundMarkers) expect([marker, bundle.includes(marker)]).toEqual([marker, false]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, SPEC_HANG_MS);
});
