/**
 * The operator's commands (`npm run doctor`, `replay`, `forget`, `export`, `deploy`) are functions
 * of their arguments, environment and output, returning the exit code: the files scripts/*.ts
 * are their entries, and the specs call the functions in their own process (issue 28: a process
 * started per case was most of the suite's time).
 */
import { createInterface } from "node:readline/promises";
import type { OpenBindings } from "./storage-bindings";

export interface CliIo {
  /** One line (or block) for stdout. */
  stdout(text: string): void;
  /** One line (or block) for stderr. */
  stderr(text: string): void;
  /** Asks a question on the terminal and returns the typed answer (the operator's confirmation). */
  ask?(question: string): Promise<string>;
  /** The operator's terminal is interactive. */
  isTTY?: boolean;
  fetch?: typeof fetch;
  /** Where the command's KV and R2 come from: wrangler's platform proxy unless given. */
  openBindings?: OpenBindings;
}

async function askOnTerminal(question: string): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await prompt.question(question);
  } finally {
    prompt.close();
  }
}

/** A command's environment: the process's own for the operator. */
export type CliEnv = Record<string, string | undefined>;

export type Command = (argv: string[], env: CliEnv, io: CliIo) => Promise<number>;

/** Runs a command as the operator's process: its arguments, environment, console and exit code. */
export async function runCli(command: Command, io: Partial<CliIo> = {}): Promise<void> {
  process.exitCode = await command(process.argv.slice(2), process.env, {
    stdout: (text) => console.log(text),
    stderr: (text) => console.error(text),
    ask: askOnTerminal,
    isTTY: Boolean(process.stdin.isTTY),
    ...io,
  });
}
