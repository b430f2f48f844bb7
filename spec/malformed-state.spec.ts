/**
 * ADR 010.7 and ADR 013.3: property tests over malformed stored state, inside workerd with real
 * KV and R2. fast-check writes an arbitrary state for one client (spec/support/malformed-state.ts),
 * then the webhook, the summary page, the media route and reset are run over it.
 *
 * Every run empties storage, then writes its state for a client number of its own, so runs stay
 * independent. Runs per property: 200, or PROPERTY_RUNS (e.g.
 * `PROPERTY_RUNS=2000 npx vitest run --project workers spec/malformed-state`); the case with more
 * than 1000 objects runs a hundredth as often. On a failure fast-check prints the counterexample
 * with its `seed` and `path`: replay it by passing `{ seed, path, endOnFailure: true }` to that
 * `fc.assert`.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { commandOf } from "../src/conversation/commands";
import type { ClientKey, Consultation } from "../src/storage/store";
import { mediaLink } from "../src/media/signed-links";
import { conversationIdFor } from "../src/summary/conversation-id";
import { calls, sentMessages } from "./support/network";
import { crowdedState, storedState, writeState, type StoredState } from "./support/malformed-state";
import { copyKv, copyStorage, emptyStorage } from "./support/storage";
import { dispatch, get } from "./support/worker";
import { webhookRequest } from "./support/twilio";

declare module "vitest" {
  export interface ProvidedContext {
    propertyRuns: number;
  }
}

const RUNS = inject("propertyRuns");
const CROWDED_RUNS = Math.max(2, Math.round(RUNS / 100));
const TIMEOUT = 60_000 + RUNS * 1_500;
const CROWDED_TIMEOUT = 120_000 + CROWDED_RUNS * 60_000;

const SECRET = env.LINK_SIGNING_SECRET!;

let sequence = 0;
const nextNumber = () => String((sequence += 1)).padStart(7, "0");
/** A client number no other run has used. */
const newClient = () => `whatsapp:+1555${nextNumber()}` as ClientKey;

function newMessage(client: ClientKey, body: string): Record<string, string> & { MessageSid: string } {
  const sid = `SM${nextNumber().padStart(32, "0")}`;
  return { ...webhooks["text-es"], From: client, WaId: client.slice("whatsapp:+".length), MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, Body: body };
}

const rejections: unknown[] = [];
const onRejection = (event: PromiseRejectionEvent) => rejections.push(event.reason);
beforeEach(() => addEventListener("unhandledrejection", onRejection));
afterEach(() => removeEventListener("unhandledrejection", onRejection));

/** A new client holding `state` in otherwise empty storage, with an empty call log. */
async function clientWith(state: StoredState): Promise<ClientKey> {
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
async function fingerprint(client: ClientKey): Promise<string[]> {
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

async function send(params: Record<string, string>): Promise<Response> {
  const { response, settled } = await dispatch(await webhookRequest(params));
  await settled;
  return response;
}

/** The consultation the summary id and media links are built for: the stored one, or a made-up one. */
function consultationOf(state: StoredState): Consultation {
  return state.consultation.kind === "valid"
    ? { v: 1, id: state.consultation.id, startedAt: state.consultation.startedAt }
    : { v: 1, id: "AAAAAAAAAAAAAAAAAAAAAA", startedAt: "2026-01-01T00:00:00.000Z" };
}

/** What a reset leaves: the reset message's record (so a retry is recognised) and its confirmation. */
const afterReset = (client: ClientKey, sid: string) => [`${client}/messages/${sid}.json`, `${client}/replies/${sid}.json`];

async function expectRecordedAndAnswered(client: ClientKey, message: Record<string, string>, response: Response): Promise<void> {
  expect(response.status).toBe(200);
  const stored = await env.MEDIA_BUCKET.get(`${client}/messages/${message.MessageSid}.json`);
  expect(JSON.parse(await stored!.text()).params).toEqual(message);
  expect(sentMessages().filter((m) => m.To === client)).toHaveLength(1);
  const reply = await env.MEDIA_BUCKET.get(`${client}/replies/${message.MessageSid}.json`);
  expect(JSON.parse(await reply!.text()).status).toBe("sent");
  expect(rejections).toEqual([]);
}

async function expectQuarantined(client: ClientKey, raw: string): Promise<void> {
  const listed = await env.MEDIA_BUCKET.list({ prefix: `${client}/quarantine/` });
  const quarantined = await Promise.all(listed.objects.map(async (o) => (await env.MEDIA_BUCKET.get(o.key))!.text()));
  expect(quarantined).toContain(raw);
}

async function expectReadOnly(client: ClientKey, read: () => Promise<Response>): Promise<Response> {
  const before = await fingerprint(client);
  const response = await read();
  expect(response.status).toBeLessThan(500);
  expect(await fingerprint(client)).toEqual(before);
  expect(rejections).toEqual([]);
  return response;
}

describe("malformed stored state", () => {
  it(
    "ADR-003.5 a malformed consultation record is kept under quarantine/ before it is replaced, and a valid new message is recorded and answered whatever is stored",
    async () => {
      await fc.assert(
        fc.asyncProperty(storedState(), fc.string({ minLength: 1, maxLength: 200 }).filter((b) => commandOf(b) === null), async (state, body) => {
          const client = await clientWith(state);
          const message = newMessage(client, body);
          await expectRecordedAndAnswered(client, message, await send(message));
          if (state.consultation.kind === "malformed") await expectQuarantined(client, state.consultation.raw);
          expect(JSON.parse((await env.CHAT_HISTORY.get(`${client}/consultation`))!).v).toBe(1);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "ADR-003.3 the summary page renders or answers 404 for any stored state, and changes nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(storedState(), async (state) => {
          const client = await clientWith(state);
          const id = await conversationIdFor(SECRET, client, consultationOf(state));
          const page = await expectReadOnly(client, () => get(`/summary/${id}`));
          expect(page.status).toBe(state.consultation.kind === "valid" ? 200 : 404);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "ADR-010.7 a signed link to any stored media object serves it (or 404 once the consultation is gone), never a 5xx, and changes nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(storedState().filter((s) => s.objects.some((o) => o.key.startsWith("media/"))), async (state) => {
          const client = await clientWith(state);
          const consultation = consultationOf(state);
          const expiry = Math.floor(Date.now() / 1000) + 3600;
          for (const object of state.objects.filter((o) => o.key.startsWith("media/")).slice(0, 4)) {
            const link = await mediaLink(SECRET, "https://wa.example.com", client, consultation, `${client}/${object.key}`, expiry);
            const response = await expectReadOnly(client, () => get(new URL(link).pathname));
            expect(response.status).toBe(state.consultation.kind === "valid" ? 200 : 404);
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "ADR-003.4 reset deletes everything of the client, whatever it is, and nothing of anyone else",
    async () => {
      await fc.assert(
        fc.asyncProperty(storedState(), async (state) => {
          const client = await clientWith(state);
          // A neighbour whose number extends the client's: a prefix match without the "/" would take it too.
          const neighbour = `${client}9` as ClientKey;
          await writeState(neighbour, state);
          const neighbourBefore = await copyStorage(`${neighbour}/`);
          const message = newMessage(client, "reset");
          const response = await send(message);
          expect(response.status).toBe(200);
          const after = await copyStorage(`${client}/`);
          expect(Object.keys(after.r2)).toEqual(afterReset(client, message.MessageSid));
          expect(after.kv).toEqual({});
          expect(await copyStorage(`${neighbour}/`)).toEqual(neighbourBefore);
          expect(sentMessages().filter((m) => m.To === client)).toHaveLength(1);
          expect(rejections).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "ADR-013.3 more than 1000 stored objects: the message is answered, the page changes nothing, reset clears them all",
    async () => {
      await fc.assert(
        fc.asyncProperty(crowdedState(), async (state) => {
          const client = await clientWith(state);
          const message = newMessage(client, "Hola otra vez");
          await expectRecordedAndAnswered(client, message, await send(message));
          const id = await conversationIdFor(SECRET, client, JSON.parse((await env.CHAT_HISTORY.get(`${client}/consultation`))!));
          const page = await expectReadOnly(client, () => get(`/summary/${id}`));
          expect(page.status).toBe(200);
          const resetMessage = newMessage(client, "reiniciar");
          expect((await send(resetMessage)).status).toBe(200);
          const left = await env.MEDIA_BUCKET.list({ prefix: `${client}/` });
          expect(left.objects.map((o) => o.key)).toEqual(afterReset(client, resetMessage.MessageSid));
        }),
        { numRuns: CROWDED_RUNS },
      );
    },
    CROWDED_TIMEOUT,
  );
});
