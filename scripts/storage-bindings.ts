/**
 * The Worker's KV and R2 for the operator's commands (`replay`, `forget`): local ones (the state
 * `npm start` persisted) through wrangler's platform proxy, or, with `remote`, the deployed ones
 * through wrangler's remote bindings (`wrangler login` or CLOUDFLARE_API_TOKEN, and a network).
 * Opening never prints a stack trace: a failure exits with one line naming the innermost reason.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { remoteConfigText } from "./remote-config";

async function open(remote: boolean, persistDir: string) {
  // Loaded only now: a command refused for its arguments or settings answers at once.
  const { getPlatformProxy } = await import("wrangler");
  process.env.WRANGLER_SEND_METRICS ??= "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  // What the command prints is the only thing on stdout (replay --json is parsed by tools):
  // wrangler speaks only of errors locally, and not at all remotely, where its errors are stack
  // traces and the one line printed when opening fails says what went wrong.
  process.env.WRANGLER_LOG ??= remote ? "none" : "error";
  if (!remote) {
    return getPlatformProxy<Env>({ configPath: "wrangler.toml", persist: { path: join(persistDir, "v3") }, remoteBindings: false });
  }
  const dir = mkdtempSync(join(tmpdir(), "remote-bindings-"));
  const configPath = join(dir, "wrangler.toml");
  writeFileSync(configPath, remoteConfigText(readFileSync("wrangler.toml", "utf8"), resolve("src/index.ts")));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const proxy = await getPlatformProxy<Env>({ configPath, remoteBindings: true }).catch((error: unknown) => {
    removeDir();
    throw error;
  });
  return { ...proxy, dispose: () => proxy.dispose().finally(removeDir) };
}

/** The innermost reason of an error chain, on one line (wrangler wraps the cause that matters). */
function rootReason(error: unknown): string {
  let reason = error instanceof Error ? error.message : String(error);
  for (let cause = (error as { cause?: unknown })?.cause; cause; cause = (cause as { cause?: unknown }).cause) {
    const message = cause instanceof Error ? cause.message : (cause as { reason?: unknown }).reason;
    if (typeof message === "string" && message) reason = message;
  }
  return reason.split("\n")[0]!.split(/(?<=\.) /)[0]!;
}

/** Opens the bindings, or exits 1 with one line: `{command}: could not open ...: {reason}`. */
export function openStorageBindings(command: string, remote: boolean, persistDir: string) {
  return open(remote, persistDir).catch((error: unknown) => {
    const where = remote ? "the deployed KV and R2 (network, and `npx wrangler login` or CLOUDFLARE_API_TOKEN?)" : `the local KV and R2 in ${persistDir}`;
    console.error(`${command}: could not open ${where}: ${rootReason(error)}`);
    process.exit(1);
  });
}
