/**
 * How a spec runs an operator's script (scripts/*.ts, evals/cli.ts) as its own process: node with
 * tsx's loader, the node running the suite. `npx tsx` first resolves the package (an npm process),
 * and the tsx binary starts a second node under a parent that relays signals: 1 to 2.5 s of CPU a
 * start on top of the 3 s the scripts take to import wrangler (ADR 031, amended 2026-12-07). The
 * script sees the same arguments, environment and output streams, and its exit code is the process's.
 */
export function operatorCommand(script: string, args: string[]): [command: string, argv: string[]] {
  return [process.execPath, ["--import", "tsx", script, ...args]];
}
