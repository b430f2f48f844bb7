/**
 * fast-check arbitraries for what may be stored for a client (ADR 010.7, 013.3): the records the
 * Worker writes, and everything else that can end up under the same keys: random JSON, wrong
 * types, truncated JSON, huge arrays, unknown and future schema versions, keys the Worker never
 * writes, zero-byte, binary and content-type-less objects.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";

export interface StoredObject {
  /** Relative to the client's prefix `whatsapp:+{E164}/`. */
  key: string;
  body: string | Uint8Array;
  contentType?: string;
}

export interface StoredState {
  /** The KV consultation record's value: absent, valid, or anything else. */
  consultation: { kind: "absent" } | { kind: "valid"; id: string; startedAt: string } | { kind: "malformed"; raw: string };
  /** Other KV keys under the client's prefix. */
  kvExtra: Array<{ name: string; value: string }>;
  objects: StoredObject[];
  /** Under the client's model-call records `model-calls/whatsapp:+{E164}/` (ADR 018.4), outside their prefix: keys relative to it. */
  modelCalls: StoredObject[];
  /**
   * Under the ledger of Twilio's copies and its pending markers (ADR 032), outside the client's prefix:
   * keys `twilio-copies/{rest}` or `twilio-copies-pending/{rest}`, stored as `{folder}/whatsapp:+{E164}/{rest}`.
   */
  ledger: StoredObject[];
}

const sid = fc.stringMatching(/^MM[0-9a-f]{32}$/);
const isoTime = fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString());
const consultationId = fc.stringMatching(/^[A-Za-z0-9_-]{22}$/);

const validInbound = (s: string) =>
  fc.record({
    v: fc.constant(1),
    sid: fc.constant(s),
    receivedAt: isoTime,
    params: fc.record({ Body: fc.string({ maxLength: 200 }), ProfileName: fc.string({ maxLength: 20 }), NumMedia: fc.constantFrom("0", "1", "x") }),
  });
const validReply = (s: string) =>
  fc.record({
    v: fc.constant(1),
    inReplyTo: fc.constant(s),
    createdAt: isoTime,
    source: fc.constantFrom("model", "fallback", "command"),
    text: fc.string({ maxLength: 300 }),
    status: fc.constantFrom("pending", "sent", "failed"),
    parts: fc.array(fc.record({ status: fc.constantFrom("sent", "failed") }), { maxLength: 3 }),
    handoffSummary: fc.option(fc.string({ maxLength: 100 }), { nil: undefined }),
  });
const validTranscript = (s: string, index: number) => fc.record({ v: fc.constant(1), sid: fc.constant(s), index: fc.constant(index), text: fc.string({ maxLength: 100 }) });
/** A photo's recorded observation (ADR-019.4): the model's fields as it gave them. */
const validObservation = (s: string, index: number) =>
  fc.record({
    v: fc.constant(1),
    sid: fc.constant(s),
    index: fc.constant(index),
    model: fc.constantFrom("gpt-4o-mini", "gpt-5-mini"),
    observedAt: isoTime,
    observation: fc.dictionary(fc.constantFrom("curl_pattern", "density", "porosity_and_damage", "length", "scalp", "photo_quality", "check_in_person", "other"), fc.string({ maxLength: 60 })),
  });

/** A record with some fields replaced by values of the wrong type. */
const wrongTypes = (valid: fc.Arbitrary<Record<string, unknown>>) =>
  fc
    .tuple(valid, fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.string()), fc.object({ maxDepth: 1 })), { minLength: 1, maxLength: 4 }), fc.nat())
    .map(([record, junk, start]) => {
      const keys = Object.keys(record);
      const copy: Record<string, unknown> = { ...record };
      junk.forEach((value, i) => (copy[keys[(start + i) % keys.length]!] = value));
      return copy;
    });
const otherVersion = (valid: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(valid, fc.constantFrom<unknown>(2, 99, 0, -1, "1", null, 1.5)).map(([record, v]) => ({ ...record, v }));
/** A strict prefix of a JSON object is never valid JSON. */
const truncated = (valid: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(valid, fc.nat()).map(([record, n]) => {
    const text = JSON.stringify(record);
    return text.slice(0, n % text.length);
  });
const hugeArray = fc.tuple(fc.integer({ min: 1000, max: 20_000 }), fc.constantFrom<unknown>(0, "x", null, { v: 1 })).map(([n, item]) => JSON.stringify(Array(n).fill(item)));

/** Any text that could be found where a JSON record of `valid`'s shape is expected. */
const bodyFor = (valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string | Uint8Array> =>
  fc.oneof(
    valid.map((r) => JSON.stringify(r)),
    fc.json(),
    wrongTypes(valid).map((r) => JSON.stringify(r)),
    otherVersion(valid).map((r) => JSON.stringify(r)),
    truncated(valid),
    hugeArray,
    fc.constant(""),
    fc.string(),
    fc.uint8Array({ maxLength: 64 }),
  );

const contentType = fc.option(fc.constantFrom("application/json", "image/jpeg", "image/png", "audio/ogg", "application/pdf", "text/plain", "x/unknown", ";;"), { nil: undefined });

function storedObject(): fc.Arbitrary<StoredObject> {
  const index = fc.integer({ min: 0, max: 9 });
  return fc.oneof(
    sid.chain((s) => fc.record({ key: fc.constant(`messages/${s}.json`), body: bodyFor(validInbound(s)), contentType })),
    sid.chain((s) => fc.record({ key: fc.constant(`replies/${s}.json`), body: bodyFor(validReply(s)), contentType })),
    fc.tuple(sid, index).chain(([s, i]) => fc.record({ key: fc.constant(`transcripts/${s}-${i}.json`), body: bodyFor(validTranscript(s, i)), contentType })),
    fc.tuple(sid, index).chain(([s, i]) => fc.record({ key: fc.constant(`observations/${s}-${i}.json`), body: bodyFor(validObservation(s, i)), contentType })),
    fc
      .tuple(fc.integer({ min: 0, max: 9_999_999_999_999 }), sid, index, fc.constantFrom("jpg", "png", "ogg", "pdf", "bin", "x"))
      .chain(([ms, s, i, ext]) =>
        fc.record({ key: fc.constant(`media/${String(ms).padStart(13, "0")}-${s}-${i}.${ext}`), body: fc.oneof(fc.constant(""), fc.uint8Array({ maxLength: 256 })), contentType }),
      ),
    fc.record({ key: fc.string({ maxLength: 40 }).map((name) => `quarantine/${name}`), body: fc.oneof(fc.string(), fc.constant("")), contentType }),
    // Keys under the prefix that the Worker never writes.
    fc.record({
      key: fc.oneof(fc.stringMatching(/^[A-Za-z0-9._\/ -]{0,60}$/), fc.constantFrom("messages/", "messages/x", "replies/.json", "media", "transcripts/x.json", "consultation")),
      body: bodyFor(validInbound("x")),
      contentType,
    }),
  );
}

/**
 * What may lie where the model-call records are: keys of their shape (`{ms}-{seq}`, an empty body
 * when the Worker wrote them) dated anywhere from 1970 to 2286, with any body, and keys it never writes.
 */
function modelCallObject(): fc.Arbitrary<StoredObject> {
  const body = fc.oneof(fc.constant(""), fc.string({ maxLength: 40 }), fc.json(), fc.uint8Array({ maxLength: 32 }));
  return fc.oneof(
    fc
      .tuple(fc.integer({ min: 0, max: 9_999_999_999_999 }), fc.integer({ min: 0, max: 999_999 }))
      .chain(([ms, seq]) => fc.record({ key: fc.constant(`${String(ms).padStart(13, "0")}-${String(seq).padStart(6, "0")}`), body, contentType })),
    fc.record({ key: fc.oneof(fc.stringMatching(/^[A-Za-z0-9._~\/ -]{0,40}$/), fc.constantFrom("", "x", "0-0", "9999999999999-", "messages/x.json")), body, contentType }),
  );
}

/**
 * What may lie in the ledger of Twilio's copies and among its pending markers: keys of their
 * shapes (a message, a media file, a marker), dated anywhere, with any body, and keys the Worker never writes.
 */
function ledgerObject(): fc.Arbitrary<StoredObject> {
  const body = fc.oneof(fc.constant(""), fc.string({ maxLength: 40 }), fc.json(), fc.uint8Array({ maxLength: 32 }));
  const ms = fc.integer({ min: 0, max: 9_999_999_999_999 }).map((n) => String(n).padStart(13, "0"));
  const mediaSid = fc.stringMatching(/^ME[0-9a-f]{32}$/);
  return fc.oneof(
    fc.tuple(ms, sid).chain(([at, s]) => fc.record({ key: fc.constant(`twilio-copies/${at}-${s}`), body, contentType })),
    fc.tuple(ms, sid, mediaSid).chain(([at, s, m]) => fc.record({ key: fc.constant(`twilio-copies/${at}-${s}-${m}`), body, contentType })),
    ms.chain((at) => fc.record({ key: fc.constant(`twilio-copies-pending/${at}`), body, contentType })),
    fc.record({
      key: fc.tuple(fc.constantFrom("twilio-copies/", "twilio-copies-pending/"), fc.oneof(fc.stringMatching(/^[A-Za-z0-9._~\/ -]{0,40}$/), fc.constantFrom("", "x", "0-0", "9999999999999-"))).map(([f, k]) => f + k),
      body,
      contentType,
    }),
  );
}

const malformedConsultation = (() => {
  const valid = fc.record({ v: fc.constant(1), id: consultationId, startedAt: isoTime });
  return fc.oneof(fc.json(), wrongTypes(valid).map((r) => JSON.stringify(r)), otherVersion(valid).map((r) => JSON.stringify(r)), truncated(valid), hugeArray, fc.string());
})();

/** Every entry of one key appears once: the last write to a key is what is stored. */
const uniqueByKey = (objects: StoredObject[]) => [...new Map(objects.map((o) => [o.key, o])).values()];

export function storedState(objectCount: { minLength: number; maxLength: number } = { minLength: 0, maxLength: 12 }): fc.Arbitrary<StoredState> {
  return fc.record({
    consultation: fc.oneof(
      fc.constant({ kind: "absent" as const }),
      fc.record({ kind: fc.constant("valid" as const), id: consultationId, startedAt: isoTime }),
      malformedConsultation.map((raw) => ({ kind: "malformed" as const, raw })),
    ),
    kvExtra: fc.array(fc.record({ name: fc.stringMatching(/^[a-z\/]{1,20}$/).filter((n) => n !== "consultation"), value: fc.string() }), { maxLength: 3 }),
    objects: fc.array(storedObject(), objectCount).map(uniqueByKey),
    modelCalls: fc.array(modelCallObject(), { maxLength: 4 }).map(uniqueByKey),
    ledger: fc.array(ledgerObject(), { maxLength: 4 }).map(uniqueByKey),
  });
}

/** More than 1000 objects: one R2 listing page is not enough (ADR 003.4). */
export function crowdedState(): fc.Arbitrary<StoredState> {
  return fc.tuple(storedState(), fc.integer({ min: 1001, max: 1050 }), fc.boolean()).map(([state, extra, asMessages]) => ({
    ...state,
    objects: [
      ...state.objects,
      ...Array.from({ length: extra }, (_, i) => ({
        key: asMessages ? `messages/MMcrowd${String(i).padStart(6, "0")}.json` : `stray/${i}`,
        body: i % 2 ? "" : "{",
      })),
    ],
  }));
}

export async function writeState(client: string, state: StoredState): Promise<void> {
  const key = `${client}/consultation`;
  if (state.consultation.kind === "valid") {
    await env.CHAT_HISTORY.put(key, JSON.stringify({ v: 1, id: state.consultation.id, startedAt: state.consultation.startedAt }));
  } else if (state.consultation.kind === "malformed") {
    await env.CHAT_HISTORY.put(key, state.consultation.raw);
  }
  await Promise.all(state.kvExtra.map(({ name, value }) => env.CHAT_HISTORY.put(`${client}/${name}`, value)));
  for (let i = 0; i < state.objects.length; i += 50) {
    await Promise.all(
      state.objects
        .slice(i, i + 50)
        .map(({ key, body, contentType }) => env.MEDIA_BUCKET.put(`${client}/${key}`, body, contentType ? { httpMetadata: { contentType } } : undefined)),
    );
  }
  await Promise.all(
    state.modelCalls.map(({ key, body, contentType }) =>
      env.MEDIA_BUCKET.put(`model-calls/${client}/${key}`, body, contentType ? { httpMetadata: { contentType } } : undefined),
    ),
  );
  await Promise.all(state.ledger.map(({ key, body, contentType }) => env.MEDIA_BUCKET.put(ledgerKey(client, key), body, contentType ? { httpMetadata: { contentType } } : undefined)));
}

/** Where a `ledger` entry of the state is stored for `client`. */
export function ledgerKey(client: string, key: string): string {
  const slash = key.indexOf("/");
  return `${key.slice(0, slash)}/${client}/${key.slice(slash + 1)}`;
}
