/**
 * ADR 013.5: `npm run deploy` deploys only after the typecheck, every test project and the
 * bundle build passed. The gate runs as it does for real (tsx scripts/deploy.ts), with
 * recording stand-ins for `npm` and `wrangler` first on PATH: each records its arguments and
 * fails when told to, so a red step can be staged and the absence of `wrangler deploy` observed.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A stand-in command: appends "name args" to the log, exits 1 when its arguments match FAIL_ON. */
const standIn = (name: string) => `#!/bin/sh
echo "${name} $*" >> "$GATE_LOG"
case " $* " in *" $FAIL_ON "*) [ -n "$FAIL_ON" ] && exit 1 ;; esac
if [ "${name} $1 $2 $3 $4" = "wrangler r2 bucket lifecycle set" ] && [ "$6" = "--file" ]; then echo "lifecycle: $(cat "$7")" >> "$GATE_LOG"; fi
exit 0
`;

function runGate(failOn: string, args: string[] = []) {
  const bin = mkdtempSync(join(tmpdir(), "deploy-gate-"));
  dirs.push(bin);
  for (const name of ["npm", "wrangler"]) {
    writeFileSync(join(bin, name), standIn(name));
    chmodSync(join(bin, name), 0o755);
  }
  const log = join(bin, "calls.log");
  writeFileSync(log, "");
  const result = spawnSync(join(root, "node_modules/.bin/tsx"), ["scripts/deploy.ts", ...args], {
    cwd: root,
    env: { ...process.env, PATH: [bin, process.env.PATH].join(delimiter), GATE_LOG: log, FAIL_ON: failOn },
    encoding: "utf8",
  });
  const lines = readFileSync(log, "utf8").split("\n").filter(Boolean);
  const lifecycle = lines.find((line) => line.startsWith("lifecycle: "))?.slice("lifecycle: ".length);
  return {
    status: result.status,
    calls: lines.filter((line) => !line.startsWith("lifecycle: ")).map((line) => line.replace(/--file \S+/, "--file FILE")),
    lifecycle: lifecycle === undefined ? undefined : (JSON.parse(lifecycle) as unknown),
  };
}

const TYPECHECK = "npm run --silent typecheck";
const TESTS = "npm test --silent";
const BUILD = "npm run --silent build";
const RETENTION = "wrangler r2 bucket lifecycle set tata-oro-media --file FILE --force";

describe("the deploy gate", () => {
  it("ADR-013.5 when every step passes: typecheck, every test project, the bundle build, then wrangler deploy", () => {
    const { status, calls } = runGate("");
    expect(calls).toEqual([TYPECHECK, TESTS, BUILD, RETENTION, "wrangler deploy"]);
    expect(status).toBe(0);
  });

  it("ADR-013.5 a failing spec stops the gate with a non-zero exit before wrangler runs", () => {
    const { status, calls } = runGate("test");
    expect(status).not.toBe(0);
    expect(calls).toEqual([TYPECHECK, TESTS]);
    expect(calls.some((c) => c.startsWith("wrangler"))).toBe(false);
  });

  it("ADR-013.5 a type error stops the gate before the tests, and nothing is deployed", () => {
    const { status, calls } = runGate("typecheck");
    expect(status).not.toBe(0);
    expect(calls).toEqual([TYPECHECK]);
  });

  it("ADR-013.5 a bundle that does not build is never deployed", () => {
    const { status, calls } = runGate("build");
    expect(status).not.toBe(0);
    expect(calls).toEqual([TYPECHECK, TESTS, BUILD]);
  });

  it("ADR-013.5 arguments go to wrangler deploy, e.g. the secrets file CI writes", () => {
    const { status, calls } = runGate("", ["--secrets-file", "/tmp/secrets.json"]);
    expect(status).toBe(0);
    expect(calls.at(-1)).toBe("wrangler deploy --secrets-file /tmp/secrets.json");
  });

  it("ADR-020.4 the gate sets the media bucket's lifecycle rule to RETENTION_DAYS (180 by default) before it deploys", () => {
    const { status, calls, lifecycle } = runGate("");
    expect(status).toBe(0);
    expect(calls.indexOf(RETENTION)).toBe(calls.indexOf("wrangler deploy") - 1);
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
      ],
    });
  });

  it("ADR-020.4 a lifecycle rule that cannot be applied stops the gate, and nothing is deployed", () => {
    const { status, calls } = runGate("lifecycle");
    expect(status).not.toBe(0);
    expect(calls).toEqual([TYPECHECK, TESTS, BUILD, RETENTION]);
  });

  it("ADR-013.5 npm run deploy is the gate", () => {
    expect(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts.deploy).toBe("tsx scripts/deploy.ts");
  });
});
