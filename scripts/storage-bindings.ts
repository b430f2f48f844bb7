/**
 * The Worker's KV and R2 for the operator's commands (`replay`, `forget`): local ones (the state
 * `npm start` persisted) through wrangler's platform proxy, or, with `remote`, the deployed ones
 * through wrangler's remote bindings (`wrangler login` or CLOUDFLARE_API_TOKEN, and a network).
 * Opening never prints a stack trace: a failure is one line naming the innermost reason.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { clientKeyOf } from "../src/storage/keys";
import type { CliEnv, CliIo } from "./cli";
import { remoteConfigText } from "./remote-config";

async function open(remote: boolean, persistDir: string, env: CliEnv) {
  // Loaded only now: a command refused for its arguments or settings answers at once.
  const { getPlatformProxy } = await import("wrangler");
  env.WRANGLER_SEND_METRICS ??= "false";
  env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  // What the command prints is the only thing on stdout (replay --json is parsed by tools):
  // wrangler speaks only of errors locally, and not at all remotely, where its errors are stack
  // traces and the one line printed when opening fails says what went wrong.
  env.WRANGLER_LOG ??= remote ? "none" : "error";
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

/** The Worker's bindings as a command uses them, until it disposes of them. */
export interface StorageBindings {
  env: Env;
  dispose(): Promise<void>;
}

export type OpenBindings = (command: string, remote: boolean, persistDir: string, env: CliEnv) => Promise<StorageBindings | { failure: string }>;

/**
 * Opens the bindings, or gives the one line that says why not: `{command}: could not open ...: {reason}`.
 * wrangler's settings (metrics, log level) are given in `env`: the process's own for the operator's command.
 */
export const openStorageBindings: OpenBindings = (command, remote, persistDir, env) => {
  return open(remote, persistDir, env).catch((error: unknown) => {
    const where = remote ? "the deployed KV and R2 (network, and `npx wrangler login` or CLOUDFLARE_API_TOKEN?)" : `the local KV and R2 in ${persistDir}`;
    return { failure: `${command}: could not open ${where}: ${rootReason(error)}` };
  });
};

/**
 * Runs `body` on the command's bindings (`io.openBindings`, else wrangler's), then disposes of
 * them: 1, with one line, when they cannot be opened or `body` fails.
 */
export async function onBindings(command: string, remote: boolean, persistDir: string, env: CliEnv, io: CliIo, body: (bindings: StorageBindings) => Promise<number>): Promise<number> {
  const bindings = await (io.openBindings ?? openStorageBindings)(command, remote, persistDir, env);
  if ("failure" in bindings) {
    io.stderr(bindings.failure);
    return 1;
  }
  try {
    return await body(bindings);
  } catch (error) {
    io.stderr(`${command}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await bindings.dispose();
  }
}

/**
 * The arguments of a command about one client (`forget`, `export`): its options, and the one
 * client it names (E.164, `whatsapp:` optional). Null, with the usage said, when they are wrong.
 */
export function clientArguments<O extends ParseArgsOptionsConfig>(command: string, usage: string, argv: string[], options: O, io: CliIo) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    io.stderr(`${usage}\n${command}: ${(error as Error).message}`);
    return null;
  }
  const number = parsed.positionals[0]?.trim().replace(/^whatsapp:/, "");
  const client = number ? clientKeyOf(`whatsapp:${number}`) : null;
  if (!client || parsed.positionals.length !== 1) {
    io.stderr(usage);
    return null;
  }
  return { values: parsed.values, client };
}
