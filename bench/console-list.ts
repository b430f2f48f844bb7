/**
 * ADR 028.3: `GET /console` with 25 and with 500 consultations: the Worker's own JS CPU per
 * request (the real app in node with in-memory KV and R2, the Access token verified with its
 * keys cached, as they are after the first request) and the KV and R2 calls one request makes.
 */
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { recordActivity, recordPause } from "../src/storage/console-records";
import type { ClientKey } from "../src/storage/keys";
import { recordConsent } from "../src/storage/outside-client";
import type { BenchSection, BudgetCheck } from "./budget";
import { inLeanProcess } from "./lean-process";
import { PUBLIC_BASE_URL } from "./local-stack";
import { seedConversation } from "./seeded-conversations";
import { round } from "./stats";
import { inMemoryWorker, jsCpuPerCall } from "./worker-js-cpu";

const CPU_BUDGET_MS = 10;
const CALLS_BUDGET = 50;
const TEAM = "https://bench-team.cloudflareaccess.com";
const AUD = "b".repeat(64);
const SIZES = [25, 500];

interface Measured {
  consultations: number;
  status: number;
  jsCpuMs: number;
  storageCalls: number;
}

/** One size, measured in a lean process. */
export async function measureConsoleList(consultations: number, calls: number): Promise<Measured> {
  const counted = { on: false, calls: 0 };
  const counting = <T extends object>(binding: T): T =>
    new Proxy(binding, {
      get(target, property) {
        const member = Reflect.get(target, property) as unknown;
        if (typeof member !== "function") return member;
        return (...args: unknown[]) => {
          if (counted.on) counted.calls += 1;
          return (member as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const worker = inMemoryWorker({ vars: { CF_ACCESS_TEAM_DOMAIN: TEAM, CF_ACCESS_AUD: AUD }, bindings: counting });
  for (let n = 0; n < consultations; n++) {
    const client = `whatsapp:+1555070${String(n).padStart(4, "0")}` as ClientKey;
    await seedConversation(worker.store, { client, messages: 6, photos: 0, photoBytes: 0 });
    await recordActivity(worker.store, { client, at: new Date(Date.parse("2026-11-01T09:00:00Z") + n * 60_000).toISOString(), name: `Client ${n}` });
    if (n % 10 === 3) await recordConsent(worker.store, client, { sid: `SM${String(n).padStart(32, "0")}`, at: "2026-11-01T10:00:00.000Z", choice: "opted-out" });
    if (n % 10 === 5) await recordPause(worker.store, client, { at: "2026-11-01T10:00:00.000Z", id: `p${n}`, choice: "paused", by: "tata@example.com" });
  }
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const kid = "bench";
  const token = await new SignJWT({ email: "tata@example.com" }).setProtectedHeader({ alg: "RS256", kid }).setIssuer(TEAM).setAudience(AUD).setIssuedAt().setExpirationTime("1h").sign(privateKey);
  const request = () => new Request(`${PUBLIC_BASE_URL}/console`, { headers: { "cf-access-jwt-assertion": token } });
  // The first request fetches the team's keys; every later one finds them cached.
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async () => Response.json({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: "RS256" }] })) as typeof fetch;
  const first = await worker.call(request()).finally(() => (globalThis.fetch = realFetch));
  counted.on = true;
  await worker.call(request());
  counted.on = false;
  const jsCpuMs = await jsCpuPerCall(calls, () => worker.call(request()));
  return { consultations, status: first.status, jsCpuMs, storageCalls: counted.calls };
}

export async function consoleListBench(smoke: boolean): Promise<BenchSection> {
  const rows: Measured[] = [];
  for (const size of smoke ? [25] : SIZES) rows.push(await inLeanProcess<Measured>(import.meta.url, "measureConsoleList", size, smoke ? 5 : 50));
  const table = [
    "| consultations | status | Worker JS CPU ms per request | KV and R2 calls per request |",
    "| ---: | ---: | ---: | ---: |",
    ...rows.map((r) => `| ${r.consultations} | ${r.status} | ${round(r.jsCpuMs, 2)} | ${r.storageCalls} |`),
  ].join("\n");
  const budgets: BudgetCheck[] = rows.map((r) => ({
    item: `GET /console, ${r.consultations} consultations`,
    figure: `${round(r.jsCpuMs, 2)} ms JS; ${r.storageCalls} storage calls`,
    budget: `CPU ≤ ${CPU_BUDGET_MS} ms, ≤ ${CALLS_BUDGET} storage calls`,
    holds: r.status === 200 ? r.jsCpuMs <= CPU_BUDGET_MS && r.storageCalls <= CALLS_BUDGET : "not measured",
  }));
  const markdown = [
    "Consultations of 6 answered messages each are written into in-memory KV and R2 through the storage module, each listed",
    "as the webhook lists it (one in ten opted out, one in ten paused); then the real app answers `GET /console` with a valid",
    "Access token (its keys cached, as after the first request). JS CPU as in item 2; the calls are every KV and R2 method",
    "one request makes (the list's index, one KV listing, the consent and pause listings, one listing per row shown).",
    "",
    table,
  ].join("\n");
  return { title: "Console list (ADR 028)", markdown, budgets };
}
