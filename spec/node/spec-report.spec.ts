/**
 * ADR 013.4: the spec report is rendered from a vitest JSON run: every clause with the specs
 * proving it and their results, clauses without specs flagged, totals counted from the run.
 * Each spec reads as `describe › test` without clause ids, under its one clause; specs that
 * differ only in a quoted literal share a row.
 */
import { describe, expect, it } from "vitest";
import { renderSpecReport, rowsOf, sentenceOf, type VitestJsonReport } from "../../scripts/spec-report-markdown";
import { parseAdr } from "../../scripts/traceability";

const adr = parseAdr(
  "docs/adr/042-example.md",
  "# ADR 042: Example\n\nDate: 2026-12-01\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n\n## Decision\n\n" +
    "1. **First rule**: a.\n2. **Second rule**: b.\n3. **Third rule**: c.\n4. **Old rule**: d.\n\n   Superseded by ADR-042.1 (2026-12-01).\n\n" +
    "## Consequences\n\nSo.\n",
);
const result = (title: string, status: string, ancestorTitles = ["the example"]) => ({ ancestorTitles, title, status, duration: 1 });
const run: VitestJsonReport = {
  startTime: Date.parse("2026-11-27T12:00:00Z"),
  success: false,
  testResults: [
    {
      name: "/repo/spec/a.spec.ts",
      status: "failed",
      assertionResults: [
        result("ADR-042.1 holds", "passed", ["the example", "when nested"]),
        result("ADR-042.2 breaks", "failed"),
        result("ADR-042.1 ADR-042.2 proves the first, mentions the second", "passed"),
        result('ADR-042.3 content type "text/plain" gets 415', "passed", ["a webhook"]),
        result('ADR-042.3 content type "" gets 415', "passed", ["a webhook"]),
        result('ADR-042.3 content type "application/json" gets 415', "passed", ["a webhook"]),
        result('ADR-042.3 content type "text/html" gets 415', "failed", ["a webhook"]),
      ],
    },
    { name: "/repo/spec/b.spec.ts", status: "failed", message: "Error: Cannot find module './gone'\n  at x", assertionResults: [] },
    {
      name: "/repo/spec/c.spec.ts",
      status: "passed",
      assertionResults: [result("does something", "passed"), result("ADR-099.1 elsewhere", "passed"), result("ADR-042.4 the old way", "passed")],
    },
  ],
};
const markdown = renderSpecReport([adr], run, { command: "vitest run", root: "/repo" });

describe("the spec report", () => {
  it("ADR-013.4 lists each clause with every spec proving it and that spec's result in the run", () => {
    expect(markdown).toContain("| clause | spec | file | result |");
    expect(markdown).toContain("| **ADR-042.1** First rule | the example › when nested › holds | `spec/a.spec.ts` | ✅ passed |");
    expect(markdown).toContain("| **ADR-042.2** Second rule | the example › breaks | `spec/a.spec.ts` | ❌ failed |");
    expect(markdown).toContain("| **ADR-042.4** Old rule | superseded by ADR-042.1 | | |");
  });

  it("ADR-013.4 prints each spec as describe › test, with the clause ids out of the prose", () => {
    expect(sentenceOf(["reset, in every spelling"], 'ADR-003.4 "reset" deletes everything')).toBe('reset, in every spelling › "reset" deletes everything');
    expect(sentenceOf(["outer", "inner"], "ADR-004.6 ADR-004.7 is not retried")).toBe("outer › inner › is not retried");
    expect(sentenceOf(["reset"], 'ADR-003.4 "  Reset  " is a command')).toBe('reset › "  Reset  " is a command');
    const adrSection = markdown.slice(markdown.indexOf("## ADR 042"), markdown.indexOf("## Specs citing"));
    expect(adrSection).toContain("`spec/a.spec.ts`");
    expect(adrSection).not.toMatch(/\| [^|]*ADR-\d{3}\.\d[^|]* \| `spec\//);
  });

  it("ADR-013.4 lists a spec under the first clause its name cites only", () => {
    expect(markdown).toContain("|  | the example › proves the first, mentions the second | `spec/a.spec.ts` | ✅ passed |");
    const second = markdown.slice(markdown.indexOf("**ADR-042.2**"), markdown.indexOf("**ADR-042.3**"));
    expect(second).not.toContain("proves the first");
  });

  it("ADR-013.4 specs that differ only in a quoted literal and ended alike share one row listing the literals", () => {
    expect(markdown).toContain('| **ADR-042.3** Third rule | a webhook › content type "text/plain", "" or "application/json" gets 415 | `spec/a.spec.ts` | ✅ passed |');
    expect(markdown).toContain('|  | a webhook › content type "text/html" gets 415 | `spec/a.spec.ts` | ❌ failed |');
    const spec = (title: string, file = "spec/x.spec.ts") => ({ file, subject: ["s"], title, status: "passed" });
    expect(rowsOf([spec('ADR-001.1 "a" to "b"'), spec('ADR-001.1 "c" to "d"')]).map((r) => r.sentence)).toEqual(['s › "a" to "b"', 's › "c" to "d"']);
    expect(rowsOf([spec('ADR-001.1 "a" to "b"'), spec('ADR-001.1 "c" to "b"')]).map((r) => r.sentence)).toEqual(['s › "a" or "c" to "b"']);
    expect(rowsOf([spec('ADR-001.1 "a" works'), spec('ADR-001.1 "c" works', "spec/y.spec.ts")])).toHaveLength(2);
  });

  it("ADR-013.4 totals come from the run, and a red run says so", () => {
    for (const row of ["| specs run | 10 |", "| passed | 8 |", "| failed | 2 |", "| spec files that could not run | 1 |", "| clauses in force | 3 |", "| clauses whose specs all passed | 1 |", "| clauses without a spec in this run | 0 |"]) {
      expect(markdown).toContain(row);
    }
    expect(markdown).toContain("Result of the run: **red**.");
    expect(markdown).toContain("started 2026-11-27T12:00:00.000Z");
  });

  it("ADR-013.4 specs that trace to nothing, or to a clause not in force, and files that could not run are listed with their ids", () => {
    expect(markdown).toContain("| the example › does something | `spec/c.spec.ts` | ✅ passed |");
    expect(markdown).toContain("| the example › ADR-099.1 elsewhere | `spec/c.spec.ts` | ✅ passed |");
    expect(markdown).toContain("| the example › ADR-042.4 the old way | `spec/c.spec.ts` | ✅ passed |");
    expect(markdown).toContain("- `spec/b.spec.ts`: Error: Cannot find module './gone'");
  });
});
