/** What the figures were measured on: they mean little without it. */
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { createRequire } from "node:module";

export interface Machine {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  loadAtStart: string;
  node: string;
  wrangler: string;
  workerd: string;
}

const require = createRequire(import.meta.url);

function workerdVersion(): string {
  try {
    const binary = require.resolve("@cloudflare/workerd-linux-64/bin/workerd", { paths: [require.resolve("miniflare")] });
    return execFileSync(binary, ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

export function describeMachine(): Machine {
  return {
    date: new Date().toISOString(),
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAtStart: loadavg().map((l) => l.toFixed(2)).join(", "),
    node: process.version,
    wrangler: (require("wrangler/package.json") as { version: string }).version,
    workerd: workerdVersion(),
  };
}
