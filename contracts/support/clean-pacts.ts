/**
 * Global setup of the consumer project: pact files are merged interaction by interaction, so a
 * renamed or deleted interaction would linger forever. Each run writes them from scratch.
 */
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { PACT_DIR } from "./pacts";

export default function cleanPacts(): void {
  mkdirSync(PACT_DIR, { recursive: true });
  for (const name of readdirSync(PACT_DIR)) if (name.endsWith(".json")) rmSync(path.join(PACT_DIR, name));
}
