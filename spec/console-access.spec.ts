/**
 * ADR 028.1, 028.2: only the stylist, through Cloudflare Access, enters the console. Every route
 * wants an RS256 token that verifies against the team's keys, with the application's audience,
 * the team as issuer, inside its validity; a POST also wants the public origin. Anything else is
 * 403 and changes nothing; with the Access settings unset, the console does not exist (404).
 */
import { env } from "cloudflare:workers";
import { base64url, SignJWT } from "jose";
import { HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { accessAuth } from "../src/console/access";
import { accessTeam, AUD, consoleFetch, consoleRequest, STYLIST_EMAIL } from "./support/access";
import { writeConsultation, sid } from "./support/consultation";
import { sentMessages } from "./support/network";
import { copyStorage } from "./support/storage";
import { clock, dispatchWith } from "./support/worker";

const routes = (id: string) => [
  { path: "/console", method: "GET" },
  { path: `/console/c/${id}`, method: "GET" },
  { path: `/console/c/${id}/pause`, method: "POST" },
  { path: `/console/c/${id}/resume`, method: "POST" },
  { path: `/console/c/${id}/reply`, method: "POST" },
  { path: `/console/c/${id}/follow-up`, method: "POST" },
];

const recent = () => new Date(clock.now() - 60_000).toISOString();
const form = { text: "Hola, soy Tata", key: "key-0123456789" };

async function refusedEverywhere(team: Awaited<ReturnType<typeof accessTeam>>, token: string | null, init: { origin?: string | null } = {}) {
  const { id } = await writeConsultation([{ sid: sid(), at: recent(), body: "hola" }]);
  const before = await copyStorage();
  for (const route of routes(id)) {
    const response = await consoleFetch(team, route.path, token, { method: route.method, ...(route.method === "POST" ? { form } : {}), ...init });
    expect(response.status, `${route.method} ${route.path}`).toBe(403);
    expect(await response.json()).toEqual({ error: "forbidden" });
  }
  expect(await copyStorage()).toEqual(before);
  expect(sentMessages()).toEqual([]);
}

describe("who may enter the console", () => {
  it("ADR-028.1 with CF_ACCESS_TEAM_DOMAIN and CF_ACCESS_AUD unset every console route answers 404, a valid-looking token or not", async () => {
    const team = await accessTeam();
    const { id } = await writeConsultation([{ sid: sid(), at: recent(), body: "hola" }]);
    for (const unset of [{ CF_ACCESS_TEAM_DOMAIN: "", CF_ACCESS_AUD: "" }, { CF_ACCESS_AUD: "" }, { CF_ACCESS_TEAM_DOMAIN: "" }]) {
      for (const route of routes(id)) {
        const response = await dispatchWith({ ...team.env, ...unset }, consoleRequest(route.path, await team.token(), { method: route.method, ...(route.method === "POST" ? { form } : {}) }));
        expect(response.status, `${route.method} ${route.path}`).toBe(404);
        expect(await response.json()).toEqual({ error: "not found" });
      }
    }
  });

  it("ADR-028.1 a token Access signed, for this application, opens the list (keys fetched once and cached)", async () => {
    const team = await accessTeam();
    const response = await consoleFetch(team, "/console", await team.token());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    await consoleFetch(team, "/console", await team.token());
    expect(team.certFetches()).toBe(1);
  });

  it("ADR-028.1 no token: 403 on every route, nothing changed, nothing sent", async () => {
    await refusedEverywhere(await accessTeam(), null);
  });

  it("ADR-028.1 an expired token: 403 everywhere", async () => {
    const team = await accessTeam();
    await refusedEverywhere(team, await team.token({}, { expiresIn: -60, notBefore: Math.floor(clock.now() / 1000) - 3600 }));
  });

  it("ADR-028.1 a token not yet valid (nbf ahead): 403 everywhere", async () => {
    const team = await accessTeam();
    await refusedEverywhere(team, await team.token({}, { notBefore: Math.floor(clock.now() / 1000) + 600 }));
  });

  it("ADR-028.1 a token for another application (aud): 403 everywhere", async () => {
    const team = await accessTeam();
    await refusedEverywhere(team, await team.token({ aud: ["b".repeat(64)] }));
  });

  it("ADR-028.1 a token from another issuer (iss): 403 everywhere", async () => {
    const team = await accessTeam();
    await refusedEverywhere(team, await team.token({ iss: "https://other.cloudflareaccess.com" }));
  });

  it("ADR-028.1 a token naming a key the team does not have (kid): 403 everywhere", async () => {
    const team = await accessTeam();
    await refusedEverywhere(team, await team.token({}, { kid: "kid-nobody-has" }));
  });

  it("ADR-028.1 a token whose payload was changed after signing: 403 everywhere", async () => {
    const team = await accessTeam();
    const [header, payload, signature] = (await team.token()).split(".");
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload!.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0))));
    const tampered = base64url.encode(JSON.stringify({ ...claims, email: "intruder@example.com" }));
    await refusedEverywhere(team, `${header}.${tampered}.${signature}`);
  });

  it("ADR-028.1 an unsigned token (alg none): 403 everywhere", async () => {
    const team = await accessTeam();
    const now = Math.floor(clock.now() / 1000);
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    const token = `${encode({ alg: "none", typ: "JWT" })}.${encode({ email: STYLIST_EMAIL, aud: [AUD], iss: team.domain, iat: now, nbf: now - 5, exp: now + 3600 })}.`;
    await refusedEverywhere(team, token);
  });

  it("ADR-028.1 a token signed HS256 with the team's public key as the secret: 403 everywhere", async () => {
    const team = await accessTeam();
    const jwk = team.publicJwk();
    const now = Math.floor(clock.now() / 1000);
    const token = await new SignJWT({ email: STYLIST_EMAIL })
      .setProtectedHeader({ alg: "HS256", kid: jwk.kid! })
      .setIssuer(team.domain)
      .setAudience([AUD])
      .setNotBefore(now - 5)
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode(JSON.stringify(jwk)));
    await refusedEverywhere(team, token);
  });

  it("ADR-028.1 a key rotation: a token under a new kid is accepted once the certs are fetched again", async () => {
    const team = await accessTeam();
    expect((await consoleFetch(team, "/console", await team.token())).status).toBe(200);
    const kid = await team.rotate();
    await clock.manual(async () => {
      await clock.advance(11_000);
      expect((await consoleFetch(team, "/console", await team.token({}, { kid }))).status).toBe(200);
    });
    expect(team.certFetches()).toBe(2);
  });

  it("ADR-028.1 a token without an expiry (no exp): 403 everywhere", async () => {
    const team = await accessTeam();
    await refusedEverywhere(team, await team.token({ exp: undefined }));
  });

  it("ADR-028.1 certs that answer an error, or that are not a key set, open nothing: 403 everywhere, never a 5xx", async () => {
    const failing = await accessTeam();
    failing.answerCertsWith((keySet) => HttpResponse.json(keySet, { status: 503 }));
    await refusedEverywhere(failing, await failing.token());
    const strange = await accessTeam();
    strange.answerCertsWith(() => HttpResponse.json({ public_cert: {} }));
    await refusedEverywhere(strange, await strange.token());
  });

  it("ADR-028.1 a token naming a kid the cached keys lack fetches them again at most once per 10 s; a known kid never does", async () => {
    const team = await accessTeam();
    const forged = await team.token({}, { kid: "kid-forged" });
    await clock.manual(async () => {
      expect((await consoleFetch(team, "/console", await team.token())).status).toBe(200);
      expect((await consoleFetch(team, "/console", forged)).status).toBe(403);
      expect(team.certFetches()).toBe(1);
      await clock.advance(9_999);
      expect((await consoleFetch(team, "/console", forged)).status).toBe(403);
      expect(team.certFetches()).toBe(1);
      await clock.advance(1);
      expect((await consoleFetch(team, "/console", forged)).status).toBe(403);
      expect((await consoleFetch(team, "/console", forged)).status).toBe(403);
      expect(team.certFetches()).toBe(2);
      await clock.advance(60_000);
      expect((await consoleFetch(team, "/console", await team.token())).status).toBe(200);
      expect(team.certFetches()).toBe(2);
    });
  });

  it("ADR-028.1 a HEAD wants the token as a GET does, and no Origin", async () => {
    const team = await accessTeam();
    expect((await consoleFetch(team, "/console", await team.token(), { method: "HEAD" })).status).toBe(200);
    expect((await consoleFetch(team, "/console", null, { method: "HEAD" })).status).toBe(403);
  });

  it("ADR-028.1 accessAuth refuses options it cannot work with, when it is made", () => {
    expect(() => accessAuth({ settings: null, clock, refetchCooldownMs: 10_000 } as never)).toThrow("settings must be a function");
    for (const refetchCooldownMs of [-1, 1.5, Number.NaN]) {
      expect(() => accessAuth({ settings: () => null, clock, refetchCooldownMs })).toThrow("refetchCooldownMs must be a whole number of ms");
    }
    for (const refetchCooldownMs of [0, 10_000]) expect(() => accessAuth({ settings: () => null, clock, refetchCooldownMs })).not.toThrow();
  });

  it("ADR-028.2 a POST from another site (Origin not the public origin, or none) is refused, with a valid token, and changes nothing", async () => {
    const team = await accessTeam();
    await refusedEverywhereOnPost(team, "https://evil.example");
    await refusedEverywhereOnPost(team, null);
  });
});

async function refusedEverywhereOnPost(team: Awaited<ReturnType<typeof accessTeam>>, origin: string | null) {
  const { id } = await writeConsultation([{ sid: sid(), at: recent(), body: "hola" }]);
  const before = await copyStorage();
  for (const route of routes(id).filter((r) => r.method === "POST")) {
    const response = await consoleFetch(team, route.path, await team.token(), { method: "POST", form, origin });
    expect(response.status, route.path).toBe(403);
  }
  expect(await copyStorage()).toEqual(before);
  expect(sentMessages()).toEqual([]);
}

describe("what a refusal leaves", () => {
  let lines: string[] = [];
  afterEach(() => vi.restoreAllMocks());
  const refusals = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.event === "console_refused");
  const capture = () => {
    lines = [];
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
  };

  it("ADR-028.1 one console_refused line per refusal, with the route refused (its pattern, no id), the method and why, never the token", async () => {
    const team = await accessTeam();
    const { id } = await writeConsultation([{ sid: sid(), at: recent(), body: "hola" }]);
    const expired = await team.token({}, { expiresIn: -60, notBefore: Math.floor(clock.now() / 1000) - 3600 });
    capture();
    await consoleFetch(team, "/console", null);
    await consoleFetch(team, `/console/c/${id}/pause`, await team.token(), { method: "POST", form, origin: "https://evil.example" });
    await consoleFetch(team, "/console", expired);
    expect(refusals()).toEqual([
      { event: "console_refused", route: "/console", method: "GET", reason: "no Cf-Access-Jwt-Assertion" },
      { event: "console_refused", route: "/console/c/:conversationId/pause", method: "POST", reason: "Origin is not the public origin" },
      { event: "console_refused", route: "/console", method: "GET", reason: expect.stringMatching(/^JWTExpired: .*"exp"/) },
    ]);
    expect(lines.join("\n")).not.toContain(expired);
  });

  it("ADR-028.1 certs that cannot be used are logged with why", async () => {
    const failing = await accessTeam();
    failing.answerCertsWith((keySet) => HttpResponse.json(keySet, { status: 503 }));
    const strange = await accessTeam();
    strange.answerCertsWith(() => HttpResponse.json({ public_cert: {} }));
    const empty = await accessTeam();
    empty.answerCertsWith(() => HttpResponse.json(null));
    capture();
    await consoleFetch(failing, "/console", await failing.token());
    await consoleFetch(strange, "/console", await strange.token());
    await consoleFetch(empty, "/console", await empty.token());
    expect(refusals().map((line) => line.reason)).toEqual(["Error: Access certs answered 503", "Error: Access certs are not a key set", "Error: Access certs are not a key set"]);
  });
});

describe("who the console says acted", () => {
  const pausedBy = async () => {
    const listed = await env.MEDIA_BUCKET.list({ prefix: "console/pauses/" });
    return Promise.all(listed.objects.map(async (object) => ((await (await env.MEDIA_BUCKET.get(object.key))!.json()) as { by: string }).by));
  };

  it("ADR-028.2 a token without an email names the stylist by its subject, and one without either as unknown", async () => {
    const team = await accessTeam();
    const { id } = await writeConsultation([{ sid: sid(), at: recent(), body: "hola" }]);
    expect((await consoleFetch(team, `/console/c/${id}/pause`, await team.token({ email: undefined, sub: "sub-7f3a" }), { method: "POST", form })).status).toBe(303);
    expect((await consoleFetch(team, `/console/c/${id}/resume`, await team.token({ email: undefined }), { method: "POST", form })).status).toBe(303);
    expect((await pausedBy()).sort()).toEqual(["sub-7f3a", "unknown"]);
  });
});
