/**
 * `npm run provider-documents -- [--out DIR]`
 *
 * Rebuilds the providers' OpenAPI documents the contract check reads (ADR 021.9), for CI where
 * `../shared/provider-specs` does not exist: downloads each upstream document at its pinned
 * commit, cuts out the operations the Worker uses with everything they reference, and writes it
 * only when its SHA-256 is the pinned one. Needs github.com; `--out` defaults to
 * PROVIDER_SPECS_DIR, else ../shared/provider-specs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { canonicalSha256, DOCUMENT_SOURCES, subsetOf } from "./provider-document-subsets";

const { values } = parseArgs({ options: { out: { type: "string", default: process.env.PROVIDER_SPECS_DIR ?? "../shared/provider-specs" } } });
const out = resolve(values.out!);
mkdirSync(out, { recursive: true });

let failed = false;
for (const source of DOCUMENT_SOURCES) {
  try {
    const response = await fetch(source.url, { signal: AbortSignal.timeout(60_000) }).catch((error: unknown) => {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`could not download ${source.url} (${cause?.code ?? cause?.message ?? String(error)}): this command needs github.com (raw.githubusercontent.com) to be reachable`);
    });
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${source.url}`);
    const subset = subsetOf((await response.json()) as Parameters<typeof subsetOf>[0], source.operations);
    const sha256 = canonicalSha256(subset);
    if (sha256 !== source.sha256) throw new Error(`SHA-256 ${sha256}, pinned ${source.sha256}: the upstream document changed`);
    writeFileSync(join(out, source.file), `${JSON.stringify(subset, null, 2)}\n`);
    console.log(`provider-documents: ${source.file} written (${source.url}, sha256 ${sha256})`);
  } catch (error) {
    failed = true;
    console.error(`provider-documents: ${source.file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
if (failed) process.exit(1);
