/**
 * ADR 013.6: the GitHub Actions workflow deploys only on pushes to main, only through the gate,
 * with the Cloudflare credentials and the Worker's secrets taken from repository secrets.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const workflow = readFileSync(fileURLToPath(new URL("../../.github/workflows/deploy.yml", import.meta.url)), "utf8");
/** The workflow's lines without comments. */
const lines = workflow.split("\n").filter((line) => !/^\s*#/.test(line));
const runLines = lines.filter((line) => /^\s*(- )?run:/.test(line)).map((line) => line.replace(/^\s*(- )?run:\s*/, ""));

describe("the deploy workflow", () => {
  it("ADR-013.6 runs on pushes to main only, and its job is guarded to main", () => {
    expect(workflow).toMatch(/^on:\n {2}push:\n {4}branches: \[main\]\n\n/m);
    expect(workflow).not.toMatch(/^\s*(pull_request|workflow_dispatch|schedule|release):/m);
    expect(workflow).toMatch(/^ {4}if: github\.ref == 'refs\/heads\/main'$/m);
  });

  it("ADR-013.6 installs with npm ci and deploys only through the gate, never with wrangler directly", () => {
    expect(runLines).toContain("npm ci --no-audit --no-fund");
    expect(runLines.filter((line) => line.startsWith("npm run deploy"))).toHaveLength(1);
    expect(lines.filter((line) => /wrangler\s+(deploy|publish|versions)/.test(line))).toEqual([]);
    expect(runLines.findIndex((line) => line.startsWith("npm ci"))).toBeLessThan(runLines.findIndex((line) => line.startsWith("npm run deploy")));
  });

  it("ADR-013.6 the Cloudflare credentials and the Worker's secrets are repository secrets, never values in the file", () => {
    for (const name of ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID", "OPENAI_API_KEY", "TWILIO_AUTH_TOKEN", "LINK_SIGNING_SECRET"]) {
      expect(workflow).toContain(`${name}: \${{ secrets.${name} }}`);
      expect(workflow).not.toMatch(new RegExp(`${name}:\\s*["']?(?!\\$\\{\\{)[^\\s"']+`));
    }
    expect(runLines.find((line) => line.startsWith("npm run deploy"))).toContain("--secrets-file");
  });

  it("ADR-030.8 checks the Cloudflare side first, with the token, before the provider documents and the gate; reads the repository only; uses $RUNNER_TEMP", () => {
    const doctorLine = runLines.findIndex((line) => line.startsWith("npm run doctor") && line.includes("--require-cloudflare"));
    expect(doctorLine).toBeGreaterThan(-1);
    expect(doctorLine).toBeLessThan(runLines.findIndex((line) => line.startsWith("npm run provider-documents")));
    expect(doctorLine).toBeLessThan(runLines.findIndex((line) => line.startsWith("npm run deploy")));
    const step = workflow.split(/\n(?= {6}- )/).find((text) => text.includes("--require-cloudflare"))!;
    expect(step).toContain("CLOUDFLARE_API_TOKEN: ${{ secrets.CLOUDFLARE_API_TOKEN }}");
    expect(workflow).toMatch(/^permissions:\n {2}contents: read\n/m);
    expect(lines.filter((line) => line.includes("runner.temp"))).toEqual([]);
  });
});

