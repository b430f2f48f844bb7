/**
 * ADR 014: the source reads top-down. Each folder of src/ (or file at its root) is a layer, and an
 * import only ever points to a lower layer: the routes and the reply path on top, the summary
 * page, the conversation, media, the provider clients, the storage schema, settings, and plain
 * utilities at the bottom. The imports are read from the files as they are, so a new arrow
 * upward, a new folder that no layer names, or a cycle between two files fails here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** Top to bottom. Units on one line are siblings: neither may import the other. */
const LAYERS: readonly (readonly string[])[] = [
  ["index.ts"],
  ["console/"],
  ["reply/"],
  ["summary/"],
  ["conversation/"],
  ["media/"],
  ["openai/", "twilio/"],
  ["storage/"],
  ["config/"],
  ["utils/"],
];

const src = fileURLToPath(new URL("../../src", import.meta.url));
const rank = new Map(LAYERS.flatMap((units, depth) => units.map((unit) => [unit, depth] as const)));

interface Import {
  from: string;
  to: string;
}

/** Every relative import between two files of src/, as paths relative to src/. */
function importsOf(root: string): Import[] {
  const files = (readdirSync(root, { recursive: true, encoding: "utf8" }) as string[]).filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".d.ts"));
  const known = new Set(files);
  const found: Import[] = [];
  const specifier = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  for (const file of files) {
    for (const match of readFileSync(join(root, file), "utf8").matchAll(specifier)) {
      const target = match[1] ?? match[2]!;
      if (!target.startsWith(".")) continue;
      const base = relative(root, resolve(root, dirname(file), target));
      const to = [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")].find((candidate) => known.has(candidate));
      if (to) found.push({ from: file, to });
    }
  }
  return found;
}

/** A file's unit: its top-level folder under src/ (with a trailing slash), or the file itself at the root. */
const unitOf = (file: string) => (file.includes("/") ? `${file.split("/")[0]}/` : file);

/** Import cycles between the units `unit` puts files in, each as the units it passes through (empty when there is none). */
function cycles(imports: readonly Import[], unit: (file: string) => string): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of imports) {
    const [a, b] = [unit(from), unit(to)];
    if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
  }
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]) => {
    if (path.includes(node)) return void found.push([...path.slice(path.indexOf(node)), node]);
    if (done.has(node)) return;
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of edges.keys()) visit(node, []);
  return found;
}

const imports = importsOf(src);

describe("the layers of src/", () => {
  it("ADR-014.1 every folder of src/ and file at its root belongs to a layer", () => {
    const units = new Set(readdirSync(src, { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name)));
    expect([...units].filter((unit) => !rank.has(unit))).toEqual([]);
    expect(imports.length).toBeGreaterThan(30); // the imports really were read
  });

  it("ADR-014.2 no import points up a layer or sideways to a sibling", () => {
    const wrong = imports
      .filter(({ from, to }) => unitOf(from) !== unitOf(to) && !(rank.get(unitOf(from))! < rank.get(unitOf(to))!))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(wrong).toEqual([]);
  });

  it("ADR-014.2 no folder imports another in a cycle", () => {
    expect(cycles(imports, unitOf).map((cycle) => cycle.join(" -> "))).toEqual([]);
  });

  it("ADR-014.2 no file imports another in a cycle, inside a folder too", () => {
    expect(cycles(imports, (file) => file).map((cycle) => cycle.join(" -> "))).toEqual([]);
  });
});
