/**
 * The mutants Stryker makes of the files in scope today that the last result holds nothing for
 * (ADR-031.3): a run stopped before its end drops the mutants it had not reached, and a file
 * changed since its run has new ones. Found with Stryker's own instrumenter, so "every file
 * measured" can be checked mutant by mutant, not taken from the files the result names.
 */
import { readFileSync } from "node:fs";
import { Instrumenter } from "@stryker-mutator/instrumenter";

export interface MutantWithoutResult {
  file: string;
  /** 1-based, as Stryker's result gives them. */
  line: number;
  column: number;
  mutator: string;
  replacement: string;
}

interface RecordedMutant {
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number } };
}

const quiet = () => false;
const silent = () => undefined;
const logger = {
  ...Object.fromEntries(["isTraceEnabled", "isDebugEnabled", "isInfoEnabled", "isWarnEnabled", "isErrorEnabled", "isFatalEnabled"].map((name) => [name, quiet])),
  ...Object.fromEntries(["trace", "debug", "info", "warn", "error", "fatal"].map((name) => [name, silent])),
} as unknown as ConstructorParameters<typeof Instrumenter>[0];

const identity = (file: string, m: { mutator: string; replacement: string; line: number; column: number }) => `${file}:${m.line}:${m.column}:${m.mutator}:${m.replacement}`;

export async function mutantsWithoutResult(
  result: { files: Record<string, { mutants: readonly RecordedMutant[] }> },
  files: readonly string[],
  read: (file: string) => string = (file) => readFileSync(file, "utf8"),
): Promise<MutantWithoutResult[]> {
  const recorded = new Set(
    Object.entries(result.files).flatMap(([file, { mutants }]) =>
      mutants.map((m) => identity(file, { mutator: m.mutatorName, replacement: m.replacement ?? "", line: m.location.start.line, column: m.location.start.column })),
    ),
  );
  const instrumented = await new Instrumenter(logger).instrument(
    files.map((name) => ({ name, content: read(name), mutate: true })),
    { plugins: null, excludedMutations: [], ignorers: [], noHeader: false },
  );
  return instrumented.mutants
    .map((m) => ({ file: m.fileName, line: m.location.start.line + 1, column: m.location.start.column + 1, mutator: m.mutatorName, replacement: m.replacement ?? "" }))
    .filter((m) => !recorded.has(identity(m.file, m)))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
