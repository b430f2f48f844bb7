/**
 * ADR 010.4: minimalism over layering. The Worker is one route table over one storage module,
 * with two runtime dependencies (Hono; jose for the console's Access tokens, ADR 028.1); no other system or binding was added. ADR 010.2 from the
 * config's side: nothing is queued, and the one schedule is ADR 032.4's retry of deletions at Twilio.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");
const sourceFiles = (readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" }) as string[])
  .filter((path) => /\.tsx?$/.test(path))
  .map((path) => `src/${path}`);

describe("minimalism over layering", () => {
  it("ADR-010.4 the Worker's runtime dependencies are Hono and jose (the console's Access tokens, ADR 028.1), nothing more (the OpenAI SDK left with ADR 024)", () => {
    expect(Object.keys(JSON.parse(read("package.json")).dependencies).sort()).toEqual(["hono", "jose"]);
  });

  it("ADR-010.4 the only bindings are the KV namespace and the R2 bucket", () => {
    const toml = read("wrangler.toml");
    const bindings = [...toml.matchAll(/^\s*binding\s*=\s*"([^"]+)"/gm)].map((m) => m[1]);
    expect(bindings.sort()).toEqual(["CHAT_HISTORY", "MEDIA_BUCKET"]);
    expect(toml).not.toMatch(/^\s*\[\[?(d1_databases|services|analytics_engine_datasets|hyperdrive|vectorize|queues|workflows|durable_objects)/m);
  });

  it("ADR-010.2 wrangler.toml declares no queue, workflow or Durable Object, and one cron trigger: ADR 032.4's retries, every 10 minutes", () => {
    const toml = read("wrangler.toml");
    expect(toml).toContain("[[kv_namespaces]]"); // the file really is the Worker's config
    for (const section of [/^\s*\[\[?queues/m, /^\s*\[\[workflows\]\]/m, /^\s*\[\[?durable_objects/m]) {
      expect(toml).not.toMatch(section);
    }
    expect([...toml.matchAll(/^\s*crons\s*=\s*(.*)$/gm)].map((m) => JSON.parse(m[1]!))).toEqual([["*/10 * * * *"]]);
    expect([...toml.matchAll(/^\s*\[triggers\]/gm)]).toHaveLength(1);
    const index = read("src/index.ts");
    const scheduled = index.slice(index.indexOf("export function scheduledHandler"), index.indexOf("const app = createApp()"));
    // Nothing derived, rendered or sent: its one piece of work is the retry of the deletions clients asked for.
    expect(scheduled).toContain("ExportedHandlerScheduledHandler");
    expect([...scheduled.matchAll(/\b(retry\w+|answer\w+|send\w*|summary\w*|render\w*|deliver\w*)\(/g)].map((m) => m[1])).toEqual(["retryPendingDeletions"]);
  });

  it("ADR-010.4 only src/storage/ reads or writes KV and R2", () => {
    const touching = sourceFiles.filter(
      (file) => !file.startsWith("src/storage/") && /\b(kv|r2)\.(get|put|list|delete|head|createMultipartUpload)\b|CHAT_HISTORY|MEDIA_BUCKET/.test(read(file)),
    );
    expect(sourceFiles).toContain("src/storage/bucket.ts");
    expect(touching).toEqual([]);
  });
});
