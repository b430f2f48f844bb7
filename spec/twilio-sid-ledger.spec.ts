/**
 * ADR 032: the ledger of Twilio's copies. Every message the client sends, each of its media files
 * and every part we send is recorded as an empty object outside the client's prefix, so that
 * "delete my data" reaches Twilio's copies from before a reset (or from records the retention rule
 * removed); an entry goes only once Twilio answered 204 or 404 for it. What Twilio refused is asked
 * again by the Cron Trigger until nothing is left, or until a day has passed and the operator is told.
 * "Delete my data" covers what was recorded before its first pass: a message sent after it is kept
 * and answered, and a job of a message from before the command is fenced like a reset's.
 */
import { env } from "cloudflare:workers";
import { HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { deleteDataAskedConfirmation, deleteDataConfirmation } from "../src/conversation/commands";
import { deleteRecordedCopies, deleteTwilioCopies } from "../src/reply/delete-my-data";
import { fencedStorage, isOvertakenByReset } from "../src/reply/fenced-storage";
import { storageOf } from "../src/storage/bucket";
import { readAnswers, recordInbound } from "../src/storage/conversation";
import type { ClientKey } from "../src/storage/keys";
import { markDeletionPending, readTwilioCopies, recordTwilioCopies } from "../src/storage/twilio-ledger";
import { TwilioDeleteError, type DeletionClient } from "../src/twilio/deletion-client";
import { accessTeam, consoleFetch } from "./support/access";
import { clientMessage, CONSOLE_CLIENT, conversationIdOf } from "./support/console";
import { fakeFile, serveTwilioMedia } from "./support/media";
import { answer, calls, chatRequests, MEDIA_RESOURCE, MESSAGE_RESOURCE, MESSAGES_PATH, network, sentMessages, TWILIO, twilioDeletions } from "./support/network";
import { bucketEnv } from "./support/recording-env";
import { webhookRequest } from "./support/twilio";
import { clock, dispatch, dispatchWith, runCron, sendWebhook } from "./support/worker";
import { loggedEvents } from "./support/logged";

const store = storageOf(env);
const client = webhooks["text-es"].From as ClientKey;
const ledgerPrefix = `twilio-copies/${client}/`;
const pendingPrefix = `twilio-copies-pending/${client}/`;

let sequence = 0;
function message(body: string) {
  const sid = `SM${String(++sequence).padStart(4, "0")}${"a".repeat(28)}`;
  return { ...webhooks["text-es"], MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, Body: body };
}

/** Twilio's Messages API, giving each sent message a SID the spec knows. */
function sendsWithKnownSids(): string[] {
  const sids: string[] = [];
  network.use(
    answer("post", `${TWILIO}${MESSAGES_PATH}`, () => {
      const sid = `SM${"b".repeat(28)}${String(sids.length + 1).padStart(4, "0")}`;
      sids.push(sid);
      return HttpResponse.json({ sid, status: "queued" }, { status: 201 });
    }),
  );
  return sids;
}

const refuseEveryDeletion = () =>
  network.use(
    answer("delete", MESSAGE_RESOURCE, () => HttpResponse.json({ code: 20009, message: "Cannot delete this resource before it is complete" }, { status: 409 })),
    answer("delete", MEDIA_RESOURCE, () => HttpResponse.json({ code: 20429, message: "Too Many Requests" }, { status: 429 })),
  );

const listed = async (prefix: string) => (await env.MEDIA_BUCKET.list({ prefix })).objects;
const ledgerSids = async () => (await listed(ledgerPrefix)).map((o) => o.key.slice(ledgerPrefix.length).replace(/^\d{13}-/, ""));

/** The lines a console spy received for `event`, each parsed. */

const resource = (url: string) => `${url.slice(url.indexOf("Messages/"))}.json`;

afterEach(() => vi.restoreAllMocks());

describe("the ledger of Twilio's copies", () => {
  it("ADR-032.1 every message the client sends and every part we send is an empty object outside the client's prefix", async () => {
    const sent = sendsWithKnownSids();
    const first = message("Hola, tengo rizos");
    await sendWebhook(first);
    const objects = await listed(ledgerPrefix);
    expect(objects.map((o) => o.size)).toEqual(objects.map(() => 0));
    expect(await ledgerSids()).toEqual(expect.arrayContaining([first.MessageSid, sent[0]]));
    expect(await ledgerSids()).toHaveLength(2);
  });

  it("ADR-032.1 a part the stylist sends from the console is in the ledger too", async () => {
    const team = await accessTeam();
    await sendWebhook(clientMessage("Hola, quiero una consulta"));
    const id = await conversationIdOf();
    expect((await consoleFetch(team, `/console/c/${id}/reply`, await team.token(), { form: { text: "Hola, soy Tata.", key: "ledger-key-0001" } })).status).toBe(303);
    const answer = (await readAnswers(store, CONSOLE_CLIENT)).at(-1)!;
    expect(answer.reply).toMatchObject({ source: "stylist" });
    const prefix = `twilio-copies/${CONSOLE_CLIENT}/`;
    expect((await listed(prefix)).map((o) => o.key.slice(prefix.length).replace(/^\d{13}-/, ""))).toContain(answer.parts[0]!.twilioSid);
  });

  it("ADR-032.3 delete my data after a reset still deletes Twilio's copies of the messages and answers from before the reset", async () => {
    const sent = sendsWithKnownSids();
    const before = [message("Hola, tengo rizos"), message("y se me esponjan")];
    for (const params of before) await sendWebhook(params);
    const repliesBefore = [...sent];
    await sendWebhook(message("reset"));
    await sendWebhook(message("borrar mis datos"));
    const deleted = new Set(twilioDeletions());
    for (const sid of [...before.map((p) => p.MessageSid), ...repliesBefore]) expect(deleted).toContain(`Messages/${sid}.json`);
  });

  it("ADR-032.2 a photo's entry goes once Twilio deleted it after ingest; one Twilio refused stays, and delete my data after a reset deletes it", async () => {
    serveTwilioMedia({ url: webhooks.photo.MediaUrl0, bytes: fakeFile(), contentType: "image/jpeg" });
    const mediaSid = resource(webhooks.photo.MediaUrl0).split("/Media/")[1]!.replace(".json", "");
    network.use(answer("delete", MEDIA_RESOURCE, () => HttpResponse.json({ code: 20500, message: "Internal Server Error" }, { status: 500 })));
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await sendWebhook(webhooks.photo);
    expect((await ledgerSids()).some((key) => key.endsWith(mediaSid))).toBe(true);
    network.resetHandlers();
    await sendWebhook(message("reset"));
    await sendWebhook(message("borrar mis datos"));
    expect(twilioDeletions()).toContain(resource(webhooks.photo.MediaUrl0));
    expect((await ledgerSids()).some((key) => key.endsWith(mediaSid))).toBe(false);
  });

  it("ADR-032.2 a photo Twilio deleted after ingest leaves the ledger at once", async () => {
    serveTwilioMedia({ url: webhooks.photo.MediaUrl0, bytes: fakeFile(), contentType: "image/jpeg" });
    await sendWebhook(webhooks.photo);
    expect(twilioDeletions()).toContain(resource(webhooks.photo.MediaUrl0));
    expect((await ledgerSids()).filter((key) => key.includes("-ME"))).toEqual([]);
    expect(await ledgerSids()).toContain(webhooks.photo.MessageSid);
  });
});

describe("a ledger entry R2 refuses to write", () => {
  it("ADR-032.1 costs the client nothing: the message is recorded and answered, and each refused write is logged once as twilio_copies_not_recorded, without the number", async () => {
    const sent = sendsWithKnownSids();
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const refusing = bucketEnv({
      put: (real) => (key, value, options) => (key.startsWith("twilio-copies/") ? Promise.reject(new Error("R2 is refusing writes")) : real(key, value, options)),
    });
    const params = message("Hola, tengo rizos");
    expect((await dispatchWith(refusing, await webhookRequest(params))).status).toBe(200);
    expect(await env.MEDIA_BUCKET.head(`${client}/messages/${params.MessageSid}.json`)).not.toBeNull();
    expect(chatRequests()).toHaveLength(1);
    expect(sent).toHaveLength(1);
    expect(await listed(ledgerPrefix)).toEqual([]);
    // One line for the client's message (written by the webhook), one for the part we sent.
    const logged = loggedEvents(warnings, "twilio_copies_not_recorded");
    expect(logged.map((e) => e.sids)).toEqual([[params.MessageSid], [sent[0]]]);
    for (const event of logged) expect(JSON.stringify(event)).not.toContain(client.slice(10));
  });
});

describe("the Cron Trigger's retries", () => {
  it("ADR-032.4 what Twilio refused during delete my data is asked again by the Cron Trigger; entries and the marker go once Twilio deleted them", async () => {
    const sent = sendsWithKnownSids();
    const first = message("Hola, tengo rizos");
    await sendWebhook(first);
    refuseEveryDeletion();
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const command = message("borrar mis datos");
    await sendWebhook(command);
    // ADR 029.9's wording stays: Twilio was asked.
    expect(sentMessages().at(-1)!.Body).toBe(deleteDataAskedConfirmation.es);
    expect(await ledgerSids()).toEqual(expect.arrayContaining([first.MessageSid, command.MessageSid, ...sent]));
    expect(await listed(pendingPrefix)).toHaveLength(1);

    network.resetHandlers();
    const before = twilioDeletions().length;
    await runCron();
    const retried = twilioDeletions().slice(before);
    // The confirmation too: it was claimed before the deletion began, so it is covered.
    for (const sid of [first.MessageSid, command.MessageSid, ...sent]) expect(retried).toContain(`Messages/${sid}.json`);
    expect(await ledgerSids()).toEqual([]);
    expect(await listed(pendingPrefix)).toEqual([]);
    await runCron();
    expect(twilioDeletions()).toHaveLength(before + retried.length);
  });

  it("ADR-032.5 after a day of refusals the operator is told which SIDs are left; the marker goes, the entries stay", async () => {
    await sendWebhook(message("Hola"));
    refuseEveryDeletion();
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    await sendWebhook(message("delete my data"));
    await runCron();
    expect(await listed(pendingPrefix)).toHaveLength(1);
    expect(warnings.mock.calls.map((c) => String(c[0])).join("\n")).not.toContain("twilio_copies_still_refused");
    await runCron(clock.now() + 25 * 60 * 60 * 1000);
    const logged = warnings.mock.calls.map((c) => String(c[0])).filter((line) => line.includes("twilio_copies_still_refused"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).not.toContain(client.slice(10));
    expect(await listed(pendingPrefix)).toEqual([]);
    expect((await ledgerSids()).length).toBeGreaterThan(0);
  });

  it("ADR-032.4 a run asks Twilio for at most 40 copies, oldest client first; the rest wait for the next run, and a client it did not reach is not given up", async () => {
    const now = clock.now();
    const copiesOf = (n: number, count: number) => Array.from({ length: count }, (_, i) => ({ messageSid: `SM${n}${String(i).padStart(31, "0")}` }));
    const clients = [
      { client: "whatsapp:+5215500000001" as ClientKey, copies: copiesOf(1, 30), at: now - 60_000 },
      { client: "whatsapp:+5215500000002" as ClientKey, copies: copiesOf(2, 15), at: now - 60_000 },
      // Asked for a day ago: its copy would be given up if the run reached it and could not ask Twilio.
      { client: "whatsapp:+5215500000003" as ClientKey, copies: copiesOf(3, 1), at: now - 25 * 60 * 60 * 1000 },
    ];
    for (const { client, copies, at } of clients) {
      await recordTwilioCopies(store, client, at - 1000, copies);
      await markDeletionPending(store, client, at);
    }
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const paths = (copies: Array<{ messageSid: string }>) => copies.map((c) => `Messages/${c.messageSid}.json`).sort();
    const [a, b, c] = clients.map((x) => x.copies);
    await runCron(now);
    expect(twilioDeletions().sort()).toEqual(paths([...a!, ...b!.slice(0, 10)]));
    expect((await listed("twilio-copies-pending/")).map((o) => o.key)).toEqual([
      `twilio-copies-pending/whatsapp:+5215500000002/${String(clients[1]!.at).padStart(13, "0")}`,
      `twilio-copies-pending/whatsapp:+5215500000003/${String(clients[2]!.at).padStart(13, "0")}`,
    ]);
    const before = twilioDeletions().length;
    await runCron(now + 10 * 60_000);
    expect(twilioDeletions().slice(before).sort()).toEqual(paths([...b!.slice(10), ...c!]));
    expect(await listed("twilio-copies-pending/")).toEqual([]);
    expect(await listed("twilio-copies/")).toEqual([]);
    expect(loggedEvents(warnings, "twilio_copies_still_refused")).toEqual([]);
  });

  it("ADR-032.5 the operator is told once the oldest marker is 24 hours old, not a millisecond sooner, of every copy the client's markers cover", async () => {
    const first = clock.now() - 60 * 60_000;
    const second = first + 30 * 60_000;
    const [before, between, after] = [1, 2, 3].map((n) => ({ messageSid: `SM${"e".repeat(31)}${n}` }));
    await recordTwilioCopies(store, client, first - 1000, [before!]);
    await recordTwilioCopies(store, client, first + 60_000, [between!]);
    await recordTwilioCopies(store, client, second + 60_000, [after!]);
    await markDeletionPending(store, client, first);
    await markDeletionPending(store, client, second);
    refuseEveryDeletion();
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    await runCron(first + 24 * 60 * 60 * 1000 - 1);
    expect(twilioDeletions().sort()).toEqual([`Messages/${before!.messageSid}.json`, `Messages/${between!.messageSid}.json`]);
    expect(loggedEvents(warnings, "twilio_copies_still_refused")).toEqual([]);
    expect(await listed(pendingPrefix)).toHaveLength(2);
    await runCron(first + 24 * 60 * 60 * 1000);
    const told = loggedEvents(warnings, "twilio_copies_still_refused").map((e) => ({ ...e, messages: [...(e.messages as string[])].sort() }));
    expect(told).toEqual([
      { event: "twilio_copies_still_refused", client: "whatsapp:+…5678", since: new Date(first).toISOString(), messages: [before!.messageSid, between!.messageSid], media: [] },
    ]);
    expect(await listed(pendingPrefix)).toEqual([]);
    expect(await ledgerSids()).toEqual([before!.messageSid, between!.messageSid, after!.messageSid]);
  });

  it("ADR-032.4 a run whose storage fails throws nothing and logs unhandled for the scheduled route", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const down = bucketEnv({ list: () => () => Promise.reject(new Error("R2 is down")) });
    await expect(runCron(undefined, down)).resolves.toBeUndefined();
    expect(loggedEvents(errors, "unhandled")).toEqual([{ event: "unhandled", route: "scheduled", error: "Error: R2 is down" }]);
  });

  it("ADR-032.4 a run without Twilio's credentials logs config_invalid for the scheduled path, asks Twilio nothing, throws nothing, and leaves the pending marker", async () => {
    const copy = { messageSid: `SM${"d".repeat(32)}` };
    const at = clock.now() - 60_000;
    await recordTwilioCopies(store, client, at, [copy]);
    await markDeletionPending(store, client, at);
    const pending = (await listed(pendingPrefix)).map((o) => o.key);
    expect(pending).toHaveLength(1);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const deletions = () => calls.filter((c) => c.method === "DELETE");
    const { TWILIO_AUTH_TOKEN: _token, ...withoutToken } = env;
    await expect(runCron(undefined, withoutToken as typeof env)).resolves.toBeUndefined();
    await expect(runCron(undefined, { ...env, TWILIO_ACCOUNT_SID: "not-an-account-sid" })).resolves.toBeUndefined();
    // An optional setting the run would use is checked too when it is set: Twilio's API base URL.
    await expect(runCron(undefined, { ...env, TWILIO_API_BASE_URL: "ftp://api.twilio.example" } as typeof env)).resolves.toBeUndefined();
    expect(deletions()).toEqual([]);
    expect(loggedEvents(errors, "config_invalid")).toEqual([
      { event: "config_invalid", path: "scheduled", settings: [{ name: "TWILIO_AUTH_TOKEN", problem: "missing" }] },
      { event: "config_invalid", path: "scheduled", settings: [{ name: "TWILIO_ACCOUNT_SID", problem: expect.any(String) }] },
      { event: "config_invalid", path: "scheduled", settings: [{ name: "TWILIO_API_BASE_URL", problem: expect.any(String) }] },
    ]);
    expect((await listed(pendingPrefix)).map((o) => o.key)).toEqual(pending);
    expect(await ledgerSids()).toEqual([copy.messageSid]);
    // With the credentials back, the same run finishes the deletion.
    await runCron();
    expect(twilioDeletions()).toEqual([`Messages/${copy.messageSid}.json`]);
    expect(await listed(pendingPrefix)).toEqual([]);
  });

  it("ADR-032.4 a run with nothing pending makes no request, and ledger keys this Worker never writes are left alone", async () => {
    await env.MEDIA_BUCKET.put(`${ledgerPrefix}not-a-copy`, "x");
    await env.MEDIA_BUCKET.put(`${pendingPrefix}soon`, "{");
    await runCron();
    expect(twilioDeletions()).toEqual([]);
    expect(await (await env.MEDIA_BUCKET.get(`${ledgerPrefix}not-a-copy`))!.text()).toBe("x");
    expect(await (await env.MEDIA_BUCKET.get(`${pendingPrefix}soon`))!.text()).toBe("{");
  });
});

describe("what delete my data covers", () => {
  it("ADR-032.6 a message the client sends as soon as the confirmation is out is kept and answered: a new consultation starts", async () => {
    await sendWebhook(message("Hola, tengo rizos"));
    const again = message("Hola de nuevo, quiero empezar otra vez");
    let answered: Promise<void> | undefined;
    let sids = 0;
    network.use(
      answer("post", `${TWILIO}${MESSAGES_PATH}`, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        // The client reads the confirmation and writes at once, while the command's job is still running.
        if (form.get("Body") === deleteDataConfirmation.es && !answered) {
          const next = await dispatch(await webhookRequest(again));
          expect(next.response.status).toBe(200);
          answered = next.settled;
        }
        return HttpResponse.json({ sid: `SM${"f".repeat(28)}${String(++sids).padStart(4, "0")}`, status: "queued" }, { status: 201 });
      }),
    );
    await sendWebhook(message("borrar mis datos"));
    await answered;
    const stored = (await listed(`${client}/`)).map((o) => o.key);
    expect(stored.some((key) => key.includes(again.MessageSid))).toBe(true);
    expect(JSON.stringify(chatRequests().at(-1))).toContain("Hola de nuevo, quiero empezar otra vez");
    expect(sentMessages().at(-1)?.Body).not.toBe(deleteDataConfirmation.es);
  });

  it("ADR-032.7 a job of a message from before a delete my data is overtaken by it, as by a reset, even while the message's record is still there", async () => {
    const earlier = message("Hola, tengo rizos");
    const record = { v: 1 as const, sid: earlier.MessageSid, receivedAt: new Date().toISOString(), params: earlier };
    await recordInbound(store, client, record);
    const command = message("borrar mis datos");
    await recordInbound(store, client, { v: 1, sid: command.MessageSid, receivedAt: new Date(Date.parse(record.receivedAt) + 1).toISOString(), params: command }, "delete-data");
    const fenced = fencedStorage(store, client, record);
    const write = fenced.r2.put(`${client}/answers/000001/claim.json`, "{}");
    await expect(write).rejects.toSatisfy(isOvertakenByReset);
    expect(await env.MEDIA_BUCKET.head(`${client}/answers/000001/claim.json`)).toBeNull();
  });
});

describe("deleting the recorded copies at Twilio", () => {
  const sidOf = (prefix: string, n: number) => `${prefix}${String(n).padStart(32, "0")}`;
  const policy = { attempts: 1, baseDelayMs: 0, deadline: Date.now() + 60_000 };
  /** Twilio's deletions as the Worker sees them: every request in order, the most in flight at once, and the SIDs refused. */
  function deletionsRefusing(refused: ReadonlySet<string>) {
    const asked: string[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const ask = async (sid: string) => {
      asked.push(sid);
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      if (refused.has(sid)) throw new TwilioDeleteError(429, 20429, "Too Many Requests");
      return "deleted" as const;
    };
    const client = { deleteMedia: (_message: string, media: string) => ask(media), deleteMessage: (message: string) => ask(message) } as unknown as DeletionClient;
    return { client, asked, mostInFlight: () => mostInFlight };
  }

  it("ADR-032.2 a media file Twilio refused keeps its ledger entry; the ones Twilio deleted lose theirs", async () => {
    const photo = sidOf("MM", 1);
    const copies = [{ messageSid: photo }, { messageSid: photo, mediaSid: sidOf("ME", 1) }, { messageSid: photo, mediaSid: sidOf("ME", 2) }];
    await recordTwilioCopies(store, client, 1_000, copies);
    const entries = await readTwilioCopies(store, client);
    const { client: deletions } = deletionsRefusing(new Set([sidOf("ME", 2)]));
    const left = await deleteRecordedCopies(store, deletions, client, { media: [], messages: [] }, entries, policy);
    expect(left).toEqual({ media: [{ messageSid: photo, mediaSid: sidOf("ME", 2) }], messages: [] });
    expect((await readTwilioCopies(store, client)).map(({ messageSid, mediaSid }) => ({ messageSid, mediaSid }))).toEqual([{ messageSid: photo, mediaSid: sidOf("ME", 2) }]);
  });

  it("ADR-029.9 what Twilio would not delete is reported, media and messages alike, so the confirmation does not claim it deleted", async () => {
    const copies = { media: [{ messageSid: sidOf("MM", 1), mediaSid: sidOf("ME", 1) }, { messageSid: sidOf("MM", 1), mediaSid: sidOf("ME", 2) }], messages: [sidOf("MM", 1), sidOf("SM", 2)] };
    const { client: deletions } = deletionsRefusing(new Set([sidOf("ME", 2), sidOf("SM", 2)]));
    expect(await deleteTwilioCopies(deletions, copies, policy)).toEqual({ media: [{ messageSid: sidOf("MM", 1), mediaSid: sidOf("ME", 2) }], messages: [sidOf("SM", 2)] });
  });

  it("ADR-020.7 each of many copies is asked for once, at most six at a time, media before messages", async () => {
    const media = Array.from({ length: 13 }, (_, i) => ({ messageSid: sidOf("MM", 1), mediaSid: sidOf("ME", i + 1) }));
    const messages = Array.from({ length: 8 }, (_, i) => sidOf("SM", i + 1));
    const { client: deletions, asked, mostInFlight } = deletionsRefusing(new Set());
    expect(await deleteTwilioCopies(deletions, { media, messages }, policy)).toEqual({ media: [], messages: [] });
    expect(asked).toEqual([...media.map((m) => m.mediaSid), ...messages]);
    expect(mostInFlight()).toBe(6);
  });
});
