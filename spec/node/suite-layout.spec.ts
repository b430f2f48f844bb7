/**
 * ADR 022.1-3: how `npm test` is laid out so that it gates in two minutes and leaves the
 * checkout clean: where screenshots go, which projects wait for which, and which files start first.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { availableParallelism, tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import type { TestProjectInlineConfiguration } from "vitest/config";
import type { TestSpecification, Vitest } from "vitest/node";
import { describe, expect, it } from "vitest";
import suite from "../../vitest.config";
import { screenshotFolder } from "../support/screenshots";
import { SuiteOrder } from "../support/suite-order";
import { RAM_FOLDER, suiteTmpdir } from "../support/suite-tmpdir";

const root = fileURLToPath(new URL("../..", import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

const projects = (suite.test?.projects ?? []) as TestProjectInlineConfiguration[];
const settingsOf = (name: string) => {
  const project = projects.find((p) => p.test?.name === name)?.test;
  if (!project) throw new Error(`no project ${name}`);
  return { group: project.sequence?.groupOrder ?? 0, maxWorkers: project.maxWorkers, isolate: project.isolate };
};

/** A spec file as the sequencer sees it: a file of this repository in a project with a group. */
const specOf = (file: string, project: string, groupOrder: number) =>
  ({ moduleId: join(root, file), project: { name: project, config: { sequence: { groupOrder }, isolate: false } } }) as unknown as TestSpecification;

describe("the suite's layout", () => {
  it("ADR-022.1 screenshots go to a temporary folder that is removed afterwards, and only `npm run screenshots` writes docs/images", () => {
    const folder = screenshotFolder(false);
    const shot = folder.path("summary-page.png");
    expect(relative(tmpdir(), shot).startsWith("..")).toBe(false);
    expect(relative(root, shot).startsWith("..")).toBe(true);
    folder.dispose();
    expect(existsSync(shot.slice(0, shot.lastIndexOf(sep)))).toBe(false);
    expect(screenshotFolder(true).path("summary-page.png")).toBe(join("docs", "images", "summary-page.png"));
    expect(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts.screenshots).toBe("WRITE_SCREENSHOTS=1 vitest run --project browser");
    // No spec names the README's images folder but the helper that writes there only when asked (and this spec).
    const allowed = [join("spec", "support", "screenshots.ts"), join("spec", "node", "suite-layout.spec.ts")];
    const naming = [...filesUnder("spec"), ...filesUnder("contracts")].filter((file) => !allowed.includes(file) && readFileSync(join(root, file), "utf8").includes("docs/images"));
    expect(naming).toEqual([]);
  });

  it("ADR-022.2 the consumer pacts are written first and alone; every other project runs after them, side by side, one file more than the cores, reusing its runner", () => {
    const consumer = settingsOf("pact-consumer");
    expect(consumer).toEqual({ group: 0, maxWorkers: 1, isolate: false });
    const others = projects.map((p) => p.test!.name as string).filter((name) => name !== "pact-consumer");
    expect(others).toEqual(expect.arrayContaining(["workers", "node", "pact-documents", "pact-provider", "pact-drift", "browser"]));
    for (const name of others) {
      expect([name, settingsOf(name)]).toEqual([name, { group: 1, maxWorkers: availableParallelism() + 1, isolate: false }]);
    }
    // The default property runs are kept (ADR 013.3); PROPERTY_RUNS changes them on purpose.
    const workers = projects.find((p) => p.test?.name === "workers")!.test!;
    if (!process.env.PROPERTY_RUNS) expect(workers.provide).toHaveProperty("propertyRuns", 50);
    // No seed of the suite's own: each spec draws one and prints it if it fails; PROPERTY_SEED sets one on purpose.
    if (!process.env.PROPERTY_SEED) expect(workers.provide).toHaveProperty("propertySeed", 0);
    expect(suite.test?.sequence?.sequencer).toBe(SuiteOrder);
  });

  it("ADR-034.1 the files that mostly wait first, then each project's files together, the workers project first, slowest first within it", async () => {
    const files = [
      specOf("spec/health.spec.ts", "workers", 1),
      specOf("spec/node/traceability.spec.ts", "node", 1),
      specOf("spec/node/replay.spec.ts", "node", 1),
      specOf("contracts/consumer/openai-chat.spec.ts", "pact-consumer", 0),
      specOf("spec/logs.spec.ts", "workers", 1),
      specOf("spec/browser/summary-page.spec.ts", "browser", 1),
      specOf("spec/malformed-state.spec.ts", "workers", 1),
      specOf("spec/node/evals-metrics-can-fail.spec.ts", "node", 1),
      specOf("contracts/provider/inbound-webhook.spec.ts", "pact-provider", 1),
    ];
    const vitest = { config: { root: root.replace(/\/$/, "") }, cache: { getTestSpecificationResult: () => undefined } } as unknown as Vitest;
    const sorted = await new SuiteOrder(vitest).sort(files);
    expect(sorted.map((s) => relative(root, s.moduleId))).toEqual([
      "contracts/consumer/openai-chat.spec.ts",
      "spec/node/evals-metrics-can-fail.spec.ts",
      "spec/malformed-state.spec.ts",
      "spec/logs.spec.ts",
      "spec/health.spec.ts",
      "spec/browser/summary-page.spec.ts",
      "contracts/provider/inbound-webhook.spec.ts",
      "spec/node/replay.spec.ts",
      "spec/node/traceability.spec.ts",
    ]);
  });

  it("ADR-022.8 temporary files go to a folder in memory when the machine has one, unless TMPDIR was chosen", () => {
    const folder = mkdtempSync(join(tmpdir(), "suite-tmpdir-"));
    try {
      expect(suiteTmpdir({}, folder)).toBe(folder);
      expect(suiteTmpdir({ TMPDIR: "/chosen" }, folder)).toBe("/chosen");
      expect(suiteTmpdir({}, join(folder, "absent"))).toBeUndefined();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    // The config (imported above, as vitest loads it before anything starts) applied the choice.
    if (suiteTmpdir({}) === RAM_FOLDER) {
      expect(process.env.TMPDIR).toBeDefined();
      expect(tmpdir()).toBe(process.env.TMPDIR);
    }
  });
});
