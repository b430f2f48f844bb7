/**
 * ADR 030.4: the operator's log table (docs/operations.md, "Reading logs") names every event the
 * Worker logs, and only those: the events are the LogEvent union of src/utils/log.ts (the type
 * every logEvent call must use), and each event name written in src/ is one of them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );

/** A quoted event name, not the operand of a comparison (`reason === "refused" ? "media_refused" : …`). */
const EVENT_NAME = /(?<![=!]==?\s*)"([a-z]+(?:_[a-z]+)*)"/g;

/** The LogEvent union's names. */
function declaredEvents(): string[] {
  const source = readFileSync("src/utils/log.ts", "utf8");
  const union = /export type LogEvent =([^;]+);/.exec(source)?.[1] ?? "";
  return [...union.matchAll(EVENT_NAME)].map((m) => m[1]!).sort();
}

/** Event names written as the first argument of a logEvent call (or of a local `log(` helper) anywhere in src/. */
function eventsWritten(): string[] {
  const names = new Set<string>();
  for (const file of sourceFiles("src")) {
    for (const call of readFileSync(file, "utf8").matchAll(/\blog(?:Event)?\(\s*([^,)]+)[,)]/g)) {
      for (const name of call[1]!.matchAll(EVENT_NAME)) names.add(name[1]!);
    }
  }
  return [...names].sort();
}

/** The events named in the first column of the table under "### Reading logs". */
function eventsInTable(): string[] {
  const guide = readFileSync("docs/operations.md", "utf8");
  const section = guide.split(/^### Reading logs$/m)[1]?.split(/^#{2,3} /m)[0] ?? "";
  const firstCells = section.split("\n").filter((l) => l.startsWith("| `")).map((l) => l.split("|")[1]!);
  return firstCells.flatMap((cell) => [...cell.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!)).sort();
}

describe("the log table", () => {
  it("ADR-030.4 holds every event the Worker logs, and only those", () => {
    const declared = declaredEvents();
    expect(declared.length).toBeGreaterThan(15);
    expect(eventsWritten().filter((name) => !declared.includes(name))).toEqual([]);
    expect(declared.filter((name) => !eventsWritten().includes(name))).toEqual([]);
    expect(eventsInTable()).toEqual(declared);
  });
});
