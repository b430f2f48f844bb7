/**
 * ADR 022.7, ADR 025: the reply path's hot spots read only what they need. A reset reads the latest
 * messages to speak the client's language, not the whole conversation, and deletes what its one
 * listing held; the consultation fence parses only the commands; the hand-off link is built from
 * the consultation the answer was composed from, not read from KV again.
 */
import { describe, expect, it } from "vitest";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import handoff from "../fixtures/openai/chat-completion-handoff.json";
import { webhooks } from "../fixtures/twilio/webhooks";
import { resetConfirmation } from "../src/conversation/commands";
import { CLIENT, sid, writeConsultation, type ClientMessage } from "./support/consultation";
import { answer, network, OPENAI, sentMessages } from "./support/network";
import { storageOf } from "../src/storage/bucket";
import { readCommandsSince, recordInbound } from "../src/storage/conversation";
import { keys } from "../src/storage/keys";
import type { InboundRecord } from "../src/storage/records";
import { env } from "cloudflare:workers";
import { listingEnv, readingEnv, recordingEnv, withUploadTimes, type StorageRead, type StorageWrite } from "./support/recording-env";
import { messageSid, webhookRequest, withSid } from "./support/twilio";
import { dispatchWith } from "./support/worker";

const START = Date.parse("2026-11-20T10:00:00.000Z");
const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString();
/** Over the 2 KiB a record may be inlined in its listing (ADR 003.6): reading it takes a read of its body. */
const longBody = (i: number) => `Mensaje ${i}: ${"mis rizos están secos y con frizz en las puntas; ".repeat(50)}`;

async function readsOf(params: Record<string, string>): Promise<StorageRead[]> {
  const reads: StorageRead[] = [];
  expect((await dispatchWith(readingEnv(reads), await webhookRequest(params))).status).toBe(200);
  return reads;
}

describe("what the reply path reads", () => {
  it("ADR-022.7 a reset reads the latest 25 messages for its language, not the whole conversation", async () => {
    const messages: ClientMessage[] = Array.from({ length: 60 }, (_, i) => ({
      sid: sid(),
      at: at(i * 2),
      body: longBody(i),
      reply: { at: at(i * 2 + 1), text: `Respuesta ${i}: ${longBody(i)}` },
    }));
    await writeConsultation(messages);
    const reset = withSid({ ...webhooks["text-es"], Body: "reset" }, messageSid(9001));
    const reads = (await readsOf(reset)).filter((r) => r.store === "r2").map((r) => r.key);
    const messageReads = reads.filter((key) => key.startsWith(`${CLIENT}/messages/`));
    const latest = messages.slice(-25).map((m) => `${CLIENT}/messages/${m.sid}.json`);
    expect(messageReads.length).toBeGreaterThan(0); // long records are read from their bodies
    expect(messageReads.filter((key) => !latest.includes(key) && !key.includes(reset.MessageSid))).toEqual([]);
    // The answers' long replies too: at most those of the latest 25 messages.
    expect(new Set(reads.filter((key) => /\/answers\/\d{6}\/reply\.json$/.test(key))).size).toBeLessThanOrEqual(25);
    expect(sentMessages().at(-1)?.Body).toBe(resetConfirmation.es);
  });

  it("ADR-022.7 the hand-off link is built from the consultation the answer was composed from: no second KV read", async () => {
    const consultationReads = (reads: StorageRead[]) => reads.filter((r) => r.store === "kv" && r.key === `${CLIENT}/consultation`).length;
    network.use(answer("post", `${OPENAI}/chat/completions`, () => Response.json(chatCompletion)));
    await readsOf(withSid(webhooks["text-es"], messageSid(9101)));
    const plain = consultationReads(await readsOf(withSid({ ...webhooks["text-es"], Body: "Tengo rizos 3A" }, messageSid(9102))));
    network.use(answer("post", `${OPENAI}/chat/completions`, () => Response.json(handoff)));
    const concluding = consultationReads(await readsOf(withSid({ ...webhooks["text-es"], Body: "Quiero rizos definidos" }, messageSid(9103))));
    expect(sentMessages().at(-1)?.Body).toContain("https://wa.me/");
    expect(concluding).toBe(plain);
  });
});

describe("what the consultation fence reads (ADR 016.8)", () => {
  const record = (n: number, body: string): InboundRecord => {
    const messageSid = sid();
    return { v: 1, sid: messageSid, receivedAt: at(n), params: { ...webhooks["text-es"], MessageSid: messageSid, SmsMessageSid: messageSid, Body: body } };
  };

  it("ADR-025.2 the webhook tags each message record with its command, empty for none, in the same write", async () => {
    const line = withSid({ ...webhooks["text-es"], Body: "Tengo rizos 3A" }, messageSid(9201));
    const reset = withSid({ ...webhooks["text-es"], Body: "reset" }, messageSid(9202));
    await readsOf(line);
    expect((await env.MEDIA_BUCKET.head(`${CLIENT}/messages/${line.MessageSid}.json`))?.customMetadata?.command).toBe("");
    await readsOf(reset);
    expect((await env.MEDIA_BUCKET.head(`${CLIENT}/messages/${reset.MessageSid}.json`))?.customMetadata?.command).toBe("reset");
  });

  it("ADR-025.2 of the records stored since a message, only those tagged as commands, or not tagged at all, are read", async () => {
    const store = storageOf(env);
    const own = record(0, "Hola");
    const tagged = record(1, "reset");
    const untagged = record(2, "reset");
    const taggedAsText = record(3, "reset"); // a tag is the webhook's word: the fence does not parse the rest
    await recordInbound(store, CLIENT, own, null);
    await recordInbound(store, CLIENT, tagged, "reset");
    await recordInbound(store, CLIENT, untagged);
    await recordInbound(store, CLIENT, taggedAsText, null);
    for (let n = 4; n < 40; n++) await recordInbound(store, CLIENT, record(n, `mensaje ${n}`), null);
    const { exists, records } = await readCommandsSince(store, CLIENT, own.sid, 5000);
    expect(exists).toBe(true);
    expect(records.map((r) => r.sid)).toEqual([tagged.sid, untagged.sid]);
  });

  it("ADR-025.2 the commands stored since a message count from its upload less the tolerance, that millisecond included, and come in arrival order", async () => {
    // The last two arrived in the other order than their SIDs (R2 lists by key): arrival order is not the listing's.
    const [before, atEdge, own, later, earlier] = [record(1, "reset"), record(2, "reset"), record(3, "Hola"), record(5, "reset"), record(4, "reset")];
    const uploaded = new Map([before, atEdge, own].map((r, i) => [keys.inbound(CLIENT, r.sid), [START - 5001, START - 5000, START][i]!]));
    for (const r of [before, atEdge]) await recordInbound(storageOf(env), CLIENT, r, "reset");
    await recordInbound(storageOf(env), CLIENT, own, null);
    for (const r of [later, earlier]) await recordInbound(storageOf(env), CLIENT, r, "reset");
    const { exists, records } = await readCommandsSince(storageOf(withUploadTimes((key) => uploaded.get(key))), CLIENT, own.sid, 5000);
    expect([exists, records.map((r) => r.sid)]).toEqual([true, [atEdge.sid, earlier.sid, later.sid]]);
  });

  it("ADR-016.8 the fence is told a message's record is gone when it is, whatever else the client has stored since", async () => {
    const [gone, later] = [record(1, "Hola"), record(2, "reset")];
    await recordInbound(storageOf(env), CLIENT, later, "reset");
    expect(await readCommandsSince(storageOf(env), CLIENT, gone.sid, 5000)).toEqual({ exists: false, records: [] });
  });
});

describe("what one message costs (ADR 016.8)", () => {
  it("ADR-025.4 the job starts from the record the webhook wrote, and the fence looks after its R2 writes (once for writes made together, ADR 033.1), never again right before one", async () => {
    network.use(answer("post", `${OPENAI}/chat/completions`, () => Response.json(chatCompletion)));
    await readsOf(withSid(webhooks["text-es"], messageSid(9401))); // the consultation exists: no KV write below
    const line = withSid({ ...webhooks["text-es"], Body: "Tengo rizos 3A" }, messageSid(9402));
    const lists: string[] = [];
    const writes: StorageWrite[] = [];
    const reads: StorageRead[] = [];
    expect((await dispatchWith(readingEnv(reads, listingEnv(lists, recordingEnv(writes))), await webhookRequest(line))).status).toBe(200);
    expect(sentMessages().at(-1)?.Body).toBe(chatCompletion.choices[0]!.message.content);
    const ownRecord = `${CLIENT}/messages/${line.MessageSid}.json`;
    // Written by the webhook (the record, then the seen marker), then by the job: claim, model call
    // (the client's record, then the deployment's, ADR 029.6), reply, sending, sent.
    // The console list's index entry is the webhook's too, after the acknowledgement (ADR 028.3), and
    // so is the ledger's entry of the message (ADR 032.1); the part's entry is the job's, once Twilio gave its SID.
    const webhooksLedgerEntry = (key: string) => key.startsWith("twilio-copies/") && key.endsWith(line.MessageSid);
    const jobWrites = writes.filter(
      (w) => w.store === "r2" && w.op === "put" && w.key !== ownRecord && !w.key.startsWith("seen/") && !w.key.startsWith("console/clients/") && !webhooksLedgerEntry(w.key),
    );
    expect(
      jobWrites.map((w) =>
        w.key
          .replace(/^.*\/answers\/\d{6}\//, "answers/")
          .replace(/^model-calls\/deployment\/.*/, "deployment-call")
          .replace(/^model-calls\/.*/, "model-calls")
          .replace(/^twilio-copies\/.*/, "twilio-copies"),
      ),
    ).toEqual(["answers/claim.json", "model-calls", "deployment-call", "answers/reply.json", "answers/sending-0.json", "twilio-copies", "answers/sent-0.json"]);
    expect(writes.filter((w) => w.op === "put" && webhooksLedgerEntry(w.key))).toHaveLength(1);
    expect(reads.filter((r) => r.key === ownRecord)).toEqual([]);
    // One look at messages/ for each of those writes, but one for both model-call records and one for the
    // part's ledger entry and outcome (ADR 033.1); one more: the typing indicator's look at the burst (ADR 016.6).
    expect(lists.filter((prefix) => prefix === `${CLIENT}/messages/`)).toHaveLength(jobWrites.length - 2 + 1);
  });
});

describe("what a reset lists (ADR 016.8)", () => {
  it("ADR-025.3 with no send in flight, a reset lists the client's objects once and deletes what that listing held", async () => {
    const messages: ClientMessage[] = Array.from({ length: 30 }, (_, i) => ({ sid: sid(), at: at(i * 2), body: `Mensaje ${i}: tengo el pelo rizado y muy seco en las puntas`, reply: { at: at(i * 2 + 1), text: `Respuesta ${i}: ¿cada cuánto te lavas el pelo?` } }));
    await writeConsultation(messages);
    const lists: string[] = [];
    const reset = withSid({ ...webhooks["text-es"], Body: "reset" }, messageSid(9301));
    expect((await dispatchWith(listingEnv(lists), await webhookRequest(reset))).status).toBe(200);
    expect(lists.filter((prefix) => prefix === `${CLIENT}/`)).toHaveLength(1);
    expect(sentMessages().at(-1)?.Body).toBe(resetConfirmation.es);
    // Left: the reset's own record and its own answer (ADR 016.8), nothing of the 30 turns before it.
    const left = (await env.MEDIA_BUCKET.list({ prefix: `${CLIENT}/` })).objects.map((o) => o.key);
    expect(left.filter((key) => !key.includes("/answers/"))).toEqual([`${CLIENT}/messages/${reset.MessageSid}.json`]);
    expect(new Set(left.filter((key) => key.includes("/answers/")).map((key) => key.split("/answers/")[1]!.slice(0, 6))).size).toBe(1);
  });
});
