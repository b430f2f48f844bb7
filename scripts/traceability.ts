/**
 * Traceability between the ADRs and the specs (ADR 013.1, 013.2): reads the clauses of every
 * ADR in docs/adr/ and the test names of every spec file under spec/ and contracts/, and lists
 * what does not trace. Used by spec/node/traceability.spec.ts and scripts/spec-report.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

export interface Clause {
  id: string;
  title: string;
}

export interface Adr {
  number: string;
  file: string;
  title: string;
  clauses: Clause[];
  /** What is wrong with the document itself: a missing section, clause numbering. */
  problems: string[];
}

export interface SpecTest {
  file: string;
  line: number;
  /** null when the name cannot be read from the source (not a literal, or `it.each`), so cannot be traced. */
  name: string | null;
  clauses: string[];
}

const REQUIRED_SECTIONS = ["Status", "Context", "Decision", "Consequences"] as const;
const CLAUSE_ID = /ADR-\d{3}\.\d+/g;
const LEADING_CLAUSE = /^ADR-\d{3}\.\d+\b/;

function sectionsOf(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  const parts = markdown.split(/^## +/m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf("\n");
    const heading = (newline === -1 ? part : part.slice(0, newline)).trim();
    sections.set(heading, newline === -1 ? "" : part.slice(newline + 1));
  }
  return sections;
}

export function parseAdr(file: string, markdown: string): Adr {
  const number = /(?:^|\/)(\d{3})-[^/]+\.md$/.exec(file)?.[1] ?? "";
  const title = /^# +(.+)$/m.exec(markdown)?.[1]?.trim() ?? "";
  const problems: string[] = [];
  if (!number) problems.push("file name does not start with a three-digit ADR number");
  const sections = sectionsOf(markdown);
  for (const name of REQUIRED_SECTIONS) {
    if (!sections.has(name)) problems.push(`missing section "## ${name}"`);
    else if (!sections.get(name)!.trim()) problems.push(`section "## ${name}" is empty`);
  }
  const clauses: Clause[] = [];
  for (const match of (sections.get("Decision") ?? "").matchAll(/^(\d+)\. +\*\*(.+?)\*\*/gm)) {
    const k = Number(match[1]);
    if (k !== clauses.length + 1) problems.push(`clause ${k} follows clause ${clauses.length}: clauses are numbered 1, 2, 3, ... without gaps`);
    clauses.push({ id: `ADR-${number}.${k}`, title: match[2]!.replace(/:$/, "").trim() });
  }
  if (sections.has("Decision") && clauses.length === 0) problems.push('the Decision has no clauses ("1. **Title**: text")');
  return { number, file, title, clauses, problems };
}

/** Block and line comments blanked out (same length, so line numbers hold); strings are kept. */
function withoutComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, " "))
    .replace(/^(\s*)\/\/.*$/gm, (line, indent: string) => indent + " ".repeat(line.length - indent.length));
}

const TEST_CALL = /(?<![\w.$])(?:it|test)(?:\.(?:only|skip|todo|fails|concurrent|sequential|skipIf\([^)]*\)|runIf\([^)]*\)))*(\.(?:each|for)\b)?\(\s*/g;

function stringLiteralAt(source: string, start: number): string | null {
  const quote = source[start];
  if (quote !== '"' && quote !== "'" && quote !== "`") return null;
  let value = "";
  for (let i = start + 1; i < source.length; i++) {
    const char = source[i]!;
    if (char === "\\") {
      value += source[i + 1] ?? "";
      i++;
    } else if (char === quote) {
      return value;
    } else if (quote === "`" && char === "$" && source[i + 1] === "{") {
      return value.trim() ? `${value}…` : null; // only the static start of a computed name can be traced
    } else {
      value += char;
    }
  }
  return null;
}

export function parseSpecFile(file: string, source: string): SpecTest[] {
  const code = withoutComments(source);
  const tests: SpecTest[] = [];
  for (const match of code.matchAll(TEST_CALL)) {
    const at = match.index! + match[0].length;
    const name = match[1] ? null : stringLiteralAt(code, at); // it.each names are built at run time
    const line = code.slice(0, match.index).split("\n").length;
    tests.push({ file, line, name, clauses: name === null ? [] : [...name.matchAll(CLAUSE_ID)].map((m) => m[0]) });
  }
  return tests;
}

export interface TraceabilityReport {
  adrs: Adr[];
  tests: SpecTest[];
  /** Every failure, one line each, naming the file and what to do. */
  failures: string[];
}

export function checkTraceability(adrs: Adr[], tests: SpecTest[]): TraceabilityReport {
  const failures: string[] = [];
  const known = new Set(adrs.flatMap((adr) => adr.clauses.map((c) => c.id)));
  const seenNumbers = new Map<string, string>();
  for (const adr of adrs) {
    for (const problem of adr.problems) failures.push(`${adr.file}: ${problem}`);
    const other = seenNumbers.get(adr.number);
    if (other) failures.push(`${adr.file}: ADR number ${adr.number} is also used by ${other}`);
    seenNumbers.set(adr.number, adr.file);
  }
  const cited = new Set<string>();
  for (const test of tests) {
    const where = `${test.file}:${test.line}`;
    if (test.name === null) {
      failures.push(`${where}: the test's name cannot be read from the source (not a string literal, or it.each), so no clause can be traced to it`);
      continue;
    }
    if (!LEADING_CLAUSE.test(test.name)) failures.push(`${where}: "${test.name}" does not start with the clause it proves (ADR-NNN.k)`);
    for (const id of test.clauses) {
      if (known.has(id)) cited.add(id);
      else failures.push(`${where}: "${test.name}" cites ${id}, which no ADR defines`);
    }
  }
  for (const adr of adrs) {
    for (const clause of adr.clauses) {
      if (!cited.has(clause.id)) failures.push(`${adr.file}: ${clause.id} ${clause.title} has no spec`);
    }
  }
  return { adrs, tests, failures };
}

function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return []; // a folder that does not exist yet holds no specs
  }
  return entries
    .filter((entry) => entry.isFile() && accept(entry.name) && !join(entry.parentPath, entry.name).includes("node_modules"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const isSpecFile = (name: string) => /\.(spec|test)\.[cm]?[jt]sx?$/.test(name);

/** The repository's ADRs and spec files, read from disk (paths relative to `root`). */
export function readRepository(root: string): TraceabilityReport {
  const adrs = filesUnder(join(root, "docs/adr"), (name) => /\.md$/.test(name) && name !== "README.md").map((path) =>
    parseAdr(relative(root, path), readFileSync(path, "utf8")),
  );
  const tests = ["spec", "contracts"]
    .flatMap((dir) => filesUnder(join(root, dir), isSpecFile))
    .flatMap((path) => parseSpecFile(relative(root, path), readFileSync(path, "utf8")));
  return checkTraceability(adrs, tests);
}
