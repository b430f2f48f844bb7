/**
 * docs/spec-report.md from one vitest run (its JSON reporter's output) and the ADRs (ADR 013.4):
 * for every ADR and clause, the specs that prove it and how they ended, with totals. A spec is
 * listed under the first clause its name cites and printed as `describe › test` without clause
 * ids, so one ADR's section reads as a list of plain sentences.
 */
import { relative } from "node:path";
import type { Adr } from "./traceability";

/** The part of vitest's JSON report (jest's format) that the report reads. */
export interface VitestJsonReport {
  startTime: number;
  success: boolean;
  testResults: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults: Array<{ ancestorTitles: string[]; title: string; status: string; duration?: number | null }>;
  }>;
}

export interface RunInfo {
  /** The command that produced the results, as shown in the report. */
  command: string;
  root: string;
}

interface SpecResult {
  file: string;
  /** The `describe` titles, outermost first. */
  subject: string[];
  /** The test's own name, as vitest reports it. */
  title: string;
  status: string;
  /** Every clause id the name cites; the first is the one the test proves. */
  clauses: string[];
}

/** One row of an ADR's table: one spec, or specs that differ only in one quoted literal. */
interface Row {
  file: string;
  sentence: string;
  status: string;
}

const CLAUSE_ID = /ADR-\d{3}\.\d+/g;
const QUOTED = /"(?:[^"\\]|\\.)*"/g;
const mark: Record<string, string> = { passed: "✅ passed", failed: "❌ failed", skipped: "⏭️ skipped", pending: "⏭️ skipped", todo: "📝 todo" };
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** A title without its clause ids: the plain sentence a reviewer reads. */
export function proseOf(title: string): string {
  return title.replace(/ADR-\d{3}\.\d+\s*/g, "").trim();
}

/** `describe › describe › it`, clause ids taken out of each part. */
export function sentenceOf(subject: readonly string[], title: string): string {
  return [...subject, title].map(proseOf).filter(Boolean).join(" › ");
}

function specResults(report: VitestJsonReport, root: string): SpecResult[] {
  return report.testResults.flatMap((file) =>
    file.assertionResults.map((test) => ({
      file: relative(root, file.name),
      subject: test.ancestorTitles,
      title: test.title,
      status: test.status,
      clauses: [...test.title.matchAll(CLAUSE_ID)].map((m) => m[0]),
    })),
  );
}

/** "a", "a or b", "a, b or c". */
const listOf = (items: readonly string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`);

/**
 * Rows for specs in run order; specs of one file that read the same except for one quoted
 * literal, and ended alike, share the row of the first of them, which lists every literal.
 */
export function rowsOf(specs: ReadonlyArray<Pick<SpecResult, "file" | "subject" | "title" | "status">>): Row[] {
  const groups = new Map<string, Array<{ sentence: string; literals: string[] }>>();
  for (const spec of specs) {
    const sentence = sentenceOf(spec.subject, spec.title);
    const key = JSON.stringify([spec.file, spec.status, sentence.replace(QUOTED, '""')]);
    const group = groups.get(key) ?? [];
    group.push({ sentence, literals: sentence.match(QUOTED) ?? [] });
    groups.set(key, group);
  }
  const rows: Row[] = [];
  for (const [key, group] of groups) {
    const [file, status] = JSON.parse(key) as [string, string];
    const positions = group[0]!.literals.map((_, i) => new Set(group.map((g) => g.literals[i])).size);
    const varying = positions.flatMap((distinct, i) => (distinct > 1 ? [i] : []));
    if (group.length === 1 || varying.length !== 1) {
      for (const { sentence } of group) rows.push({ file, status, sentence });
      continue;
    }
    const at = varying[0]!;
    const values = [...new Set(group.map((g) => g.literals[at]!))];
    let index = 0;
    const sentence = group[0]!.sentence.replace(QUOTED, (literal) => (index++ === at ? listOf(values) : literal));
    rows.push({ file, status, sentence });
  }
  return rows;
}

function count(results: readonly SpecResult[], status: string): number {
  return results.filter((r) => r.status === status || (status === "skipped" && r.status === "pending")).length;
}

export function renderSpecReport(adrs: readonly Adr[], report: VitestJsonReport, run: RunInfo): string {
  const results = specResults(report, run.root);
  const clauses = adrs.flatMap((a) => a.clauses).filter((c) => !c.supersededBy);
  const inForce = new Set(clauses.map((c) => c.id));
  const specsOf = (id: string) => results.filter((r) => r.clauses[0] === id);
  const proven = clauses.filter((c) => {
    const specs = specsOf(c.id);
    return specs.length > 0 && specs.every((r) => r.status === "passed");
  });
  const brokenFiles = report.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0);

  const out: string[] = [
    "# Spec report",
    "",
    `Generated by \`npm run spec:report\` from the run of \`${run.command}\` started ${new Date(report.startTime).toISOString()}. Do not edit by hand.`,
    "Each clause of the ADRs (docs/adr/) with the specs that prove it (`describe › test`) and their result in that run.",
    "",
    "## Totals",
    "",
    "| | count |",
    "| --- | --- |",
    `| specs run | ${results.length} |`,
    `| passed | ${count(results, "passed")} |`,
    `| failed | ${count(results, "failed")} |`,
    `| skipped | ${count(results, "skipped")} |`,
    `| spec files that could not run | ${brokenFiles.length} |`,
    `| clauses in force | ${clauses.length} |`,
    `| clauses whose specs all passed | ${proven.length} |`,
    `| clauses without a spec in this run | ${clauses.filter((c) => specsOf(c.id).length === 0).length} |`,
    "",
    `Result of the run: ${report.success ? "**green**" : "**red**"}.`,
    "",
  ];

  for (const adr of adrs) {
    out.push(`## ${adr.title || adr.file}`, "", `[${adr.file}](${relative("docs", adr.file)})`, "");
    for (const problem of adr.problems) out.push(`- ⚠️ ${problem}`);
    if (adr.problems.length) out.push("");
    out.push("| clause | spec | file | result |", "| --- | --- | --- | --- |");
    for (const clause of adr.clauses) {
      const label = `**${clause.id}** ${cell(clause.title)}`;
      if (clause.supersededBy) {
        out.push(`| ${label} | superseded by ${clause.supersededBy} | | |`);
        continue;
      }
      const rows = rowsOf(specsOf(clause.id));
      if (rows.length === 0) out.push(`| ${label} | no spec in this run | | ⚠️ not proven |`);
      rows.forEach((row, i) => out.push(`| ${i === 0 ? label : ""} | ${cell(row.sentence)} | \`${row.file}\` | ${mark[row.status] ?? row.status} |`));
    }
    out.push("");
  }

  const untraced = results.filter((r) => r.clauses.length === 0 || !inForce.has(r.clauses[0]!));
  if (untraced.length) {
    // Printed with their ids: the id is what is wrong.
    out.push("## Specs citing no clause in force", "", "| spec | file | result |", "| --- | --- | --- |");
    for (const spec of untraced) out.push(`| ${cell([...spec.subject, spec.title].join(" › "))} | \`${spec.file}\` | ${mark[spec.status] ?? spec.status} |`);
    out.push("");
  }
  if (brokenFiles.length) {
    out.push("## Spec files that could not run", "");
    for (const file of brokenFiles) out.push(`- \`${relative(run.root, file.name)}\`: ${cell((file.message ?? "").split("\n")[0] ?? "")}`);
    out.push("");
  }
  return out.join("\n");
}
