/**
 * The client's conversation, everything under their prefix (ADR 003): its records written once
 * each (messages, answers and their parts, receipts, what became of attachments), read back
 * whole or by folder, and deleted by reset and "delete my data". Reads never write, and a value
 * that cannot be read is reported, never repaired in place.
 */
import { createOnly, deleteObjects, listAll, listClientKeys, listClientKvKeys, listClientObjects, putRecord, readRecord, type Storage } from "./bucket";
import { readConsultation } from "./consultation";
import { entryOf, keys, messageSidOfKey, type ClientKey } from "./keys";
import { markSeen, wasSeen } from "./outside-client";
import {
  asAnswerReply,
  asClaim,
  asInbound,
  asIngested,
  asObservation,
  asPartOutcome,
  asReceipt,
  byArrival,
  checkVersion,
  emptyAnswer,
  emptyConversation,
  isObject,
  parseJson,
  SCHEMA_VERSION,
  type AnswerClaim,
  type AnswerReply,
  type AnswerSeq,
  type ConversationState,
  type InboundRecord,
  type IngestedRecord,
  type PartOutcome,
  type Receipt,
  type StoredAnswer,
} from "./records";

/**
 * Records an inbound message exactly once, ever. R2's conditional create is atomic, so two
 * copies of one MessageSid arriving at the same moment get "recorded" once and "duplicate" once.
 * A SID once recorded stays marked after a reset deleted its record (ADR 017.5), so a webhook
 * replayed later is a duplicate too. The marker is written after the record, and again by any
 * duplicate, so a failure between the two writes can neither lose the message nor leave it unmarked.
 * `command`: the command the message is (null: none), tagged on the record so that the fence reads
 * only commands (ADR 025.2); a record without the tag, as before it existed, is read to find out.
 */
export async function recordInbound(
  store: Storage,
  client: ClientKey,
  record: InboundRecord,
  command?: string | null,
): Promise<"recorded" | "duplicate"> {
  if (await wasSeen(store, record.sid)) return "duplicate";
  const tags: Record<string, string> = command === undefined ? {} : { command: command ?? "" };
  const created = await putRecord(store, keys.inbound(client, record.sid), record, createOnly, tags);
  await markSeen(store, record.sid);
  return created ? "recorded" : "duplicate";
}

/** Records what became of a message's attachments, once. */
export async function recordIngested(store: Storage, client: ClientKey, record: IngestedRecord): Promise<void> {
  await putRecord(store, keys.ingested(client, record.sid), record, createOnly);
}

/** Claims answer `claim.seq`; false when another job claimed that number first (ADR 016.2). */
export async function claimAnswer(store: Storage, client: ClientKey, claim: AnswerClaim): Promise<boolean> {
  return (await putRecord(store, keys.answer(client, claim.seq, "claim"), claim, createOnly)) !== null;
}

/** Decides what became of answer `reply.seq`, once: false when it was already decided (sent or superseded). */
export async function decideAnswer(store: Storage, client: ClientKey, reply: AnswerReply): Promise<boolean> {
  return (await putRecord(store, keys.answer(client, reply.seq, "reply"), reply, createOnly)) !== null;
}

/** Marks part `index` of answer `seq` as about to be sent (a reset waits for it: ADR 016.8). */
export async function markSending(store: Storage, client: ClientKey, seq: AnswerSeq, index: number, at: string): Promise<void> {
  await putRecord(store, keys.answer(client, seq, `sending-${index}`), { v: SCHEMA_VERSION, seq, index, at }, createOnly);
}

export async function recordPartOutcome(store: Storage, client: ClientKey, outcome: PartOutcome): Promise<void> {
  await putRecord(store, keys.answer(client, outcome.seq, `sent-${outcome.index}`), outcome, createOnly);
}

/** Records a delivery receipt once per (message, status): Twilio's repeats change nothing. */
export async function recordReceipt(store: Storage, client: ClientKey, receipt: Receipt): Promise<void> {
  await putRecord(store, keys.receipt(client, receipt.twilioSid, receipt.status), receipt, createOnly);
}

/** Deletes the given objects of the client (keys outside its prefix are refused). */
export async function deleteClientObjects(store: Storage, client: ClientKey, objectKeys: readonly string[]): Promise<void> {
  await deleteObjects(store, objectKeys.filter((key) => key.startsWith(keys.client(client))));
}

/** Reads everything stored for a client, live. Unreadable entries are listed in `problems`. */
export async function readConversation(store: Storage, client: ClientKey): Promise<ConversationState> {
  const [objects, consultation] = await Promise.all([listClientObjects(store, client), readConsultation(store, client)]);
  return readObjectsInto(store, emptyConversation(client, consultation.consultation, consultation.problem ? [consultation.problem] : []), objects);
}

/** Only the client's chain of answers (one listing of `answers/`): what a job waits on while an earlier answer is sent. */
export async function readAnswers(store: Storage, client: ClientKey): Promise<StoredAnswer[]> {
  return (await readFolders(store, client, ["answers/"])).answers;
}

/** Only the given folders of the client (`messages/`, `answers/`, ...), read like `readConversation` reads everything; no consultation. */
export async function readFolders(store: Storage, client: ClientKey, folders: readonly string[]): Promise<ConversationState> {
  const objects = (await Promise.all(folders.map((folder) => listClientObjects(store, client, folder)))).flat();
  return readObjectsInto(store, emptyConversation(client, null, []), objects);
}

/**
 * Reads the given listed objects of a client into `state` (records parsed and checked, media
 * described from the listing, what cannot be read added to `problems`), then puts its lists in
 * order. `readConversation` gives it every object; a summary page only its own (ADR 022.5).
 */
export async function readObjectsInto(store: Storage, state: ConversationState, objects: readonly R2Object[]): Promise<ConversationState> {
  const client = state.client;
  const answers = new Map<number, StoredAnswer>(state.answers.map((a) => [a.seq, a]));
  const answerOf = (seq: number) => answers.get(seq) ?? answers.set(seq, emptyAnswer(seq)).get(seq)!;
  await Promise.all(
    objects.map(async (object) => {
      const entry = entryOf(client, object.key);
      if (entry.kind === "media") {
        state.media.push({
          key: object.key,
          size: object.size,
          contentType: object.httpMetadata?.contentType,
          uploaded: object.uploaded.toISOString(),
        });
        return;
      }
      if (entry.kind === "quarantine") return;
      if (entry.kind === "stray") return void state.problems.push({ key: object.key, reason: "not written by this Worker" });
      // The chain's numbers come from the keys: a claim that cannot be read still holds its number.
      if (entry.kind === "answer") answerOf(entry.seq);
      const parsed = await readRecord(store, object);
      if (parsed === null) return; // deleted since the listing
      const problem = (reason: string) => state.problems.push({ key: object.key, reason });
      if (!parsed.ok) return problem(parsed.reason);
      if (!isObject(parsed.value)) return problem("not an object");
      const version = checkVersion(parsed.value);
      if (version) return problem(version);
      const value = parsed.value;
      if (entry.kind === "receipt") {
        const record = asReceipt(value, entry.twilioSid, entry.status);
        return record.ok ? void state.receipts.push(record.value) : problem(record.reason);
      }
      if (entry.kind === "answer") {
        const answer = answerOf(entry.seq);
        if (entry.name === "claim") {
          const record = asClaim(value, entry.seq);
          return record.ok ? void (answer.claim = record.value) : problem(record.reason);
        }
        if (entry.name === "reply") {
          const record = asAnswerReply(value, entry.seq);
          return record.ok ? void (answer.reply = record.value) : problem(record.reason);
        }
        if (entry.name === "sending") return void answer.sending.push(entry.part!);
        const record = asPartOutcome(value, entry.seq, entry.part!);
        return record.ok ? void answer.parts.push(record.value) : problem(record.reason);
      }
      const { sid, index } = entry;
      if (entry.folder === "messages") {
        const record = asInbound(value, sid);
        return record.ok ? void state.inbound.push(record.value) : problem(record.reason);
      }
      if (entry.folder === "transcripts") {
        if (typeof value.text !== "string" || index === undefined) return problem("not a transcript");
        return void state.transcripts.push({ key: object.key, sid, index, text: value.text });
      }
      if (entry.folder === "observations") {
        const record = index === undefined ? ({ ok: false, reason: "no photo index" } as const) : asObservation(value, sid, index);
        return record.ok ? void state.observations.push({ ...record.value, key: object.key }) : problem(record.reason);
      }
      const record = asIngested(value, sid);
      return record.ok ? void state.ingested.push(record.value) : problem(record.reason);
    }),
  );
  state.inbound.sort(byArrival);
  state.answers = [...answers.values()].sort((a, b) => a.seq - b.seq);
  for (const answer of state.answers) {
    answer.sending.sort((a, b) => a - b);
    answer.parts.sort((a, b) => a.index - b.index);
  }
  state.receipts.sort((a, b) => a.at.localeCompare(b.at) || a.twilioSid.localeCompare(b.twilioSid));
  state.ingested.sort((a, b) => a.sid.localeCompare(b.sid));
  state.media.sort((a, b) => a.key.localeCompare(b.key));
  state.transcripts.sort((a, b) => a.key.localeCompare(b.key));
  state.observations.sort((a, b) => a.key.localeCompare(b.key));
  state.problems.sort((a, b) => a.key.localeCompare(b.key));
  return state;
}

/**
 * The client's commands stored since `sid`'s record (less `toleranceMs`), in arrival order, and
 * whether `sid`'s own record still exists. One listing of `messages/`; of the records stored since,
 * only those tagged as commands (or untagged, from before the tag) are parsed, from their inline
 * copies (ADR 003.6: a command's record always has one). So the consultation fence (ADR 016.8),
 * which asks this on every write of a job, stays cheap however long the consultation is and
 * however many messages a burst holds (ADR 025.2). Upload times are R2's own, comparable whatever
 * the Worker's clock says.
 */
export async function readCommandsSince(
  store: Storage,
  client: ClientKey,
  sid: string,
  toleranceMs: number,
): Promise<{ exists: boolean; records: InboundRecord[] }> {
  const objects = await listAll(store, { prefix: keys.client(client, "messages/"), include: ["customMetadata"] });
  const own = objects.find((o) => o.key === keys.inbound(client, sid));
  if (!own) return { exists: false, records: [] };
  const since = own.uploaded.getTime() - toleranceMs;
  const records: InboundRecord[] = [];
  for (const object of objects) {
    if (object.uploaded.getTime() < since || object.customMetadata?.command === "") continue;
    const objectSid = messageSidOfKey(client, object.key);
    const text = objectSid ? (object.customMetadata?.record ?? null) : null;
    const parsed = text === null ? null : parseJson(text);
    if (!objectSid || !parsed?.ok || !isObject(parsed.value) || checkVersion(parsed.value)) continue;
    const record = asInbound(parsed.value, objectSid);
    if (record.ok) records.push(record.value);
  }
  return { exists: true, records: records.sort(byArrival) };
}

/** What `deleteClient` and `deleteModelCalls` would delete, deleting nothing (`npm run forget -- --dry-run`). */
export async function clientDataKeys(store: Storage, client: ClientKey): Promise<{ r2: string[]; kv: string[]; modelCalls: string[] }> {
  const [r2, kv, modelCalls] = await Promise.all([listClientKeys(store, client), listClientKvKeys(store, client), listAll(store, { prefix: keys.modelCalls(client) })]);
  return { r2, kv, modelCalls: modelCalls.map((o) => o.key) };
}

export interface ClientDeletion {
  /** The record of the message that asked for it, kept so a retry of that MessageSid is still recognised as a duplicate. */
  keepSid?: string;
  /** The command's own answer, claimed before the deletion so that its number follows every earlier one (ADR 016.8). */
  keepAnswer?: AnswerSeq;
  /**
   * The keys to delete, from a listing the caller already made after the command was recorded
   * (ADR 025.3); absent, the client's objects are listed now.
   */
  listed?: readonly string[];
}

/** Whether an object of the client is one that `deletion` keeps: the command's record, its answer's. */
function keptBy(client: ClientKey, deletion: ClientDeletion): (key: string) => boolean {
  const keep = deletion.keepSid ? keys.inbound(client, deletion.keepSid) : undefined;
  const keepPrefix = deletion.keepAnswer === undefined ? undefined : keys.answerFolder(client, deletion.keepAnswer);
  return (key) => key === keep || Boolean(keepPrefix && key.startsWith(keepPrefix));
}

/** Reset and "delete my data": deletes every KV entry and R2 object of the client but what `deletion` keeps. */
export async function deleteClient(store: Storage, client: ClientKey, deletion: ClientDeletion = {}): Promise<number> {
  const kept = keptBy(client, deletion);
  const objects = (deletion.listed ?? (await listClientKeys(store, client))).filter((key) => key.startsWith(keys.client(client)) && !kept(key));
  await deleteObjects(store, objects);
  // KV's listing is eventually consistent: the key this module knows is deleted whether listed or not (ADR 029.10),
  // and counted only when it was there.
  const consultation = keys.consultation(client);
  const listed = await listClientKvKeys(store, client);
  const unlisted = listed.includes(consultation) ? 0 : (await store.kv.get(consultation)) === null ? 0 : 1;
  await Promise.all([...new Set([consultation, ...listed])].map((key) => store.kv.delete(key)));
  return objects.length + listed.length + unlisted;
}

/**
 * "Delete my data" once its confirmation is out (ADR 032.6): what `deleteClient` kept for it goes
 * too, and nothing else: a message the client sent since its first pass starts a new consultation.
 */
export async function deleteKept(store: Storage, client: ClientKey, deletion: ClientDeletion): Promise<void> {
  await deleteClientObjects(store, client, (await listClientKeys(store, client)).filter(keptBy(client, deletion)));
}
