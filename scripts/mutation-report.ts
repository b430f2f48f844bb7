/**
 * docs/mutation.md from Stryker's last result (each scope's incremental file, ADR 023, ADR 031.3):
 * the score per folder of src/, what was not measured, and every surviving mutant with the reason
 * it is equivalent or harmless (scripts/mutation/survivors.ts), or flagged as unexplained.
 * `npm run mutation` runs it after Stryker; `tsx scripts/mutation-report.ts --check` only prints.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { globSync } from "node:fs";
import { entriesExplainingNone, explainSurvivor } from "./mutation/survivors";
import { mutantsWithoutResult, type MutantWithoutResult } from "./mutation/without-result";

export const MUTATION_BUDGET = 0.85;

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: "Killed" | "Survived" | "NoCoverage" | "Timeout" | "CompileError" | "RuntimeError" | "Ignored" | "Pending";
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
interface StrykerResult {
  files: Record<string, { source: string; mutants: Mutant[] }>;
  testFiles?: Record<string, unknown>;
}

export interface Tally {
  mutants: number;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  notCompiling: number;
  /** Static mutants a run of scope `all` skips (ADR 031.5): neither killed nor survived, not counted. */
  staticNotRun: number;
}

const emptyTally = (): Tally => ({ mutants: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, notCompiling: 0, staticNotRun: 0 });

function add(tally: Tally, mutant: Mutant): void {
  tally.mutants += 1;
  if (mutant.status === "Killed") tally.killed += 1;
  else if (mutant.status === "Timeout") tally.timeout += 1;
  else if (mutant.status === "Survived") tally.survived += 1;
  else if (mutant.status === "NoCoverage") tally.noCoverage += 1;
  else if (mutant.status === "Ignored") tally.staticNotRun += 1;
  else tally.notCompiling += 1; // CompileError (the TypeScript checker), RuntimeError
}

/** Stryker's mutation score: killed and timed out over every mutant that compiled and ran. */
export const scoreOf = (t: Tally) => {
  const valid = t.killed + t.timeout + t.survived + t.noCoverage;
  return valid === 0 ? 1 : (t.killed + t.timeout) / valid;
};
const percent = (score: number) => `${(score * 100).toFixed(1)} %`;

export interface Survivor {
  file: string;
  line: number;
  column: number;
  status: "Survived" | "NoCoverage";
  mutator: string;
  original: string;
  replacement: string;
  /** The whole source line it is on. */
  sourceLine: string;
  reason: string | undefined;
}

export interface MutationSummary {
  scope: string;
  date: string;
  byFolder: Array<[folder: string, tally: Tally, files: number]>;
  total: Tally;
  survivors: Survivor[];
  specFiles: string[];
  measured: string[];
  unmeasured: string[];
  /** Mutants of the files in scope today that the result holds nothing for: those files are measured in part. */
  withoutResult: MutantWithoutResult[];
}

const folderOf = (file: string) => {
  const parts = file.split("/");
  return parts.length > 2 ? `${parts.slice(0, 2).join("/")}/` : "src/ (root)";
};

function textAt(source: string, location: Mutant["location"]): string {
  const lines = source.split("\n");
  if (location.start.line === location.end.line) return lines[location.start.line - 1]!.slice(location.start.column - 1, location.end.column - 1);
  return [lines[location.start.line - 1]!.slice(location.start.column - 1), ...lines.slice(location.start.line, location.end.line - 1), lines[location.end.line - 1]!.slice(0, location.end.column - 1)].join("\n");
}

/** One load at a time: each sets MUTATION_SCOPE, which the config reads as it is evaluated. */
let loading: Promise<unknown> = Promise.resolve();

/** stryker.config.mjs as Stryker loads it for `scope`. */
function strykerConfig(scope: string): Promise<{ mutate: string[]; incrementalFile: string }> {
  const loaded = loading.then(() => loadStrykerConfig(scope));
  loading = loaded.catch(() => undefined);
  return loaded;
}

async function loadStrykerConfig(scope: string): Promise<{ mutate: string[]; incrementalFile: string }> {
  const previous = process.env.MUTATION_SCOPE;
  process.env.MUTATION_SCOPE = scope;
  try {
    const url = new URL(`../stryker.config.mjs?scope=${scope}`, import.meta.url).href;
    return ((await import(url)) as { default: { mutate: string[]; incrementalFile: string } }).default;
  } finally {
    if (previous === undefined) delete process.env.MUTATION_SCOPE;
    else process.env.MUTATION_SCOPE = previous;
  }
}

/**
 * The files a scope mutates now, by stryker.config.mjs's patterns: an incremental result keeps the
 * files of earlier runs, which must not be counted once they left the scope.
 */
export async function filesInScope(scope: string): Promise<Set<string>> {
  const config = await strykerConfig(scope);
  const left = new Set(config.mutate.filter((p) => p.startsWith("!")).flatMap((p) => globSync(p.slice(1))));
  return new Set(config.mutate.filter((p) => !p.startsWith("!")).flatMap((p) => globSync(p)).filter((f) => !left.has(f)));
}

/** Where the scope's last result is kept (ADR 031.3: committed for `all`). */
export const incrementalFileOf = async (scope: string): Promise<string> => (await strykerConfig(scope)).incrementalFile;

export function summarize(result: StrykerResult, scope: string, date: string, inScope?: ReadonlySet<string>, withoutResult: MutantWithoutResult[] = []): MutationSummary {
  const folders = new Map<string, { tally: Tally; files: number }>();
  const total = emptyTally();
  const survivors: Survivor[] = [];
  const files = Object.entries(result.files).filter(([file]) => !inScope || inScope.has(file));
  for (const [file, { source, mutants }] of files.sort(([a], [b]) => a.localeCompare(b))) {
    const folder = folders.get(folderOf(file)) ?? { tally: emptyTally(), files: 0 };
    folder.files += 1;
    folders.set(folderOf(file), folder);
    for (const mutant of mutants) {
      add(folder.tally, mutant);
      add(total, mutant);
      if (mutant.status === "Survived" || mutant.status === "NoCoverage") {
        const original = textAt(source, mutant.location);
        const replacement = mutant.replacement ?? "";
        const line = source.split("\n")[mutant.location.start.line - 1] ?? "";
        survivors.push({
          file,
          line: mutant.location.start.line,
          column: mutant.location.start.column,
          status: mutant.status,
          mutator: mutant.mutatorName,
          original,
          replacement,
          sourceLine: line,
          reason: explainSurvivor({ file, mutator: mutant.mutatorName, replacement, line, original }),
        });
      }
    }
  }
  const measured = new Set(files.map(([file]) => file));
  return {
    scope,
    date,
    byFolder: [...folders].sort(([a], [b]) => a.localeCompare(b)).map(([folder, { tally, files }]) => [folder, tally, files]),
    total,
    survivors,
    specFiles: Object.keys(result.testFiles ?? {}).sort(),
    measured: [...measured].sort(),
    unmeasured: globSync("src/**/*.{ts,tsx}").filter((f) => !measured.has(f)).sort(),
    withoutResult,
  };
}

const code = (text: string) => `\`${text.replace(/\s+/g, " ").replace(/`/g, "ˋ").replace(/\|/g, "\\|").slice(0, 90)}\``;

export function renderSummary(s: MutationSummary): string {
  const row = (name: string, t: Tally, files: number | string) =>
    `| ${name} | ${files} | ${t.mutants} | ${t.killed} | ${t.timeout} | ${t.survived} | ${t.noCoverage} | ${t.notCompiling} | ${t.staticNotRun} | ${percent(scoreOf(t))} |`;
  const unexplained = s.survivors.filter((x) => !x.reason).length;
  const holds = scoreOf(s.total) >= MUTATION_BUDGET && unexplained === 0;
  return [
    `### Scope \`${s.scope}\`, run ${s.date}`,
    "",
    "| folder | files | mutants | killed | timed out | survived | no coverage | not compiling (not counted) | static, not run (not counted) | score |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...s.byFolder.map(([folder, tally, files]) => row(`\`${folder}\``, tally, files)),
    row("**all measured**", s.total, s.byFolder.reduce((n, [, , files]) => n + files, 0)),
    "",
    s.scope === "node"
      ? `Budget: at least ${percent(MUTATION_BUDGET)} killed, every survivor explained: **${holds ? "holds" : "over budget"}** ` +
        `(${percent(scoreOf(s.total))}; ${s.survivors.length} survivors, ${unexplained} unexplained).`
      : `Not held to the budget (ADR-023.3 holds the default scope): ${percent(scoreOf(s.total))}; ${s.survivors.length} survivors, ${unexplained} without a recorded reason.`,
    "",
    `Specs run against each mutant (${s.specFiles.length}): ${s.specFiles.map((f) => `\`${f}\``).join(", ")}.`,
    "",
    `Files of src/ not mutated in this scope (${s.unmeasured.length}): ${s.unmeasured.map((f) => `\`${f}\``).join(", ") || "none"}.`,
    "",
    renderWithoutResult(s.withoutResult),
    "",
    "#### Survivors",
    "",
    "| where | mutant | status | why it may live |",
    "| --- | --- | --- | --- |",
    ...s.survivors.map((x) => `| \`${x.file}:${x.line}:${x.column}\` | ${x.mutator}: ${code(x.original)} → ${code(x.replacement)} | ${x.status} | ${x.reason ?? (s.scope === "node" ? "**unexplained: kill it with a spec or explain it in scripts/mutation/survivors.ts**" : "not yet examined")} |`),
    "",
  ].join("\n");
}

/** Whether the result covers every mutant of the files in scope, checked with Stryker's instrumenter (ADR-031.3). */
export function renderWithoutResult(missing: readonly MutantWithoutResult[]): string {
  if (!missing.length) return "Every mutant Stryker makes of the files in this scope today has a result (checked with Stryker's instrumenter).";
  const byFile = new Map<string, number[]>();
  for (const m of missing) byFile.set(m.file, [...(byFile.get(m.file) ?? []), m.line]);
  return (
    `Mutants with no result yet (${missing.length}), so these files are measured in part (a stopped run drops what it had not reached; a changed file has new mutants): ` +
    [...byFile].map(([file, lines]) => `\`${file}\` (${lines.length}, lines ${[...new Set(lines)].join(", ")})`).join("; ") +
    ". Run them: `--mutate` with those files' line ranges."
  );
}

export async function readSummary(scope: string): Promise<MutationSummary | null> {
  const path = await incrementalFileOf(scope);
  if (!existsSync(path)) return null;
  const result = JSON.parse(readFileSync(path, "utf8")) as StrykerResult;
  const inScope = await filesInScope(scope);
  return summarize(result, scope, statSync(path).mtime.toISOString(), inScope, await mutantsWithoutResult(result, [...inScope].sort()));
}

/**
 * What stands for scope `all` until a folder of it has been run (ADR 031.3): the files the default
 * scope leaves unmeasured are then measured by no scope, and the reason is said.
 */
export function renderAllNotRun(unmeasured: readonly string[]): string {
  return [
    "### Scope `all`: no folder run yet",
    "",
    "`mutation/incremental-all.json` holds no result. Run one folder at a time (ADR 031.3):",
    "`MUTATION_SCOPE=all npx stryker run --mutate 'src/reply/**/*.ts,src/reply/**/*.tsx'`, then `npx tsx scripts/mutation-report.ts`.",
    "All of `src/` in one run is hours of workerd specs on two cores (ADR 023, Consequences), more than a",
    "session of the shared machine allows without starving the other work on it.",
    "",
    `Files of src/ measured by no scope (${unmeasured.length}): ${unmeasured.map((f) => `\`${f}\``).join(", ") || "none"}.`,
    "",
  ].join("\n");
}

/** Entries of survivors.ts for a file these results measured that explain none of their survivors: to be dropped. */
function renderIdleEntries(summaries: MutationSummary[]): string[] {
  const survivors = summaries.flatMap((s) => s.survivors.map((x) => ({ ...x, line: x.sourceLine })));
  const idle = entriesExplainingNone(survivors, new Set(summaries.flatMap((s) => s.measured)));
  if (!idle.length) return [];
  return [
    `### Explanations that explain no survivor (${idle.length})`,
    "",
    "Entries of `scripts/mutation/survivors.ts` for a file measured above that explain none of the survivors above: a spec",
    "kills their mutant now, the code it changed is gone, or an earlier entry explains it first. They are to be dropped, once the run that measured their",
    "file was complete: a stopped run leaves a file in part, and an entry may explain one of its mutants not yet tested.",
    ...(summaries.some((s) => s.scope === "node")
      ? []
      : ["Scope `node`'s result is not above (it is not committed): an entry may still explain one of its survivors; run `npm run mutation` to see."]),
    "",
    ...idle.map((k) => `- \`${k.file}\` ${k.mutator} → ${code(k.replacement)}${k.near ? ` near ${code(k.near)}` : ""}`),
    "",
  ];
}

export function renderMutationDoc(summaries: MutationSummary[]): string {
  const node = summaries.find((s) => s.scope === "node");
  const all = summaries.find((s) => s.scope === "all");
  return [
    "# Mutation testing",
    "",
    "Generated by `npm run mutation` (Stryker, then `scripts/mutation-report.ts`) from Stryker's result; do not edit by hand.",
    "What is measured, how and why: [ADR 023](adr/023-mutation-testing.md). A mutant is a small change to `src/` that a",
    "real bug could look like; it is *killed* when a spec fails on it. Mutants that do not compile are found by the",
    "TypeScript checker and not counted. The score is killed (or timed out) over every mutant that compiled.",
    "",
    "Scopes: `node` (the default) mutates the modules the node-side unit specs reach, in seconds; `all`",
    "(`MUTATION_SCOPE=all`) mutates every file of `src/` and runs the workerd specs too (Stryker's vitest runner",
    "drives them inside workerd). A scope's table is from its last run; scope `all` is run a folder at a time into one",
    "committed result (ADR 031.3), so its table covers the folders run so far. Scope `all` skips static mutants (a",
    "change to a module-level value, which only the whole workers project can test) and runs the properties 25 times,",
    "not the suite's 50 (ADR 031.5): its score is over the mutants that ran, and is a floor for what the full suite kills.",
    "",
    ...summaries.map(renderSummary),
    ...(all ? [] : [renderAllNotRun(node ? node.unmeasured : globSync("src/**/*.{ts,tsx}").sort())]),
    ...renderIdleEntries(summaries),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const summaries = (await Promise.all(["node", "all"].map(readSummary))).filter((s): s is MutationSummary => s !== null);
  if (!summaries.length) {
    console.error("mutation-report: no result of either scope: run `npm run mutation` first");
    process.exit(1);
  }
  const text = renderMutationDoc(summaries);
  if (process.argv.includes("--check")) console.log(text);
  else writeFileSync("docs/mutation.md", text);
  for (const s of summaries) {
    console.log(`mutation-report: ${s.scope}: ${percent(scoreOf(s.total))}, ${s.survivors.filter((x) => !x.reason).length} unexplained survivors, ${s.withoutResult.length} mutants without a result`);
  }
}
