/**
 * ADR 013.1 and 013.2: every ADR clause in force is proved by a spec that names it, and every
 * spec names the one clause it proves. The first test is the check itself over the repository;
 * the others show that the check catches each kind of break.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkTraceability, parseAdr, parseSpecFile, readRepository } from "../../scripts/traceability";

const root = fileURLToPath(new URL("../..", import.meta.url));

const adr = (sections: Record<string, string>, preamble = "Date: 2026-12-01\n\n") =>
  "# ADR 042: Example\n\n" + preamble + Object.entries(sections).map(([name, body]) => `## ${name}\n\n${body}\n`).join("\n");
const complete = {
  Status: "Accepted",
  Context: "Why.",
  Decision: "1. **First rule**: text.\n2. **Second rule**: text.",
  Consequences: "What follows.",
};
// Built at run time so that the check, reading this file, does not take the samples for tests.
const call = (fn: string, name: string) => `${fn}(${JSON.stringify(name)}, async () => {});\n`;
const raw = (fn: string, rest: string) => `${fn}${rest}\n`;

describe("traceability between ADRs and specs", () => {
  it("ADR-013.2 every ADR has its date and sections, every clause in force a spec, every spec one existing clause", () => {
    const report = readRepository(root);
    expect(report.adrs.map((a) => a.number)).toContain("010");
    expect(report.tests.length).toBeGreaterThan(0);
    expect(report.failures).toEqual([]);
  });

  it("ADR-013.1 clauses are the Decision's numbered bold items, cited as ADR-NNN.k", () => {
    const parsed = parseAdr("docs/adr/042-example.md", adr(complete));
    expect(parsed.problems).toEqual([]);
    expect(parsed.date).toBe("2026-12-01");
    expect(parsed.clauses).toEqual([
      { id: "ADR-042.1", title: "First rule" },
      { id: "ADR-042.2", title: "Second rule" },
    ]);
  });

  it("ADR-013.2 an ADR missing a section, or with gaps in its numbering, fails the check", () => {
    const { Consequences: _, ...withoutConsequences } = complete;
    const missing = parseAdr("docs/adr/042-example.md", adr(withoutConsequences));
    expect(missing.problems).toEqual(['missing section "## Consequences"']);
    const gap = parseAdr("docs/adr/042-example.md", adr({ ...complete, Decision: "1. **One**: a.\n3. **Three**: c." }));
    expect(gap.problems).toHaveLength(1);
    const report = checkTraceability([missing], parseSpecFile("spec/x.spec.ts", call("it", "ADR-042.1 a") + call("it", "ADR-042.2 b")));
    expect(report.failures).toEqual(['docs/adr/042-example.md: missing section "## Consequences"']);
  });

  it("ADR-013.2 a clause that no spec cites fails the check", () => {
    const report = checkTraceability([parseAdr("docs/adr/042-example.md", adr(complete))], parseSpecFile("spec/x.spec.ts", call("it", "ADR-042.1 only the first")));
    expect(report.failures).toEqual(["docs/adr/042-example.md: ADR-042.2 Second rule has no spec"]);
  });

  it("ADR-013.2 a spec citing a clause that does not exist fails the check", () => {
    const specs = parseSpecFile("spec/x.spec.ts", call("it", "ADR-042.1 a") + call("test", "ADR-042.2 b") + call("it", "ADR-042.3 c"));
    const report = checkTraceability([parseAdr("docs/adr/042-example.md", adr(complete))], specs);
    expect(report.failures).toEqual(['spec/x.spec.ts:3: "ADR-042.3 c" cites ADR-042.3, which no ADR defines']);
  });

  it("ADR-013.1 a test whose name does not start with a clause, or cannot be read, fails the check", () => {
    const source =
      call("it", "ADR-042.1 a") +
      call("it", "ADR-042.2 b") +
      call("it", "checks something unnamed") +
      raw("it", "(name, () => {});") +
      raw("it", ".each([1, 2])('ADR-042.1 %s', () => {});");
    const report = checkTraceability([parseAdr("docs/adr/042-example.md", adr(complete))], parseSpecFile("spec/x.spec.ts", source));
    expect(report.failures).toEqual([
      'spec/x.spec.ts:3: "checks something unnamed" does not start with the clause it proves (ADR-NNN.k)',
      "spec/x.spec.ts:4: the test's name cannot be read from the source (not a string literal, or it.each), so no clause can be traced to it",
      "spec/x.spec.ts:5: the test's name cannot be read from the source (not a string literal, or it.each), so no clause can be traced to it",
    ]);
  });

  it("ADR-013.1 names are read from quoted and template literals, and commented-out tests are ignored", () => {
    const source =
      "// " + call("it", "ADR-999.1 commented out") +
      raw("it", ".concurrent('ADR-042.1 single quotes', () => {});") +
      raw("test", "(`ADR-042.2 template ${kind}`, () => {});");
    const tests = parseSpecFile("spec/x.spec.ts", source);
    expect(tests.map((t) => [t.line, t.clauses])).toEqual([
      [2, ["ADR-042.1"]],
      [3, ["ADR-042.2"]],
    ]);
  });

  it("ADR-013.1 comment marks inside strings and regular expressions are text: the tests after them are read", () => {
    const source =
      raw("const", ' glob = "spec/*.spec.ts";') +
      raw("const", " url = 'https://wa.example.com/summary';") +
      raw("const", ' quote = /"/g, slashes = /\\/*x/;') +
      call("it", "ADR-042.1 after a glob") +
      raw("const", " later = `*/ then //`;") +
      call("it", "ADR-042.2 after a template") +
      "it" + '("ADR-042.3 before a trailing comment", () => {}); // ' + call("it", "ADR-999.1 in the comment") +
      "/* " + call("it", "ADR-999.2 in a block comment") + "*/\n" +
      call("it", "ADR-042.4 after the block comment");
    const tests = parseSpecFile("spec/x.spec.ts", source);
    expect(tests.map((t) => [t.line, t.clauses])).toEqual([
      [4, ["ADR-042.1"]],
      [6, ["ADR-042.2"]],
      [7, ["ADR-042.3"]],
      [10, ["ADR-042.4"]],
    ]);
  });

  it("ADR-013.2 an ADR without its Date line fails the check", () => {
    const undated = parseAdr("docs/adr/042-example.md", adr(complete, ""));
    expect(undated.problems).toEqual(['missing the "Date: YYYY-MM-DD" line under the title']);
    const misplaced = parseAdr("docs/adr/042-example.md", adr({ ...complete, Context: "Why.\n\nDate: 2026-12-01" }, ""));
    expect(misplaced.date).toBeNull();
  });

  it("ADR-013.1 an ADR may record the options it considered; an empty Options considered section fails the check", () => {
    const withOptions = { Status: "Accepted", Context: "Why.", "Options considered": "- A: cheap.\n- B: safe.", Decision: complete.Decision, Consequences: "So." };
    expect(parseAdr("docs/adr/042-example.md", adr(withOptions)).problems).toEqual([]);
    expect(parseAdr("docs/adr/042-example.md", adr({ ...withOptions, "Options considered": "" })).problems).toEqual(['section "## Options considered" is empty']);
  });

  it("ADR-013.1 a test names one clause: a name citing two fails the check, however both clauses exist", () => {
    const report = checkTraceability([parseAdr("docs/adr/042-example.md", adr(complete))], parseSpecFile("spec/x.spec.ts", call("it", "ADR-042.1 ADR-042.2 both at once")));
    expect(report.failures).toEqual([
      'spec/x.spec.ts:1: "ADR-042.1 ADR-042.2 both at once" cites ADR-042.1, ADR-042.2: a test names the one clause it proves best, and the others have specs of their own',
    ]);
  });

  it("ADR-013.2 a superseded clause needs no spec, and a spec citing it instead of its successor fails the check", () => {
    const superseded = { ...complete, Decision: "1. **First rule**: text.\n\n   Superseded by ADR-043.1 (2026-12-01).\n2. **Second rule**: text." };
    const successor = parseAdr("docs/adr/043-successor.md", adr({ ...complete, Decision: "1. **First rule, restated**: text." }).replace("042: Example", "043: Successor"));
    const old = parseAdr("docs/adr/042-example.md", adr(superseded));
    expect(old.clauses).toEqual([
      { id: "ADR-042.1", title: "First rule", supersededBy: "ADR-043.1" },
      { id: "ADR-042.2", title: "Second rule" },
    ]);
    const traced = checkTraceability([old, successor], parseSpecFile("spec/x.spec.ts", call("it", "ADR-042.2 b") + call("it", "ADR-043.1 a")));
    expect(traced.failures).toEqual([]);
    const stale = checkTraceability([old, successor], parseSpecFile("spec/x.spec.ts", call("it", "ADR-042.2 b") + call("it", "ADR-042.1 a")));
    expect(stale.failures).toEqual([
      'spec/x.spec.ts:2: "ADR-042.1 a" cites ADR-042.1, which is superseded by ADR-043.1: cite that instead',
      "docs/adr/043-successor.md: ADR-043.1 First rule, restated has no spec",
    ]);
    const dangling = checkTraceability([old], parseSpecFile("spec/x.spec.ts", call("it", "ADR-042.2 b")));
    expect(dangling.failures).toEqual(["docs/adr/042-example.md: ADR-042.1 is superseded by ADR-043.1, which is not a clause in force"]);
  });
});
