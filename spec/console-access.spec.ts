/**
 * ADR 028.1, 028.2: only the stylist, through Cloudflare Access, enters the console. Every route
 * wants an RS256 token that verifies against the team's keys, with the application's audience,
 * the team as issuer, inside its validity; a POST also wants the public origin. Anything else is
 * 403 and changes nothing; with the Access settings unset, the console does not exist (404).
 */
import { base64url, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
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
