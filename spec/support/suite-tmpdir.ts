/**
 * Where the suite keeps its temporary files (ADR 022.8): the storage emulator's SQLite files and
 * blobs, wrangler's persist folders, screenshots, pacts under check. A folder in memory when the
 * machine has one: nothing there outlives a run, and on disk the emulator's file syncs cost the
 * suite about a fifth of its time. A TMPDIR the caller chose is kept.
 */
import { accessSync, constants } from "node:fs";

export const RAM_FOLDER = "/dev/shm";

export function suiteTmpdir(env: Record<string, string | undefined>, ramFolder = RAM_FOLDER): string | undefined {
  if (env.TMPDIR) return env.TMPDIR;
  try {
    accessSync(ramFolder, constants.W_OK);
    return ramFolder;
  } catch {
    return undefined;
  }
}
