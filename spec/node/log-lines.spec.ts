/**
 * ADR 021.7: the Worker writes every log line through src/utils/log.ts, so that each has a
 * stable `event` and is scrubbed of phone numbers and capabilities on the way out.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );

describe("the Worker's log lines", () => {
  it("ADR-021.7 are all written through src/utils/log.ts: no console call anywhere else in src/", () => {
    const files = sourceFiles("src").filter((file) => file !== join("src", "utils", "log.ts"));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, index) => (/\bconsole\.(log|info|warn|error|debug)\b/.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});
