/**
 * ADR 026.5: inside workerd, the Worker's env holds the pinned settings and nothing of the
 * operator's. spec/node/pinned-settings.spec.ts runs this file again against a copy of
 * wrangler.toml, a .dev.vars and a shell with every setting changed.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { specBindings } from "./support/spec-bindings";

describe("the settings the specs run with", () => {
  it("ADR-026.5 every text binding of the Worker's env is a pinned setting, at its pinned value", () => {
    // The test pool adds one binding of its own.
    const texts = Object.fromEntries(Object.entries(env).filter(([name, value]) => typeof value === "string" && !name.startsWith("__VITEST_POOL_WORKERS_")));
    expect(texts).toEqual(specBindings);
  });
});
