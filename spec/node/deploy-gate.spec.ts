/**
 * ADR 013.5 and ADR 021.4: `npm run deploy` runs the doctor, then deploys only after the
 * typecheck, every test project and the bundle build passed, and it deploys the very bundle it
 * built and measured. The gate runs in this process (issue 28), one case as it does for real (tsx
 * scripts/deploy.ts), with recording stand-ins for `npm` and `wrangler` first on PATH: each records its arguments (and whether
 * Cloudflare's token reached it) and fails when told to, so a red step can be staged and the
 * absence of `wrangler deploy` observed. The stand-in build writes a bundle of its own making.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { deploy } from "../../scripts/commands/deploy";
import { operatorCommand } from "../support/operator";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * A stand-in command: appends "name args" to the log (with " +token" when CLOUDFLARE_API_TOKEN
 * reached it), exits 1 when its arguments match FAIL_ON. As `npm run build` it writes
 * $BUNDLE_TEXT to dist/index.js; as `wrangler deploy FILE` it logs the bytes of FILE; as
 * `wrangler r2 bucket lifecycle set` it logs the rule file.
 */
const standIn = (name: string) => `#!/bin/sh
echo "${name} $*\${CLOUDFLARE_API_TOKEN:+ +token}" >> "$GATE_LOG"
case " $* " in *" $FAIL_ON "*) [ -n "$FAIL_ON" ] && exit 1 ;; esac
if [ "${name} $*" = "npm run --silent build" ]; then mkdir -p dist && printf '%s' "$BUNDLE_TEXT" > dist/index.js; fi
if [ "${name} $1" = "wrangler deploy" ] && [ -f "$2" ]; then echo "deployed: $(cat "$2")" >> "$GATE_LOG"; fi
if [ "${name} $1 $2 $3 $4" = "wrangler r2 bucket lifecycle set" ] && [ "$6" = "--file" ]; then echo "lifecycle: $(cat "$7")" >> "$GATE_LOG"; fi
exit 0
`;

/** The gate, in this process unless `asOperator`: its exit code, output, the steps it called and what it deployed. */
async function runGate(failOn: string, args: string[] = [], env: Record<string, string> = {}, asOperator = false) {
  const bin = mkdtempSync(join(tmpdir(), "deploy-gate-"));
  dirs.push(bin);
  for (const name of ["npm", "wrangler"]) {
    writeFileSync(join(bin, name), standIn(name));
    chmodSync(join(bin, name), 0o755);
  }
  const log = join(bin, "calls.log");
  writeFileSync(log, "");
  const bundle = `export default {}; // bundle ${randomBytes(400).toString("hex")}`;
  const gateEnv = { ...process.env, PATH: [bin, process.env.PATH].join(delimiter), GATE_LOG: log, FAIL_ON: failOn, BUNDLE_TEXT: bundle, CLOUDFLARE_API_TOKEN: "", ...env };
  const result = asOperator ? spawnSync(...operatorCommand("scripts/deploy.ts", args), { cwd: root, env: gateEnv, encoding: "utf8" }) : await inProcess(args, gateEnv);
  const lines = readFileSync(log, "utf8").split("\n").filter(Boolean);
  const logged = (prefix: string) => lines.find((l) => l.startsWith(prefix))?.slice(prefix.length);
  const lifecycle = logged("lifecycle: ");
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    bundle,
    calls: lines.filter((l) => !/^(deployed|lifecycle): /.test(l)).map((l) => l.replace(/--file \S+/, "--file FILE")),
    deployed: logged("deployed: "),
    lifecycle: lifecycle === undefined ? undefined : (JSON.parse(lifecycle) as unknown),
  };
}

async function inProcess(args: string[], env: Record<string, string | undefined>) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const status = await deploy(args, env, { stdout: (text) => void stdout.push(`${text}\n`), stderr: (text) => void stderr.push(`${text}\n`) });
  return { status, stdout: stdout.join(""), stderr: stderr.join("") };
}

const DOCTOR = "npm run --silent doctor -- --remote";
const TYPECHECK = "npm run --silent typecheck";
const TESTS = "npm test --silent";
const BUILD = "npm run --silent build";
const RETENTION = "wrangler r2 bucket lifecycle set tata-oro-media --file FILE --force";
const DEPLOY = "wrangler deploy dist/index.js --no-bundle";

describe("the deploy gate", () => {
  it("ADR-013.5 when every step passes: typecheck, every test project, the bundle build, then wrangler deploy", async () => {
    const { status, calls } = await runGate("");
    expect(calls).toEqual([DOCTOR, TYPECHECK, TESTS, BUILD, RETENTION, DEPLOY]);
    expect(status).toBe(0);
  });

  it("ADR-021.4 the doctor runs first: a wrong setting stops the gate in seconds, before the tests", async () => {
    const { status, calls } = await runGate("doctor");
    expect(status).not.toBe(0);
    expect(calls).toEqual([DOCTOR]);
  });

  it("ADR-021.4 with a secrets file, the doctor checks the secrets in it", async () => {
    const { status, calls } = await runGate("", ["--secrets-file", "/tmp/secrets.json"]);
    expect(status).toBe(0);
    expect(calls[0]).toBe("npm run --silent doctor -- --secrets-file /tmp/secrets.json");
  });

  it("ADR-021.4 deploys the very bundle the build made, and says how big it is", async () => {
    const { status, stdout, bundle, deployed } = await runGate("");
    expect(status).toBe(0);
    expect(deployed).toBe(bundle);
    const gzipKiB = (gzipSync(bundle).length / 1024).toFixed(1);
    expect(stdout).toContain(`gzip ${gzipKiB} KiB`);
  });

  it("ADR-021.4 the typecheck, the tests and the build run without Cloudflare's API token; the doctor and the deploy get it", async () => {
    const { status, calls } = await runGate("", [], { CLOUDFLARE_API_TOKEN: "cf-token-value" });
    expect(status).toBe(0);
    expect(calls).toEqual([`${DOCTOR} +token`, TYPECHECK, TESTS, BUILD, `${RETENTION} +token`, `${DEPLOY} +token`]);
  });

  it("ADR-013.5 a failing spec stops the gate with a non-zero exit before wrangler runs", async () => {
    const { status, calls } = await runGate("test", [], {}, true);
    expect(status).not.toBe(0);
    expect(calls).toEqual([DOCTOR, TYPECHECK, TESTS]);
    expect(calls.some((c) => c.startsWith("wrangler"))).toBe(false);
  });

  it("ADR-013.5 a type error stops the gate before the tests, and nothing is deployed", async () => {
    const { status, calls } = await runGate("typecheck");
    expect(status).not.toBe(0);
    expect(calls).toEqual([DOCTOR, TYPECHECK]);
  });

  it("ADR-013.5 a bundle that does not build is never deployed", async () => {
    const { status, calls } = await runGate("build");
    expect(status).not.toBe(0);
    expect(calls).toEqual([DOCTOR, TYPECHECK, TESTS, BUILD]);
  });

  it("ADR-013.5 arguments go to wrangler deploy, e.g. the secrets file CI writes", async () => {
    const { status, calls } = await runGate("", ["--secrets-file", "/tmp/secrets.json"]);
    expect(status).toBe(0);
    expect(calls.at(-1)).toBe(`${DEPLOY} --secrets-file /tmp/secrets.json`);
  });

  it("ADR-020.4 the gate sets the media bucket's lifecycle rules before it deploys: the clients' data after RETENTION_DAYS (180 by default), the model-call records after one day", async () => {
    const { status, calls, lifecycle } = await runGate("");
    expect(status).toBe(0);
    expect(calls.indexOf(RETENTION)).toBe(calls.indexOf(DEPLOY) - 1);
    const days = Number(/^RETENTION_DAYS\s*=\s*"(\d+)"/m.exec(readFileSync(join(root, "wrangler.toml"), "utf8"))?.[1]);
    expect(days).toBe(180);
    expect(lifecycle).toEqual({
      rules: [
        {
          id: "retention",
          enabled: true,
          conditions: { prefix: "whatsapp:" },
          deleteObjectsTransition: { condition: { type: "Age", maxAge: days * 24 * 60 * 60 } },
        },
        {
          id: "model-calls",
          enabled: true,
          conditions: { prefix: "model-calls/" },
          deleteObjectsTransition: { condition: { type: "Age", maxAge: 24 * 60 * 60 } },
        },
        // The console's records age out like the clients' data (ADR 028).
        {
          id: "console",
          enabled: true,
          conditions: { prefix: "console/" },
          deleteObjectsTransition: { condition: { type: "Age", maxAge: days * 24 * 60 * 60 } },
        },
      ],
    });
  });

  it("ADR-020.4 a lifecycle rule that cannot be applied stops the gate, and nothing is deployed", async () => {
    const { status, calls } = await runGate("lifecycle");
    expect(status).not.toBe(0);
    expect(calls).toEqual([DOCTOR, TYPECHECK, TESTS, BUILD, RETENTION]);
  });

  it("ADR-013.5 npm run deploy is the gate", () => {
    expect(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts.deploy).toBe("tsx scripts/deploy.ts");
  });

  it("ADR-030.5 a flag the gate would carry to the last step only (--env, --name, --config, either form) is refused before any step runs", async () => {
    for (const args of [["--env", "staging"], ["--env=staging"], ["-e", "staging"], ["--name", "tata-oro-test"], ["--config=other.toml"]]) {
      const { status, calls, stdout, stderr } = await runGate("", args);
      expect([args, status]).toEqual([args, 2]);
      expect([args, calls]).toEqual([args, []]);
      expect(`${stdout}${stderr}`).toMatch(/npm run deploy: .*(--env|-e|--name|--config)/);
    }
  });

  it("ADR-030.5 --secrets-file=FILE is --secrets-file FILE: the doctor reads it and the deploy uploads it", async () => {
    const { status, calls } = await runGate("", ["--secrets-file=/tmp/secrets.json"]);
    expect(status).toBe(0);
    expect(calls[0]).toBe("npm run --silent doctor -- --secrets-file /tmp/secrets.json");
    expect(calls.at(-1)).toBe(`${DEPLOY} --secrets-file /tmp/secrets.json`);
  });
});

