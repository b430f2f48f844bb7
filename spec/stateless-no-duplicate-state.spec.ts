/**
 * ADR 010.1 and 010.8: during a whole consultation the Worker writes only raw records (the
 * storage schema of ADR 003.2), each versioned, under the client's prefix and without expiry;
 * the exceptions are the empty marker of each message SID, which belongs to no client (ADR 017.5),
 * the empty record of each model call, kept across a reset (ADR 018.4), and the empty entry of each
 * copy Twilio keeps (ADR 032.1).
 * Summaries, statuses, timelines and pages are derived on request and never written.
 */
import { describe, expect, it } from "vitest";
import { CLIENT, consultationMessages, runFullConsultation, summaryCommand } from "./support/full-consultation";
import { dispatchWith, recordingEnv, type StorageWrite } from "./support/recording-env";

const prefix = CLIENT.replace("+", "\\+");
/** The raw kinds of ADR 003.2, and the fields each JSON kind may hold. */
const rawKinds = [
  { kind: "inbound message", store: "r2", key: new RegExp(`^${prefix}/messages/[A-Za-z0-9]+\\.json$`), fields: ["v", "sid", "receivedAt", "params"] },
  { kind: "answer claim", store: "r2", key: new RegExp(`^${prefix}/answers/\\d{6}/claim\\.json$`), fields: ["v", "seq", "covers", "claimedAt", "final", "command"] },
  { kind: "reply", store: "r2", key: new RegExp(`^${prefix}/answers/\\d{6}/reply\\.json$`), fields: ["v", "seq", "outcome", "decidedAt", "source", "text", "parts", "handoffSummary", "by", "reason"] },
  { kind: "part about to be sent", store: "r2", key: new RegExp(`^${prefix}/answers/\\d{6}/sending-\\d+\\.json$`), fields: ["v", "seq", "index", "at"] },
  { kind: "part sent", store: "r2", key: new RegExp(`^${prefix}/answers/\\d{6}/sent-\\d+\\.json$`), fields: ["v", "seq", "index", "status", "twilioSid", "error", "at"] },
  { kind: "media ingested", store: "r2", key: new RegExp(`^${prefix}/ingested/[A-Za-z0-9]+\\.json$`), fields: ["v", "sid", "attachments"] },
  { kind: "delivery receipt", store: "r2", key: new RegExp(`^${prefix}/receipts/[A-Za-z0-9]+-[a-z]+\\.json$`), fields: ["v", "twilioSid", "status", "errorCode", "at"] },
  { kind: "media", store: "r2", key: new RegExp(`^${prefix}/media/\\d{13}-[A-Za-z0-9]+-\\d+\\.[a-z0-9]+$`), fields: null },
  { kind: "transcript", store: "r2", key: new RegExp(`^${prefix}/transcripts/[A-Za-z0-9]+-\\d+\\.json$`), fields: ["v", "sid", "index", "text"] },
  // The vision model's output, recorded once (ADR-010.1 amended, ADR-019.4).
  { kind: "photo observation", store: "r2", key: new RegExp(`^${prefix}/observations/[A-Za-z0-9]+-\\d+\\.json$`), fields: ["v", "sid", "index", "model", "observedAt", "observation"] },
  { kind: "quarantine", store: "r2", key: new RegExp(`^${prefix}/quarantine/.+$`), fields: null },
  { kind: "consultation record", store: "kv", key: new RegExp(`^${prefix}/consultation$`), fields: ["v", "id", "startedAt"] },
  { kind: "seen marker", store: "r2", key: /^seen\/(SM|MM)[0-9a-f]{32}$/, fields: null },
  // One per model call, created once: a raw event, not a counter (ADR 018.4).
  { kind: "model-call record", store: "r2", key: new RegExp(`^model-calls/${prefix}/\\d{13}-\\d{6}$`), fields: null },
  // A photo look or a transcription (ADR 029.4), and any call for the deployment's daily count (ADR 029.6): no number, no words.
  { kind: "model-call record", store: "r2", key: new RegExp(`^model-calls/${prefix}/\\d{13}-[A-Z]{2}[0-9a-f]{32}-\\d+$`), fields: null },
  { kind: "model-call record", store: "r2", key: /^model-calls\/deployment\/\d{13}-[0-9a-f-]{36}$/, fields: null },
  // The console list's index entry, empty, pointing at the latest message (ADR-010.1 amended, ADR-028.3).
  { kind: "console index entry", store: "r2", key: new RegExp(`^console/clients/${prefix}$`), fields: null },
  // A copy Twilio keeps, empty: a message or a media file (ADR-010.1 amended, ADR-032.1).
  { kind: "Twilio copy", store: "r2", key: new RegExp(`^twilio-copies/${prefix}/\\d{13}-(SM|MM)[0-9a-f]{32}(-ME[0-9a-f]{32})?$`), fields: null },
] as const;

const kindOf = (write: StorageWrite) => rawKinds.find((k) => k.store === write.store && k.key.test(write.key));

async function consultationWrites(): Promise<{ writes: StorageWrite[]; pageWrites: StorageWrite[]; pageStatus: number }> {
  const writes: StorageWrite[] = [];
  const workerEnv = recordingEnv(writes);
  const { summaryUrl } = await runFullConsultation((request) => dispatchWith(workerEnv, request));
  const pageWrites: StorageWrite[] = [];
  const page = await dispatchWith(recordingEnv(pageWrites), new Request(summaryUrl));
  return { writes, pageWrites, pageStatus: page.status };
}

describe("what a consultation stores", () => {
  it("ADR-003.2 every KV and R2 write of a whole consultation is a raw record of the schema, nothing derived", async () => {
    const { writes, pageWrites, pageStatus } = await consultationWrites();
    const puts = writes.filter((w) => w.op !== "delete");
    expect(puts.map((w) => ({ key: w.key, kind: kindOf(w)?.kind ?? "NOT A RAW KIND" })).filter((w) => w.kind === "NOT A RAW KIND")).toEqual([]);
    const kinds = new Set(puts.map((w) => kindOf(w)!.kind));
    for (const kind of ["inbound message", "reply", "consultation record", "photo observation", "model-call record", "Twilio copy"]) expect(kinds).toContain(kind);
    for (const write of puts) {
      const fields = kindOf(write)!.fields;
      if (fields && write.value !== undefined) expect(Object.keys(JSON.parse(write.value)).filter((f) => !(fields as readonly string[]).includes(f))).toEqual([]);
      expect(write.value ?? "").not.toMatch(/<html|<!doctype/i);
    }
    expect(pageStatus).toBe(200);
    expect(pageWrites).toEqual([]);
  });

  it("ADR-010.1 the inbound record is Twilio's parameters exactly as posted, not an interpretation of them", async () => {
    const { writes } = await consultationWrites();
    const inbound = writes.filter((w) => kindOf(w)?.kind === "inbound message").map((w) => JSON.parse(w.value!));
    const posted = [...consultationMessages, summaryCommand];
    expect(inbound.map((r) => r.sid)).toEqual(posted.map((m) => m.MessageSid));
    for (const [i, record] of inbound.entries()) {
      expect(Object.keys(record).sort()).toEqual(["params", "receivedAt", "sid", "v"]);
      expect(record.params).toEqual(posted[i]);
    }
  });

  it("ADR-010.8 every value is versioned, under the client's prefix, and KV entries live exactly the retention period", async () => {
    const { writes } = await consultationWrites();
    const kvPuts = writes.filter((write) => write.store === "kv" && write.op === "put");
    expect(kvPuts.length).toBeGreaterThan(0);
    for (const write of writes) {
      const kind = kindOf(write);
      if (kind?.kind === "seen marker" || kind?.kind === "model-call record" || kind?.kind === "console index entry" || kind?.kind === "Twilio copy") {
        // A Twilio copy's entry goes once Twilio deleted the copy (a photo after ingest, ADR 032.2).
        expect(write).toMatchObject(kind.kind === "Twilio copy" && write.op === "delete" ? { op: "delete" } : { op: "put", value: "" });
        continue;
      }
      expect(write.key.startsWith(`${CLIENT}/`)).toBe(true);
      if (write.op === "put" && kind?.fields && write.value !== undefined) expect(JSON.parse(write.value).v).toBe(1);
    }
    for (const write of kvPuts) {
      expect(write.options ?? {}).not.toHaveProperty("expiration");
      expect(write.options).toMatchObject({ expirationTtl: 180 * 24 * 60 * 60 });
    }
  });
});
