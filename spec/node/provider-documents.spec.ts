/**
 * ADR 021.9: CI rebuilds the providers' documents from pinned upstream commits, checked by
 * SHA-256, and a missing document can be made a failure. The subsetting is shown on a small
 * document of our own; the required flag by running the contract check as CI runs it, against
 * a folder that does not exist.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalSha256, DOCUMENT_SOURCES, subsetOf } from "../../scripts/provider-document-subsets";
import { SPEC_HANG_MS } from "../support/patience";

const upstream = {
  openapi: "3.1.0",
  info: { title: "Upstream", version: "1" },
  paths: {
    "/kept": {
      description: "a path item's own fields stay",
      post: { requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Request" } } } }, responses: { "200": { $ref: "#/components/responses/Ok" } } },
      get: { responses: { "200": { description: "a method not kept" } } },
    },
    "/dropped": { post: { responses: { "200": { $ref: "#/components/schemas/Unused" } } } },
  },
  components: {
    schemas: {
      Unused: { type: "string" },
      Request: { type: "object", properties: { part: { $ref: "#/components/schemas/Part" } } },
      Part: { type: "object", properties: { self: { $ref: "#/components/schemas/Part" } } },
    },
    responses: { Ok: { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Part" } } } } },
    securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
  },
};

function contractCheck(env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile("node_modules/.bin/vitest", ["run", "--project", "pact-documents"], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

describe("the providers' documents in CI", () => {
  it("ADR-021.9 a subset keeps the named operations and, transitively, exactly the components they reference", () => {
    const subset = subsetOf(upstream, { "/kept": ["post"] });
    expect(Object.keys(subset.paths as object)).toEqual(["/kept"]);
    expect(Object.keys((subset.paths as Record<string, object>)["/kept"]!)).toEqual(["description", "post"]);
    expect(subset.components).toEqual({
      schemas: { Request: upstream.components.schemas.Request, Part: upstream.components.schemas.Part },
      responses: upstream.components.responses,
      securitySchemes: upstream.components.securitySchemes,
    });
    expect(subset.info).toEqual(upstream.info);
    expect(canonicalSha256(subset)).toBe(canonicalSha256(JSON.parse(JSON.stringify(subsetOf(subset as typeof upstream, { "/kept": ["post"] })))));
    expect(() => subsetOf(upstream, { "/kept": ["delete"] })).toThrow(/no DELETE \/kept/);
  });

  it("ADR-021.9 the workflow rebuilds them before the gate and makes a missing one a failure; every source is pinned to a commit", () => {
    const workflow = readFileSync(".github/workflows/deploy.yml", "utf8");
    // $RUNNER_TEMP, the container's own path (ADR 030.8), handed to every later step through $GITHUB_ENV.
    expect(workflow).toContain('run: echo "PROVIDER_SPECS_DIR=$RUNNER_TEMP/provider-specs" >> "$GITHUB_ENV"');
    expect(workflow).toContain('run: npm run provider-documents -- --out "$PROVIDER_SPECS_DIR"');
    expect(workflow.indexOf("PROVIDER_SPECS_DIR=$RUNNER_TEMP")).toBeLessThan(workflow.indexOf("run: npm run provider-documents"));
    expect(workflow).toContain('PROVIDER_DOCUMENTS_REQUIRED: "true"');
    expect(workflow.indexOf("run: npm run provider-documents")).toBeLessThan(workflow.indexOf("run: npm run deploy"));
    for (const source of DOCUMENT_SOURCES) {
      expect(source.url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[\w-]+\/[\w-]+\/[0-9a-f]{40}\//);
      expect(source.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("ADR-021.9 with PROVIDER_DOCUMENTS_REQUIRED=true the contract check fails where the documents are missing; without it, it says so and passes", async () => {
    const nowhere = join(tmpdir(), "no-provider-specs-here");
    const required = await contractCheck({ PROVIDER_SPECS_DIR: nowhere, PROVIDER_DOCUMENTS_REQUIRED: "true" });
    expect(required.code).not.toBe(0);
    expect(required.out).toContain("PROVIDER_DOCUMENTS_REQUIRED=true: run npm run provider-documents");
    const optional = await contractCheck({ PROVIDER_SPECS_DIR: nowhere, PROVIDER_DOCUMENTS_REQUIRED: "" });
    expect(optional.code).toBe(0);
    expect(optional.out).toContain(`provider documents not found at ${nowhere}`);
  }, SPEC_HANG_MS);
});
