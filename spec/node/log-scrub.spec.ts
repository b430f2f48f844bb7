/**
 * ADR 029.2: what reaches a log line is scrubbed whatever form it takes: percent-encoded, with
 * JSON's escaped slashes, in any case, a number written with spaces; Workers Logs keep no
 * invocation log (the full URL of every request), and the operations guide says what
 * `wrangler tail` and `wrangler dev` show.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scrub } from "../../src/utils/log";

describe("scrub, second round", () => {
  it("ADR-029.2 a number percent-encoded, or written with spaces or dashes, keeps only its last four digits", () => {
    expect(scrub("To=whatsapp%3A%2B15550001111&Body=hi")).not.toMatch(/555000/);
    expect(scrub("To=whatsapp%3A%2B15550001111&Body=hi")).toContain("…1111");
    expect(scrub("call +1 555 000 1111 now")).toBe("call +…1111 now");
    expect(scrub("call +52-155-1234-5678 now")).toBe("call +…5678 now");
    expect(scrub("whatsapp:+1 (555) 000-1111")).toBe("whatsapp:+…1111");
    expect(scrub("whatsapp%3a%2b15550001111")).not.toMatch(/555000/);
  });

  it("ADR-029.2 a capability survives no escaping and no case: \\/media\\/, %2Fsummary%2F, /SUMMARY/, /Media/", () => {
    for (const text of [
      '{"url":"https:\\/\\/wa.example.com\\/media\\/S3CRETTOKEN"}',
      "GET /SUMMARY/S3CRETTOKEN",
      "GET /Media/S3CRETTOKEN?x=1",
      "url=https%3A%2F%2Fwa.example.com%2Fsummary%2FS3CRETTOKEN",
      "url=https%3a%2f%2fwa.example.com%2fmedia%2fS3CRETTOKEN",
      "url=https%253A%252F%252Fwa.example.com%252Fmedia%252FS3CRETTOKEN",
    ]) {
      expect(scrub(text), text).not.toContain("S3CRETTOKEN");
    }
    expect(scrub("/summary/:conversationId")).toBe("/summary/:conversationId");
  });

  it("ADR-029.2 a malformed percent sequence is left as it is and still scrubbed around", () => {
    expect(scrub("100% of /media/S3CRETTOKEN %E0%A4%A")).not.toContain("S3CRETTOKEN");
    expect(scrub("100% sure")).toBe("100% sure");
  });

  it("ADR-029.2 wrangler.toml turns Workers Logs' invocation logs off, and the operations guide says what tail and dev show", () => {
    const toml = readFileSync("wrangler.toml", "utf8");
    expect(toml).toMatch(/\[observability\.logs\][^[]*invocation_logs\s*=\s*false/);
    const operations = readFileSync("docs/operations.md", "utf8");
    expect(operations).toMatch(/wrangler tail[^]*full URL/);
    expect(operations).toMatch(/invocation_logs = false/);
  });
});
