/**
 * Item 5: the deployable bundle, built exactly as `wrangler deploy --dry-run --minify` builds
 * it, gzipped; and what it is made of, from esbuild's metafile (bytes each package contributes
 * to the minified output).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchSection } from "./budget";
import { round } from "./stats";

const GZIP_BUDGET_KIB = 128;
const TOP = 10;

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

/** `node_modules/openai/…` → `openai`; `src/twilio/…` → `src/twilio`. */
function contributorOf(input: string): string {
  const modules = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (modules) return modules[1]!;
  const parts = input.replace(/^\.\.\//, "").split("/");
  return parts.length > 2 ? parts.slice(0, 2).join("/") : parts.join("/");
}

export async function bundleBench(): Promise<BenchSection> {
  const outdir = mkdtempSync(join(tmpdir(), "bench-bundle-"));
  try {
    const metafile = join(outdir, "meta.json");
    const output = execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--minify", "--outdir", join(outdir, "dist"), "--metafile", metafile], {
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    });
    // wrangler's own figure is the one Cloudflare's size limit is checked against.
    const upload = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
    if (!upload) throw new Error(`no "Total Upload" line in wrangler's output:\n${output}`);
    const files = readdirSync(join(outdir, "dist")).filter((f) => /\.(m?js|wasm)$/.test(f));
    const bytes = files.reduce((n, f) => n + statSync(join(outdir, "dist", f)).size, 0);

    const meta = JSON.parse(readFileSync(metafile, "utf8")) as Metafile;
    const byContributor = new Map<string, number>();
    for (const output of Object.values(meta.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const name = contributorOf(input);
        byContributor.set(name, (byContributor.get(name) ?? 0) + bytesInOutput);
      }
    }
    const top = [...byContributor.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP);
    const gzipKiB = Number(upload[2]);
    const markdown = [
      `\`wrangler deploy --dry-run --minify --outdir <tmp> --metafile\`: ${files.join(", ")}; wrangler reports`,
      `${upload[1]} KiB, **${round(gzipKiB)} KiB gzip** (the figure Cloudflare's size limit applies to). Budget ${GZIP_BUDGET_KIB} KiB.`,
      "",
      `Top contributors (minified bytes in the output, before compression, from esbuild's metafile):`,
      "",
      "| contributor | KiB | share |",
      "| --- | ---: | ---: |",
      ...top.map(([name, b]) => `| ${name} | ${round(b / 1024)} | ${round((100 * b) / bytes)} % |`),
    ].join("\n");
    return {
      title: "5. Bundle",
      markdown,
      budgets: [{ item: "bundle, gzip", figure: `${round(gzipKiB)} KiB`, budget: `≤ ${GZIP_BUDGET_KIB} KiB`, holds: gzipKiB <= GZIP_BUDGET_KIB }],
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
