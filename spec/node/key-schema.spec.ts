/**
 * ADR 003.2: the storage schema is one module, `src/storage/keys.ts`, which builds every key and
 * parses it. A module elsewhere that matched a key with a regex of its own would have to be
 * taught every new key format, and would drift from the schema when it was not.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../../src", import.meta.url));
const files = (readdirSync(src, { recursive: true, encoding: "utf8" }) as string[]).filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".d.ts"));

/** A folder of the schema, or its `.json`, inside a regex literal. */
const SCHEMA_IN_REGEX = /\/[^/\n]*(?:\b(?:messages|answers|receipts|transcripts|observations|ingested|quarantine|consent|model-calls|seen|twilio-copies(?:-pending)?)\\\/|\\\.json)[^\n]*\/[dgimsuy]*/;
/** A regex applied to a key: `.exec(….key)`, `.test(key)`, `key.match(/…/)`. */
const REGEX_ON_KEY = /\.(?:exec|test)\(\s*[\w.]*\b[kK]ey\b\s*\)|\b[kK]ey\.(?:match|matchAll|search|replace)\(\s*\//;

const keyRegexesIn = (file: string) =>
  readFileSync(join(src, file), "utf8")
    .split("\n")
    .flatMap((line, i) => (SCHEMA_IN_REGEX.test(line) || REGEX_ON_KEY.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));

describe("the key schema", () => {
  it("ADR-003.2 no module outside src/storage/ matches a storage key with a regex", () => {
    // The check finds the schema's own patterns, so it would find a copy elsewhere.
    expect(keyRegexesIn("storage/keys.ts").length).toBeGreaterThan(3);
    expect(files.filter((f) => !f.startsWith("storage/")).flatMap(keyRegexesIn)).toEqual([]);
  });
});
