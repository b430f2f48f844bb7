/**
 * ADR 013.4: the spec report is rendered from a vitest JSON run: every clause with the specs
 * citing it and their results, clauses without specs flagged, totals counted from the run.
 */
import { describe, expect, it } from "vitest";
import { renderSpecReport, type VitestJsonReport } from "../../scripts/spec-report-markdown";
import { parseAdr } from "../../scripts/traceability";

const adr = parseAdr(
  "docs/adr/042-example.md",
  "# ADR 042: Example\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n\n## Decision\n\n1. **First rule**: a.\n2. **Second rule**: b.\n3. **Third rule**: c.\n\n## Consequences\n\nSo.\n",
);
const result = (title: string, status: string) => ({ ancestorTitles: ["example"], title, status, duration: 1 });
const run: VitestJsonReport = {
  startTime: Date.parse("2026-11-27T12:00:00Z"),
  success: false,
  testResults: [
    { name: "/repo/spec/a.spec.ts", status: "failed", assertionResults: [result("ADR-042.1 holds", "passed"), result("ADR-042.2 breaks", "failed"), result("ADR-042.1 ADR-042.2 both", "passed")] },
    { name: "/repo/spec/b.spec.ts", status: "failed", message: "Error: Cannot find module './gone'\n  at x", assertionResults: [] },
    { name: "/repo/spec/c.spec.ts", status: "passed", assertionResults: [result("does something", "passed"), result("ADR-099.1 elsewhere", "passed")] },
  ],
};
const markdown = renderSpecReport([adr], run, { command: "vitest run", root: "/repo" });

describe("the spec report", () => {
  it("ADR-013.4 lists each clause with every spec citing it and that spec's result in the run", () => {
    expect(markdown).toContain("| **ADR-042.1** First rule | `spec/a.spec.ts` ADR-042.1 holds | ✅ passed |");
    expect(markdown).toContain("|  | `spec/a.spec.ts` ADR-042.1 ADR-042.2 both | ✅ passed |");
    expect(markdown).toContain("| **ADR-042.2** Second rule | `spec/a.spec.ts` ADR-042.2 breaks | ❌ failed |");
    expect(markdown).toContain("| **ADR-042.3** Third rule | no spec in this run | ⚠️ not proven |");
  });

  it("ADR-013.4 totals come from the run, and a red run says so", () => {
    for (const row of ["| specs run | 5 |", "| passed | 4 |", "| failed | 1 |", "| spec files that could not run | 1 |", "| clauses | 3 |", "| clauses whose specs all passed | 1 |", "| clauses without a spec in this run | 1 |"]) {
      expect(markdown).toContain(row);
    }
    expect(markdown).toContain("Result of the run: **red**.");
    expect(markdown).toContain("started 2026-11-27T12:00:00.000Z");
  });

  it("ADR-013.4 specs that trace to nothing and files that could not run are listed, not dropped", () => {
    expect(markdown).toContain("| `spec/c.spec.ts` does something | ✅ passed |");
    expect(markdown).toContain("| `spec/c.spec.ts` ADR-099.1 elsewhere | ✅ passed |");
    expect(markdown).toContain("- `spec/b.spec.ts`: Error: Cannot find module './gone'");
  });
});
