/**
 * The Worker's own JS CPU is measured in a fresh node process that holds only the Worker, its
 * in-memory storage and this benchmark's code: never wrangler, whose ~145 MB of heap in the
 * benchmark's own process made each garbage collection during a measured request (counted by
 * process.cpuUsage with V8's helper threads) cost many times what it costs in a Worker's isolate
 * (about 20 MB here). `inLeanProcess(import.meta.url, "name", ...args)` runs the module's export
 * `name` there and returns its result (JSON). Run as a script, this file is that process.
 */
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

const RESULT = "lean-process-result:";

export async function inLeanProcess<T>(moduleUrl: string, name: string, ...args: unknown[]): Promise<T> {
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), fileURLToPath(moduleUrl), name, JSON.stringify(args)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const line = output.split("\n").find((l) => l.startsWith(RESULT));
  if (code !== 0 || !line) throw new Error(`${name} in a lean process exited with ${code}:\n${output.slice(-2000)}`);
  return JSON.parse(line.slice(RESULT.length)) as T;
}

async function runExport(modulePath: string, name: string, args: string): Promise<void> {
  const module = (await import(pathToFileURL(modulePath).href)) as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const result = await module[name]!(...(JSON.parse(args) as unknown[]));
  process.stdout.write(`${RESULT}${JSON.stringify(result)}\n`);
  process.exit(0);
}

// No top-level await: the module run imports this one back.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [modulePath, name, args] = process.argv.slice(2);
  void runExport(modulePath!, name!, args!);
}
