/**
 * ADR 001.1 and ADR 001.4: the route table of the interface (docs/interface.md), and nothing else.
 */
import { describe, expect, it } from "vitest";
import packageJson from "../package.json";
import { dispatch, get } from "./support/worker";

describe("GET /health", () => {
  it("ADR-001.1 answers 200 JSON with the version in package.json", async () => {
    const response = await get("/health");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: "ok", version: packageJson.version });
    expect(packageJson.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("anything that is not a route", () => {
  for (const path of ["/", "/healthz", "/whatsapp", "/whatsapp/incoming/extra", "/summary", "/.env", "/%2e%2e/wrangler.toml"]) {
    it(`ADR-001.4 GET ${JSON.stringify(path)} answers 404 JSON`, async () => {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "not found" });
    });
  }

  for (const method of ["GET", "PUT", "DELETE"]) {
    it(`ADR-001.4 /whatsapp/incoming answers ${JSON.stringify(method)} with 404 JSON (only POST is a route)`, async () => {
      const { response } = await dispatch(new Request("https://wa.example.com/whatsapp/incoming", { method }));
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "not found" });
    });
  }
});
