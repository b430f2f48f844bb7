/**
 * ADR 007.7: the page's link is a credential and the page runs no script, so its headers forbid
 * script, referrers, caching and indexing, for the page and for its 404 alike.
 */
import { describe, expect, it } from "vitest";
import { fullConsultation, writeConsultation } from "./support/consultation";
import { parseHtml } from "./support/html";
import { get } from "./support/worker";

const sha256 = async (text: string) => btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))));

function expectPrivateHeaders(response: Response) {
  expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  expect(response.headers.get("x-robots-tag")).toMatch(/\bnoindex\b/);
  expect(response.headers.get("cache-control")).toBe("private, no-store");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("content-type")).toBe("text/html; charset=UTF-8");
  const policy = response.headers.get("content-security-policy")!;
  const directives = Object.fromEntries(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  expect(directives["default-src"]).toEqual(["'none'"]);
  expect(directives["script-src"]).toBeUndefined(); // falls back to 'none'
  expect(directives["img-src"]).toEqual(["'self'"]);
  expect(directives["frame-ancestors"]).toEqual(["'none'"]);
  expect(directives["base-uri"]).toEqual(["'none'"]);
  expect(policy).not.toMatch(/unsafe-|data:|\*/);
  return directives;
}

describe("the page's headers", () => {
  it("ADR-007.7 the page: strict CSP (no script; its one stylesheet allowed by hash), no referrer, no cache, no index", async () => {
    const { id } = await writeConsultation(fullConsultation());
    const response = await get(`/summary/${id}`);
    expect(response.status).toBe(200);
    const directives = expectPrivateHeaders(response);
    const html = await response.text();
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    expect(directives["style-src"]).toEqual([`'sha256-${await sha256(styles[0]!)}'`]);
    const { elements } = await parseHtml(html);
    expect(elements.filter((e) => e.tag === "script")).toEqual([]);
    expect(elements.flatMap((e) => Object.keys(e.attributes)).filter((name) => /^on|^style$/i.test(name))).toEqual([]);
  });

  it("ADR-007.7 the 404 for a dead or forged link carries the same headers", async () => {
    const response = await get(`/summary/${"A".repeat(99)}`);
    expect(response.status).toBe(404);
    expectPrivateHeaders(response);
  });
});
