/**
 * ADR 029.3: the operator's guide says what outlives "delete my data" by design: the consent
 * records and the seen-SID markers, content-free, outside the client's prefix.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("what outlives delete my data", () => {
  it("ADR-029.3 docs/operations.md names the consent records and the seen-SID markers as kept on purpose, and why", () => {
    const operations = readFileSync("docs/operations.md", "utf8");
    const section = operations.slice(operations.indexOf("### What \"delete my data\" leaves"));
    expect(section).toMatch(/^### What "delete my data" leaves/);
    expect(section).toMatch(/`consent\/whatsapp:\+/);
    expect(section).toMatch(/`seen\/\{MessageSid\}`/);
    expect(section).toMatch(/never message someone who opted out/);
    expect(section).toMatch(/replayed webhook/);
  });
});
