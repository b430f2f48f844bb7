/**
 * The deploy gate (ADR 013.5): the typecheck, every test project and the bundle build, in that
 * order; then the media bucket's retention rule (ADR 020.4); `wrangler deploy` runs only when all
 * of them passed. The first failing step ends the
 * gate with its exit code. Arguments are passed on to `wrangler deploy`
 * (e.g. `npm run deploy -- --secrets-file .secrets.json`).
 *
 * Steps are the package.json scripts, run through `npm` and `wrangler` as found on PATH (npm
 * puts node_modules/.bin first), which is also how spec/node/deploy-gate.spec.ts puts recording
 * stand-ins in their place.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { retentionRule } from "./retention-rule";

const checks = [
  { name: "typecheck", command: "npm", args: ["run", "--silent", "typecheck"] },
  { name: "every test project", command: "npm", args: ["test", "--silent"] },
  { name: "bundle build", command: "npm", args: ["run", "--silent", "build"] },
];

function run(name: string, command: string, args: string[]): void {
  console.log(`deploy gate: ${name} (${[command, ...args].join(" ")})`);
  const result = spawnSync(command, args, { stdio: "inherit" });
  const code = result.status ?? 1;
  if (code !== 0) {
    console.error(`deploy gate: ${name} failed (${result.error?.message ?? `exit ${code}`}); nothing was deployed.`);
    process.exit(code);
  }
}

for (const check of checks) run(check.name, check.command, check.args);

// Retention without a scheduler (ADR 020.4): the bucket's lifecycle rule, from wrangler.toml.
const { bucket, configuration } = retentionRule();
const lifecycleFile = join(mkdtempSync(join(tmpdir(), "r2-lifecycle-")), "lifecycle.json");
writeFileSync(lifecycleFile, JSON.stringify(configuration));
try {
  run("retention rule", "wrangler", ["r2", "bucket", "lifecycle", "set", bucket, "--file", lifecycleFile, "--force"]);
} finally {
  rmSync(dirname(lifecycleFile), { recursive: true, force: true });
}

run("deploy", "wrangler", ["deploy", ...process.argv.slice(2)]);
