/**
 * Where the browser specs put their screenshots. A test run must leave the checkout clean, so
 * they go to a temporary folder, checked there and removed; `npm run screenshots` (which sets
 * WRITE_SCREENSHOTS=1) writes them to docs/images/ instead, for the README.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const DOCS_IMAGES = "docs/images";

export interface ScreenshotFolder {
  /** The file a screenshot called `name` (e.g. `summary-page.png`) is written to. */
  path(name: string): string;
  /** Removes the temporary folder; docs/images/ is left as written. */
  dispose(): void;
}

/** `docs/images/` when WRITE_SCREENSHOTS=1 (`npm run screenshots`), else a new temporary folder. */
export function screenshotFolder(toDocs = process.env.WRITE_SCREENSHOTS === "1"): ScreenshotFolder {
  const dir = toDocs ? DOCS_IMAGES : mkdtempSync(join(tmpdir(), "screenshots-"));
  mkdirSync(dir, { recursive: true });
  return {
    path: (name) => join(dir, name),
    dispose: () => {
      if (!toDocs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

const PNG_SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

/** Width, height and size of a PNG file, read from its header; throws when the file is not a PNG. */
export function pngInfo(file: string): { width: number; height: number; bytes: number } {
  const data = readFileSync(file);
  if (data.length < 24 || !data.subarray(0, 8).equals(PNG_SIGNATURE) || data.toString("latin1", 12, 16) !== "IHDR") {
    throw new Error(`${file} is not a PNG`);
  }
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), bytes: data.length };
}
