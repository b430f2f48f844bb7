/**
 * One run of a malformed-state property (ADR 010.7, ADR 013.3; spec/malformed-state*.spec.ts): a
 * client number no other run has used, holding an arbitrary state in otherwise empty storage; the
 * webhook as Twilio sends it; and what a run checks afterwards: a message recorded and answered,
 * a read that changed nothing, what a reset leaves. Runs per property come from PROPERTY_RUNS
 * (vitest.config.ts provides them).
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, expect, inject } from "vitest";
import { webhooks } from "../../fixtures/twilio/webhooks";
import type { ClientKey } from "../../src/storage/keys";
import type { Consultation } from "../../src/storage/records";
import { ledgerKey, writeState, type StoredState } from "./malformed-state";
import { calls, sentMessages } from "./network";
import { copyKv, emptyStorage } from "./storage";
import { webhookRequest } from "./twilio";
import { dispatch } from "./worker";
import { answerFor, resetLeaves } from "./answers";
import { specHangMsFor } from "./patience";

declare module "vitest" {
  export interface ProvidedContext {
    propertyRuns: number;
  }
}

export const RUNS = inject("propertyRuns");
/** The case with more than 1000 objects runs a hundredth as often. */
export const CROWDED_RUNS = Math.max(2, Math.round(RUNS / 100));
export const TIMEOUT = specHangMsFor(RUNS);
/**
 * One crowded run makes thousands of R2 calls one after another (over 1000 records written, each
 * malformed body read by the job's looks at the conversation): about 2 s alone, and over 6 minutes
 * when the machine ran ten processes on its two cores. Each call waits for its turn on a core, so
 * this case slows far more than the others under load; bounded, like them, for a hang only.
 */
export const CROWDED_TIMEOUT = specHangMsFor(CROWDED_RUNS, 600_000);

export const SECRET = env.LINK_SIGNING_SECRET!;

let sequence = 0;
const nextNumber = () => String((sequence += 1)).padStart(7, "0");
/** A client number no other run has used. */
const newClient = () => `whatsapp:+1555${nextNumber()}` as ClientKey;

export function newMessage(client: ClientKey, body: string): Record<string, string> & { MessageSid: string } {
  const sid = `SM${nextNumber().padStart(32, "0")}`;
  return { ...webhooks["text-es"], From: client, WaId: client.slice("whatsapp:+".length), MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, Body: body };
}

/** Promise rejections nobody handled during the current run: a run expects none. */
export const rejections: unknown[] = [];
const onRejection = (event: PromiseRejectionEvent) => rejections.push(event.reason);
/** Call once at the top of a property spec file: collects its unhandled rejections. */
export function watchRejections(): void {
  beforeEach(() => addEventListener("unhandledrejection", onRejection));
  afterEach(() => removeEventListener("unhandledrejection", onRejection));
}

/** A new client holding `state` in otherwise empty storage, with an empty call log. */
export async function clientWith(state: StoredState): Promise<ClientKey> {
  calls.length = 0;
  rejections.length = 0;
  await emptyStorage(); // a run's reads and fingerprints then cover its own state only
  const client = newClient();
  await writeState(client, state);
  return client;
}

/**
 * What a read must leave as it found it: every R2 object's key, etag (its content's hash) and
 * content type, every KV key, and the client's KV values. Bodies are not read: the etag shows a change.
 */
export async function fingerprint(client: ClientKey): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.MEDIA_BUCKET.list({ cursor, include: ["httpMetadata"] });
    keys.push(...page.objects.map((o) => `r2 ${o.key} ${o.etag} ${o.httpMetadata?.contentType}`));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  let kvCursor: string | undefined;
  do {
    const page = await env.CHAT_HISTORY.list({ cursor: kvCursor });
    keys.push(...page.keys.map((k) => `kv ${k.name}`));
    kvCursor = page.list_complete ? undefined : page.cursor;
  } while (kvCursor);
  return [...keys, ...Object.entries(await copyKv(`${client}/`)).map(([key, value]) => `kv ${key} = ${value}`)];
}

export async function send(params: Record<string, string>): Promise<Response> {
  const { response, settled } = await dispatch(await webhookRequest(params));
  await settled;
  return response;
}

/** The consultation the summary id and media links are built for: the stored one, or a made-up one. */
export function consultationOf(state: StoredState): Consultation {
  return state.consultation.kind === "valid"
    ? { v: 1, id: state.consultation.id, startedAt: state.consultation.startedAt }
    : { v: 1, id: "AAAAAAAAAAAAAAAAAAAAAA", startedAt: "2026-01-01T00:00:00.000Z" };
}

/** What a reset leaves: the reset message's record (so a retry is recognised) and its confirmation. */
export const afterReset = (client: ClientKey, sid: string) => resetLeaves(client, sid);

export async function expectRecordedAndAnswered(client: ClientKey, message: Record<string, string>, response: Response): Promise<void> {
  expect(response.status).toBe(200);
  const stored = await env.MEDIA_BUCKET.get(`${client}/messages/${message.MessageSid}.json`);
  expect(JSON.parse(await stored!.text()).params).toEqual(message);
  expect(sentMessages().filter((m) => m.To === client)).toHaveLength(1);
  expect((await answerFor(client, message.MessageSid!)).status).toBe("sent");
  expect(rejections).toEqual([]);
}

/**
 * Whatever lay under the client's model-call records (ADR 018.4) is there as it was: nothing
 * overwrote or removed it. Returns the keys (relative to that prefix) that were added.
 */
export async function expectModelCallsKept(client: ClientKey, state: StoredState): Promise<string[]> {
  const prefix = `model-calls/${client}/`;
  for (const { key, body } of state.modelCalls) {
    const stored = await env.MEDIA_BUCKET.get(`${prefix}${key}`);
    expect(stored, key).not.toBeNull();
    expect(new Uint8Array(await stored!.arrayBuffer()), key).toEqual(typeof body === "string" ? new TextEncoder().encode(body) : body);
  }
  const listed = (await env.MEDIA_BUCKET.list({ prefix })).objects.map((o) => o.key.slice(prefix.length));
  return listed.filter((key) => !state.modelCalls.some((o) => o.key === key));
}

/**
 * Whatever lay in the client's ledger of Twilio's copies and among their pending markers (ADR 032)
 * is there as it was. Returns the keys of the ledger (relative to `twilio-copies/{client}/`) that were added.
 */
export async function expectLedgerKept(client: ClientKey, state: StoredState): Promise<string[]> {
  for (const { key, body } of state.ledger) {
    const stored = await env.MEDIA_BUCKET.get(ledgerKey(client, key));
    expect(stored, key).not.toBeNull();
    expect(new Uint8Array(await stored!.arrayBuffer()), key).toEqual(typeof body === "string" ? new TextEncoder().encode(body) : body);
  }
  const prefix = `twilio-copies/${client}/`;
  const listed = (await env.MEDIA_BUCKET.list({ prefix })).objects.map((o) => o.key);
  return listed.filter((key) => !state.ledger.some((o) => ledgerKey(client, o.key) === key)).map((key) => key.slice(prefix.length));
}

/** The stored value is kept under `quarantine/{isoTime}-{name}` (ADR 003's key schema), its name saying which record it was. */
export async function expectQuarantined(client: ClientKey, raw: string, name: string): Promise<void> {
  const listed = await env.MEDIA_BUCKET.list({ prefix: `${client}/quarantine/` });
  const quarantined = await Promise.all(listed.objects.map(async (o) => ({ key: o.key.slice(`${client}/quarantine/`.length), raw: await (await env.MEDIA_BUCKET.get(o.key))!.text() })));
  expect(quarantined).toContainEqual({ key: expect.stringMatching(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z-${name}$`)), raw });
}

export async function expectReadOnly(client: ClientKey, read: () => Promise<Response>): Promise<Response> {
  const before = await fingerprint(client);
  const response = await read();
  expect(response.status).toBeLessThan(500);
  expect(await fingerprint(client)).toEqual(before);
  expect(rejections).toEqual([]);
  return response;
}
