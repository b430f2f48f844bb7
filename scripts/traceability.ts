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
  /** The clause that replaced this one ("Superseded by ADR-NNN.k (date)" in its text); it then needs no spec of its own. */
  supersededBy?: string;
}

export interface Adr {
  number: string;
  file: string;
  title: string;
  /** The `Date: YYYY-MM-DD` line under the title: when the decision was taken. */
  date: string | null;
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
/** Sections an ADR may have besides the required ones; when present they must not be empty. */
const OPTIONAL_SECTIONS = ["Options considered"] as const;
const CLAUSE_ID = /ADR-\d{3}\.\d+/g;
const DATE_LINE = /^Date: +(\d{4}-\d{2}-\d{2}) *$/m;
/** A paragraph of the clause that starts "Superseded by ADR-NNN.k". */
const SUPERSEDED = /^ *Superseded by (ADR-\d{3}\.\d+)/m;
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

/** The Decision's numbered items `k. **Title**: text`, each with its text up to the next item. */
function clauseBlocks(decision: string): Array<{ k: number; title: string; text: string }> {
  const starts = [...decision.matchAll(/^(\d+)\. +\*\*(.+?)\*\*/gm)];
  return starts.map((match, i) => ({
    k: Number(match[1]),
    title: match[2]!.replace(/:$/, "").trim(),
    text: decision.slice(match.index, starts[i + 1]?.index ?? decision.length),
  }));
}

export function parseAdr(file: string, markdown: string): Adr {
  const number = /(?:^|\/)(\d{3})-[^/]+\.md$/.exec(file)?.[1] ?? "";
  const title = /^# +(.+)$/m.exec(markdown)?.[1]?.trim() ?? "";
  const problems: string[] = [];
  if (!number) problems.push("file name does not start with a three-digit ADR number");
  const preamble = markdown.split(/^## +/m)[0] ?? "";
  const date = DATE_LINE.exec(preamble)?.[1] ?? null;
  if (!date) problems.push('missing the "Date: YYYY-MM-DD" line under the title');
  const sections = sectionsOf(markdown);
  for (const name of REQUIRED_SECTIONS) {
    if (!sections.has(name)) problems.push(`missing section "## ${name}"`);
    else if (!sections.get(name)!.trim()) problems.push(`section "## ${name}" is empty`);
  }
  for (const name of OPTIONAL_SECTIONS) {
    if (sections.has(name) && !sections.get(name)!.trim()) problems.push(`section "## ${name}" is empty`);
  }
  const clauses: Clause[] = [];
  for (const block of clauseBlocks(sections.get("Decision") ?? "")) {
    if (block.k !== clauses.length + 1) problems.push(`clause ${block.k} follows clause ${clauses.length}: clauses are numbered 1, 2, 3, ... without gaps`);
    const supersededBy = SUPERSEDED.exec(block.text)?.[1];
    clauses.push({ id: `ADR-${number}.${block.k}`, title: block.title, ...(supersededBy ? { supersededBy } : {}) });
  }
  if (sections.has("Decision") && clauses.length === 0) problems.push('the Decision has no clauses ("1. **Title**: text")');
  return { number, file, title, date, clauses, problems };
}

/** Whether a `/` after `code` starts a regular expression rather than a division: after an operator, a bracket or a keyword. */
function regexMayStartAfter(code: string): boolean {
  let end = code.length;
  while (end > 0 && /\s/.test(code[end - 1]!)) end--;
  return end === 0 || /[(,=:[!&|?{};+\-*%<>~^]$|\b(?:return|typeof|case|do|else|in|of|void|yield|await)$/.test(code.slice(Math.max(0, end - 7), end));
}

/**
 * Block and line comments blanked out (same length, so line numbers hold). Strings, template
 * literals and regular expressions are read past whole, so a `/*` or `//` inside one is text.
 */
function withoutComments(source: string): string {
  let out = "";
  let i = 0;
  const blank = (text: string) => text.replace(/[^\n]/g, " ");
  /** The index just past the literal that starts at `start` with `close`, escapes skipped; in a regular expression, a `/` inside `[...]` does not end it. */
  const literalEnd = (start: number, close: string) => {
    let inClass = false;
    for (let j = start + 1; j < source.length; j++) {
      const char = source[j]!;
      if (char === "\\") j++;
      else if (close === "/" && char === "[") inClass = true;
      else if (close === "/" && char === "]") inClass = false;
      else if (char === close && !inClass) return j + 1;
      else if (char === "\n" && close !== "`") return j;
    }
    return source.length;
  };
  while (i < source.length) {
    const char = source[i]!;
    const next = source[i + 1];
    let end = i + 1;
    if (char === "/" && next === "/") {
      end = source.indexOf("\n", i);
      if (end === -1) end = source.length;
      out += blank(source.slice(i, end));
    } else if (char === "/" && next === "*") {
      const close = source.indexOf("*/", i + 2);
      end = close === -1 ? source.length : close + 2;
      out += blank(source.slice(i, end));
    } else {
      if (char === '"' || char === "'" || char === "`") end = literalEnd(i, char);
      else if (char === "/" && regexMayStartAfter(out)) end = literalEnd(i, "/");
      out += source.slice(i, end);
    }
    i = end;
  }
  return out;
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
  const clauses = new Map(adrs.flatMap((adr) => adr.clauses.map((c) => [c.id, c] as const)));
  const seenNumbers = new Map<string, string>();
  for (const adr of adrs) {
    for (const problem of adr.problems) failures.push(`${adr.file}: ${problem}`);
    const other = seenNumbers.get(adr.number);
    if (other) failures.push(`${adr.file}: ADR number ${adr.number} is also used by ${other}`);
    seenNumbers.set(adr.number, adr.file);
    for (const clause of adr.clauses) {
      const successor = clause.supersededBy && clauses.get(clause.supersededBy);
      if (clause.supersededBy && (!successor || successor.supersededBy)) {
        failures.push(`${adr.file}: ${clause.id} is superseded by ${clause.supersededBy}, which is not a clause in force`);
      }
    }
  }
  const cited = new Set<string>();
  for (const test of tests) {
    const where = `${test.file}:${test.line}`;
    if (test.name === null) {
      failures.push(`${where}: the test's name cannot be read from the source (not a string literal, or it.each), so no clause can be traced to it`);
      continue;
    }
    if (!LEADING_CLAUSE.test(test.name)) failures.push(`${where}: "${test.name}" does not start with the clause it proves (ADR-NNN.k)`);
    if (test.clauses.length > 1) {
      failures.push(`${where}: "${test.name}" cites ${test.clauses.join(", ")}: a test names the one clause it proves best, and the others have specs of their own`);
    }
    for (const id of test.clauses) {
      const clause = clauses.get(id);
      if (!clause) failures.push(`${where}: "${test.name}" cites ${id}, which no ADR defines`);
      else if (clause.supersededBy) failures.push(`${where}: "${test.name}" cites ${id}, which is superseded by ${clause.supersededBy}: cite that instead`);
      else cited.add(id);
    }
  }
  for (const adr of adrs) {
    for (const clause of adr.clauses) {
      if (!clause.supersededBy && !cited.has(clause.id)) failures.push(`${adr.file}: ${clause.id} ${clause.title} has no spec`);
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
