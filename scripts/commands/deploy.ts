/**
 * The deploy gate (ADR 013.5, ADR 021.4): the doctor, the typecheck, every test project and the
 * bundle build, in that order; then the media bucket's retention rule (ADR 020.4);
 * `wrangler deploy` runs only when all of them passed, and uploads
 * the very bundle the build wrote and the gate measured (`dist/index.js`, `--no-bundle`), not a
 * second build of its own. The first failing step ends the gate with its exit code. Its one
 * argument, `--secrets-file FILE`, goes to `wrangler deploy` and the doctor reads the same file
 * (without one, the doctor lists the deployed Worker's secrets); any other is refused (ADR 030.5).
 *
 * Cloudflare's credentials reach only the steps that talk to Cloudflare (the doctor's secret
 * listing, the lifecycle rule and the deploy): the typecheck, the tests and the build run without them, so no test
 * process can use or leak them (issue 13).
 *
 * Steps are the package.json scripts, run through `npm` and `wrangler` as found on PATH (npm
 * puts node_modules/.bin first), which is also how spec/node/deploy-gate.spec.ts puts recording
 * stand-ins in their place.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import type { CliEnv, CliIo, Command } from "../cli";
import { retentionRule } from "../retention-rule";

const BUNDLE_DIR = "dist";
const BUNDLE = `${BUNDLE_DIR}/index.js`;
const CLOUDFLARE_CREDENTIALS = ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL"];

/** A step that failed: its exit code ends the gate. */
class StepFailed extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function step(io: CliIo, name: string, command: string, args: string[], env: CliEnv): void {
  io.stdout(`deploy gate: ${name} (${[command, ...args].join(" ")})`);
  const result = spawnSync(command, args, { stdio: "inherit", env: env as NodeJS.ProcessEnv });
  const code = result.status ?? 1;
  if (code !== 0) {
    io.stderr(`deploy gate: ${name} failed (${result.error?.message ?? `exit ${code}`}); nothing was deployed.`);
    throw new StepFailed(code);
  }
}

/**
 * The one argument the gate carries to every step that needs it (ADR 030.5): `--secrets-file FILE`
 * (or `--secrets-file=FILE`). Anything else (`--env`, `--name`, `--config`, ...) would change the
 * last step only, deploying what the doctor, the lifecycle rule and the tests never looked at:
 * refused before any step runs.
 */
function gateArguments(argv: string[], io: CliIo): { secretsFile?: string } | null {
  try {
    const { values } = parseArgs({ args: argv, options: { "secrets-file": { type: "string" } }, strict: true, allowPositionals: false });
    return { secretsFile: values["secrets-file"] };
  } catch (error) {
    io.stderr(`npm run deploy: ${(error as Error).message.split("\n")[0]}`);
    io.stderr("npm run deploy takes only --secrets-file FILE: the gate checks and deploys wrangler.toml's top-level Worker, and would carry --env, --name or --config to the last step alone. Edit wrangler.toml instead.");
    return null;
  }
}

export const deploy: Command = async (argv, env, io) => {
  const chosen = gateArguments(argv, io);
  if (!chosen) return 2;
  const { secretsFile } = chosen;
  const deployArgs = secretsFile ? ["--secrets-file", secretsFile] : [];
  const doctorArgs = secretsFile ? ["--secrets-file", secretsFile] : ["--remote"];
  const withoutCloudflareCredentials = Object.fromEntries(Object.entries(env).filter(([name]) => !CLOUDFLARE_CREDENTIALS.includes(name)));
  const run = (name: string, command: string, args: string[], stepEnv: CliEnv = env) => step(io, name, command, args, stepEnv);
  /** Temporary folders to remove before the gate returns, whether it deploys or stops. */
  const temporary: string[] = [];
  try {
    run("doctor", "npm", ["run", "--silent", "doctor", "--", ...doctorArgs]);
    run("typecheck", "npm", ["run", "--silent", "typecheck"], withoutCloudflareCredentials);
    run("every test project", "npm", ["test", "--silent"], withoutCloudflareCredentials);
    rmSync(BUNDLE_DIR, { recursive: true, force: true });
    run("bundle build", "npm", ["run", "--silent", "build"], withoutCloudflareCredentials);

    const bundle = readFileSync(BUNDLE);
    io.stdout(`deploy gate: the bundle ${BUNDLE}: ${(bundle.length / 1024).toFixed(1)} KiB, gzip ${(gzipSync(bundle).length / 1024).toFixed(1)} KiB`);

    // Retention without a scheduler (ADR 020.4): the bucket's lifecycle rule, from wrangler.toml.
    const { bucket, configuration } = retentionRule();
    const lifecycleDir = mkdtempSync(join(tmpdir(), "r2-lifecycle-"));
    temporary.push(lifecycleDir);
    const lifecycleFile = join(lifecycleDir, "lifecycle.json");
    writeFileSync(lifecycleFile, JSON.stringify(configuration));
    run("retention rule", "wrangler", ["r2", "bucket", "lifecycle", "set", bucket, "--file", lifecycleFile, "--force"]);

    run("deploy", "wrangler", ["deploy", BUNDLE, "--no-bundle", ...deployArgs]);
    return 0;
  } catch (error) {
    if (error instanceof StepFailed) return error.code;
    throw error;
  } finally {
    temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  }
};
