/**
 * ADR 023, mutation testing as a measured budget: how `npm run mutation` is wired (without
 * running Stryker, which takes minutes), what its report counts, and that specs outside the
 * unit folder do not sign webhooks with the code they check.
 */
import { execFile } from "node:child_process";
import { existsSync, globSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { MUTATION_BUDGET, renderMutationDoc, renderSummary, renderWithoutResult, scoreOf, summarize } from "../../scripts/mutation-report";
import { entriesExplainingNone, explainSurvivor } from "../../scripts/mutation/survivors";
import { mutantsWithoutResult } from "../../scripts/mutation/without-result";

const run = promisify(execFile);
/** Plain JavaScript modules (no types to resolve), by path from this file. */
const load = (path: string): Promise<unknown> => import(new URL(path, import.meta.url).href);
const packageJson = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };

describe("npm run mutation", () => {
  it("ADR-023.1 runs Stryker with the vitest runner and the TypeScript checker, incrementally, and is no part of npm test", async () => {
    expect(packageJson.scripts.mutation).toMatch(/^stryker run && tsx scripts\/mutation-report\.ts$/);
    expect(packageJson.scripts.test).not.toMatch(/stryker|mutation/);
    const { default: config } = (await load("../../stryker.config.mjs")) as { default: Record<string, unknown> };
    expect(config).toMatchObject({ testRunner: "vitest", checkers: ["typescript"], coverageAnalysis: "perTest", incremental: true, concurrency: 1 });
    expect(config.incrementalFile).toMatch(/^reports\/mutation\/incremental-(node|all)\.json$/);
    expect(readFileSync(".gitignore", "utf8").split("\n")).toContain("reports/");
  });

  it("ADR-023.1 the TypeScript 7 bridge gives Stryker's checker the project's TypeScript and the tsconfig helpers it calls", async () => {
    const script = `
      import { pathToFileURL } from "node:url";
      const helpers = await import(pathToFileURL("node_modules/@stryker-mutator/typescript-checker/dist/src/tsconfig-helpers.js").href);
      const native = await import(pathToFileURL("node_modules/@stryker-mutator/typescript-checker/dist/src/ts-native/load-typescript-native.js").href);
      const { API } = await native.loadTypescriptNative();
      console.log(JSON.stringify({ buildMode: helpers.determineBuildModeEnabled("tsconfig.json"), api: typeof API }));`;
    const { stdout } = await run(process.execPath, ["--import", "./scripts/mutation/typescript-7.mjs", "--input-type=module", "-e", script]);
    expect(JSON.parse(stdout)).toEqual({ buildMode: false, api: "function" });
    const { default: typescript } = (await load("../../scripts/mutation/typescript-6-helpers.mjs")) as { default: { parseConfigFileTextToJson(name: string, text: string): unknown } };
    expect(typescript.parseConfigFileTextToJson("t.json", '{ // a comment\n "a": "//not a comment", /* more */ "b": [1, 2,], }')).toEqual({ config: { a: "//not a comment", b: [1, 2] } });
    expect(typescript.parseConfigFileTextToJson("t.json", "{ nope")).toMatchObject({ error: { code: 5083 } });
  });
});

describe("what is measured", () => {
  it("ADR-023.2 every module of the default scope has a node-side unit spec that imports it", async () => {
    const { default: config } = (await load("../../stryker.config.mjs")) as { default: { mutate: string[] } };
    const left = new Set(config.mutate.filter((p) => p.startsWith("!")).flatMap((p) => globSync(p.slice(1))));
    const files = config.mutate.filter((p) => !p.startsWith("!")).flatMap((pattern) => globSync(pattern)).filter((file) => !left.has(file));
    expect(files.length).toBeGreaterThan(8);
    const specs = globSync("spec/node/unit/**/*.spec.ts").map((path) => readFileSync(path, "utf8"));
    for (const file of files) {
      const module = file.replace(/^src\//, "").replace(/\.tsx?$/, "");
      expect(specs.some((text) => text.includes(`/src/${module}"`)), file).toBe(true);
    }
  });
});

describe("the report", () => {
  const result = {
    files: {
      "src/utils/a.ts": {
        source: "export const a = (x: number) => x + 1;\n",
        mutants: [
          { mutatorName: "ArithmeticOperator", replacement: "x - 1", status: "Killed", location: { start: { line: 1, column: 33 }, end: { line: 1, column: 38 } } },
          { mutatorName: "ArithmeticOperator", replacement: "x * 1", status: "Timeout", location: { start: { line: 1, column: 33 }, end: { line: 1, column: 38 } } },
          { mutatorName: "StringLiteral", replacement: '""', status: "CompileError", location: { start: { line: 1, column: 33 }, end: { line: 1, column: 38 } } },
          { mutatorName: "ArithmeticOperator", replacement: "x / 1", status: "Survived", location: { start: { line: 1, column: 33 }, end: { line: 1, column: 38 } } },
          { mutatorName: "ArithmeticOperator", replacement: "x % 1", status: "Ignored", location: { start: { line: 1, column: 33 }, end: { line: 1, column: 38 } } },
        ],
      },
      "src/twilio/b.ts": {
        source: "export const b = 1;\n",
        mutants: [{ mutatorName: "NumberLiteral", replacement: "0", status: "NoCoverage", location: { start: { line: 1, column: 18 }, end: { line: 1, column: 19 } } }],
      },
    },
    testFiles: { "spec/node/unit/a.spec.ts": {} },
  } as const;

  it("ADR-023.3 scores killed and timed-out mutants over those that compiled and ran, per folder, and lists every survivor", () => {
    const summary = summarize(structuredClone(result) as never, "node", "2026-12-02T00:00:00.000Z");
    expect(summary.byFolder.map(([folder, tally]) => [folder, scoreOf(tally)])).toEqual([["src/twilio/", 0], ["src/utils/", 2 / 3]]);
    expect(summary.total).toEqual({ mutants: 6, killed: 1, timeout: 1, survived: 1, noCoverage: 1, notCompiling: 1, staticNotRun: 1 });
    expect(scoreOf(summary.total)).toBe(0.5);
    expect(summary.survivors.map((s) => [s.file, s.line, s.status, s.original, s.replacement])).toEqual([
      ["src/twilio/b.ts", 1, "NoCoverage", "1", "0"],
      ["src/utils/a.ts", 1, "Survived", "x + 1", "x / 1"],
    ]);
    expect(MUTATION_BUDGET).toBe(0.85);
    const text = renderSummary(summary);
    expect(text).toContain("| **all measured** | 2 | 6 | 1 | 1 | 1 | 1 | 1 | 1 | 50.0 % |");
    expect(text).toContain("**over budget**");
    expect(text).toContain("2 survivors, 2 unexplained");
  });

  it("ADR-023.3 a survivor is explained only by an entry for its file, mutator and replacement", () => {
    expect(explainSurvivor({ file: "src/utils/nowhere.ts", mutator: "StringLiteral", replacement: '""', line: "" })).toBeUndefined();
    expect(explainSurvivor({ file: "src/utils/encoding.ts", mutator: "Regex", replacement: "/=+/", line: 'replace(/=+$/, "")' })).toMatch(/./);
    expect(explainSurvivor({ file: "src/utils/encoding.ts", mutator: "Regex", replacement: "/=*/", line: 'replace(/=+$/, "")' })).toBeUndefined();
  });

  it("ADR-023.3 an explanation that no survivor of the measured files matches any more is named, to be dropped", () => {
    const source = 'export const unpadded = (b64: string) => b64.replace(/=+$/, "");\n';
    const column = source.indexOf("/=+$/") + 1;
    const docWhereTheRegexMutant = (status: string) =>
      renderMutationDoc([
        summarize(
          { files: { "src/utils/encoding.ts": { source, mutants: [{ mutatorName: "Regex", replacement: "/=+/", status, location: { start: { line: 1, column }, end: { line: 1, column: column + 5 } } }] } } } as never,
          "all",
          "2026-12-07T00:00:00.000Z",
        ),
      ]);
    const idleLine = "- `src/utils/encoding.ts` Regex → `/=+/`";
    expect(docWhereTheRegexMutant("Survived")).not.toContain(idleLine);
    const killed = docWhereTheRegexMutant("Killed");
    expect(killed).toContain("### Explanations that explain no survivor (1)");
    expect(killed.split("\n")).toContain(idleLine);
  });

  it("ADR-031.3 the mutants of a file in scope that the result holds nothing for are found with Stryker's instrumenter, and the file is named as measured in part", async () => {
    const source = "export const over = (a: number) => a > 1;\n";
    const read = () => source;
    const none = await mutantsWithoutResult({ files: {} }, ["src/x.ts"], read);
    expect(none.map((m) => m.mutator)).toEqual(expect.arrayContaining(["EqualityOperator", "ConditionalExpression"]));
    // A result holding one of them, where Stryker's result puts it (line and column from 1), as a stopped run leaves it.
    const recorded = [{ mutatorName: "EqualityOperator", replacement: "a >= 1", location: { start: { line: 1, column: source.indexOf("a > 1") + 1 } } }];
    const missing = await mutantsWithoutResult({ files: { "src/x.ts": { mutants: recorded } } }, ["src/x.ts"], read);
    expect([missing.length, missing.some((m) => m.replacement === "a >= 1"), missing.some((m) => m.replacement === "a <= 1")]).toEqual([none.length - 1, false, true]);
    expect(renderWithoutResult(missing)).toContain(`\`src/x.ts\` (${missing.length}, lines 1)`);
    expect(renderWithoutResult([])).toMatch(/^Every mutant Stryker makes of the files in this scope today has a result/);
  });

  it("ADR-023.3 an entry that a survivor matches only after an earlier entry explains it is named too: it is never the reason given", () => {
    const entry = (near: string, reason: string) => ({ file: "src/x.ts", mutator: "StringLiteral", replacement: '""', near, reason });
    const first = entry("prefix: PAUSES", "Harmless: the first");
    const shadowed = entry("PAUSES", "Harmless: the second");
    const own = entry("KEYS", "Harmless: its own");
    const survivors = [{ file: "src/x.ts", mutator: "StringLiteral", replacement: '""', line: "listAll(store, { prefix: PAUSES })" }];
    expect(entriesExplainingNone(survivors, new Set(["src/x.ts"]), [first, shadowed, own])).toEqual([shadowed, own]);
  });

  it("ADR-023.3 two survivors of one line, mutator and replacement are told apart by the code each replaces", () => {
    const source = "      if (deferring === 0 && unchecked) await check();\n";
    const mutantOf = (original: string) => {
      const column = source.indexOf(original) + 1;
      return { mutatorName: "ConditionalExpression", replacement: "true", status: "Survived", location: { start: { line: 1, column }, end: { line: 1, column: column + original.length } } };
    };
    const originals = ["deferring === 0 && unchecked", "deferring === 0", "unchecked"];
    const summary = summarize({ files: { "src/reply/fenced-storage.ts": { source, mutants: originals.map(mutantOf) } } } as never, "all", "2026-12-07T00:00:00.000Z");
    expect(summary.survivors.map((s) => [s.original, s.reason?.slice(0, "Harmless: a nested".length)])).toEqual([
      ["deferring === 0 && unchecked", "Harmless: every ch"],
      ["deferring === 0", "Harmless: a nested"],
      ["unchecked", undefined],
    ]);
  });
});

describe("independent expectations", () => {
  it("ADR-023.4 specs outside the unit folder and the oracle do not sign webhooks with src/twilio/signature.ts", () => {
    const specs = globSync("{spec,contracts}/**/*.ts").filter((path) => !path.startsWith("spec/node/unit/") && path !== "spec/node/signature-oracle.spec.ts");
    const offenders = specs.filter((path) => /from "[./]*\/src\/twilio\/signature"/.test(readFileSync(path, "utf8")));
    expect(offenders).toEqual([]);
    expect(existsSync("spec/support/twilio-signature.ts") && existsSync("spec/support/sealed-token.ts")).toBe(true);
  });
});
