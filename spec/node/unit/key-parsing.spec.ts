/**
 * ADR 003.2 in node: src/storage/keys.ts builds every storage key and reads it back. What a key
 * under a client's prefix holds is known from the key alone (entryOf), and each key outside it
 * (consent events, model calls, the ledger of Twilio's copies, its pending markers) says what it
 * records; a key this Worker did not write reads as none of them.
 */
import { describe, expect, it } from "vitest";
import {
  clientCallOf,
  clientKeyOf,
  clientOfConsentKey,
  consentEventOf,
  deploymentCallAt,
  entryOf,
  fileNameOf,
  isMediaKeyOf,
  keys,
  ledgerEntryOf,
  mediaIndexOf,
  mediaReceivedMsOf,
  messageSidOfKey,
  nameUnderClient,
  pendingDeletionOf,
  type ClientKey,
} from "../../../src/storage/keys";

const A = "whatsapp:+34600000001" as ClientKey;
const B = "whatsapp:+346000000012" as ClientKey;
const SID = `SM${"0".repeat(31)}1`;
const MEDIA = `ME${"0".repeat(31)}2`;
const AT = "2026-12-01T10:00:00.000Z";
const MS = Date.parse(AT);

describe("what a key under the client's prefix holds", () => {
  it("ADR-003.2 each record and object the Worker writes is known by its key alone", () => {
    const cases: Array<[string, unknown]> = [
      [keys.inbound(A, SID), { kind: "message", folder: "messages", sid: SID }],
      [keys.ingested(A, SID), { kind: "of-message", folder: "ingested", sid: SID }],
      [keys.transcript(A, SID, 3), { kind: "of-message", folder: "transcripts", sid: SID, index: 3 }],
      [keys.observation(A, SID, 12), { kind: "of-message", folder: "observations", sid: SID, index: 12 }],
      [keys.media(A, AT, SID, 2, "jpg"), { kind: "media", sid: SID }],
      [keys.answer(A, 7, "claim"), { kind: "answer", seq: 7, name: "claim" }],
      [keys.answer(A, 123456, "reply"), { kind: "answer", seq: 123456, name: "reply" }],
      [keys.answer(A, 7, "sending-0"), { kind: "answer", seq: 7, name: "sending", part: 0 }],
      [keys.answer(A, 7, "sent-11"), { kind: "answer", seq: 7, name: "sent", part: 11 }],
      [keys.receipt(A, SID, "delivered"), { kind: "receipt", twilioSid: SID, status: "delivered" }],
      [keys.quarantine(A, "consultation", AT), { kind: "quarantine" }],
    ];
    expect(cases.map(([key]) => entryOf(A, key))).toEqual(cases.map(([, entry]) => entry));
  });

  it("ADR-003.2 a key the Worker does not write is a stray, or media of no known message", () => {
    const strays = [
      `${A}/consultation`,
      `${A}/messages/`,
      `${A}/messages/x.txt`,
      `${A}/messages/SM1-x.json`,
      `${A}/replies/${SID}.json`,
      `${A}/answers/7/claim.json`,
      `${A}/answers/0000007/claim.json`,
      `${A}/answers/000007/claim-1.json`,
      `${A}/answers/000007/reply-0.json`,
      `${A}/answers/000007/sending.json`,
      `${A}/answers/000007/sent.json`,
      `${A}/answers/000007/other.json`,
      `${A}/answers/000007/claim.json.bak`,
      `${A}/receipts/${SID}.json`,
      `${A}/receipts/${SID}-Delivered.json`,
      `${A}/receipts/${SID}-delivered.json/x`,
      `${A}`,
      `${A}x/messages/${SID}.json`,
      `${A}Xmessages/${SID}.json`,
      `${A}/mediaX`,
      `${A}/quarantineX`,
      `${B}/messages/${SID}.json`,
      `whatsapp:+34600000002/messages/${SID}.json`,
      `x${A}/messages/${SID}.json`,
      `seen/${SID}`,
      "",
    ];
    expect(strays.map((key) => [key, entryOf(A, key)])).toEqual(strays.map((key) => [key, { kind: "stray" }]));
    const foreignMedia = [`${A}/media/photo.jpg`, `${A}/media/123-${SID}-0.jpg`, `${A}/media/${String(MS)}-${SID}-0`, `${A}/media/${String(MS)}-SM/1-0.jpg`, `${A}/media/`];
    expect(foreignMedia.map((key) => entryOf(A, key))).toEqual(foreignMedia.map(() => ({ kind: "media" })));
    expect(entryOf(A, `${A}/quarantine/anything/at/all`)).toEqual({ kind: "quarantine" });
  });

  it("ADR-003.2 a message's SID is read from its record's key alone: not from a record of the message, another folder or another client", () => {
    expect(
      [keys.inbound(A, SID), `${A}/messages/${SID}-1.json`, keys.transcript(A, SID, 0), keys.ingested(A, SID), keys.inbound(B, SID), `${A}/messages/${SID}.txt`].map((key) => messageSidOfKey(A, key)),
    ).toEqual([SID, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe("a key's names", () => {
  it("ADR-003.2 a key under the client's prefix is named without it; any other key whole; a file by its last part", () => {
    expect([nameUnderClient(A, keys.inbound(A, SID)), nameUnderClient(A, keys.inbound(B, SID)), nameUnderClient(A, `seen/${SID}`)]).toEqual([
      `messages/${SID}.json`,
      keys.inbound(B, SID),
      `seen/${SID}`,
    ]);
    expect([fileNameOf(keys.media(A, AT, SID, 0, "jpg")), fileNameOf("photo.jpg"), fileNameOf("a/b/")]).toEqual([`${String(MS)}-${SID}-0.jpg`, "photo.jpg", ""]);
  });

  it("ADR-003.2 a media key names its message's attachment and its arrival; one that does not, none", () => {
    const key = keys.media(A, AT, SID, 4, "ogg");
    expect([mediaIndexOf(key, SID), mediaIndexOf(`${A}/media/x-${SID}-.jpg`, SID), mediaIndexOf(key, `SM${"0".repeat(31)}2`), mediaIndexOf(keys.media(A, AT, SID, 13, "jpg"), SID)]).toEqual([4, 0, null, 13]);
    expect([mediaReceivedMsOf(key), mediaReceivedMsOf(keys.media(A, "1970-01-01T00:00:00.000Z", SID, 0, "jpg")), mediaReceivedMsOf(`${A}/media/123-${SID}-0.jpg`), mediaReceivedMsOf(`${A}/x/${String(MS)}-a`)]).toEqual([
      MS,
      0,
      null,
      null,
    ]);
    expect([isMediaKeyOf(A, key), isMediaKeyOf(B, key), isMediaKeyOf(A, keys.inbound(A, SID))]).toEqual([true, false, false]);
  });

  it("ADR-003.2 a client is `whatsapp:+` and an E.164 number", () => {
    expect(["whatsapp:+34600000001", "whatsapp:+1234567", "whatsapp:+123456", "whatsapp:+0600000001", "whatsapp:34600000001", "whatsapp:+34600000001 "].map(clientKeyOf)).toEqual([
      "whatsapp:+34600000001",
      "whatsapp:+1234567",
      null,
      null,
      null,
      null,
    ]);
  });
});

describe("keys outside the client's prefix", () => {
  it("ADR-003.2 are built in full: 13 digits of milliseconds, 6 of an answer's number, never below zero", () => {
    expect({
      client: keys.client(A),
      folder: keys.client(A, "answers/"),
      answerFolder: keys.answerFolder(A, 42),
      consultation: keys.consultation(A),
      consents: keys.consents(A),
      allConsents: keys.allConsents(),
      consent: keys.consent(A, { sid: SID, at: AT, choice: "opted-out" }),
      seen: keys.seenSid(SID),
      modelCalls: keys.modelCalls(A),
      modelCall: keys.modelCall(A, 42, AT),
      modelCallsBefore: keys.modelCallsBefore(A, MS),
      modelCallsBefore0: keys.modelCallsBefore(A, 0),
      mediaCall: keys.mediaCall(A, MS, SID, 3),
      mediaCallNegative: keys.mediaCall(A, -5, SID, 3),
      deploymentCalls: keys.deploymentCalls(),
      deploymentCall: keys.deploymentCall(MS, "id"),
      deploymentCallsBefore: keys.deploymentCallsBefore(MS),
      deploymentCallsBefore0: keys.deploymentCallsBefore(0),
      twilioCopies: keys.twilioCopies(A),
      twilioCopy: keys.twilioCopy(A, MS, { messageSid: SID }),
      twilioMediaCopy: keys.twilioCopy(A, MS, { messageSid: SID, mediaSid: MEDIA }),
      allPendingDeletions: keys.allPendingDeletions(),
      pendingDeletion: keys.pendingDeletion(A, 5),
    }).toEqual({
      client: `${A}/`,
      folder: `${A}/answers/`,
      answerFolder: `${A}/answers/000042/`,
      consultation: `${A}/consultation`,
      consents: `consent/${A}/`,
      allConsents: "consent/",
      consent: `consent/${A}/${MS}-${SID}.opted-out`,
      seen: `seen/${SID}`,
      modelCalls: `model-calls/${A}/`,
      modelCall: `model-calls/${A}/${MS}-000042`,
      modelCallsBefore: `model-calls/${A}/${MS - 1}~`,
      modelCallsBefore0: `model-calls/${A}/0000000000000~`,
      mediaCall: `model-calls/${A}/${MS}-${SID}-3`,
      mediaCallNegative: `model-calls/${A}/0000000000000-${SID}-3`,
      deploymentCalls: "model-calls/deployment/",
      deploymentCall: `model-calls/deployment/${MS}-id`,
      deploymentCallsBefore: `model-calls/deployment/${MS - 1}~`,
      deploymentCallsBefore0: "model-calls/deployment/0000000000000~",
      twilioCopies: `twilio-copies/${A}/`,
      twilioCopy: `twilio-copies/${A}/${MS}-${SID}`,
      twilioMediaCopy: `twilio-copies/${A}/${MS}-${SID}-${MEDIA}`,
      allPendingDeletions: "twilio-copies-pending/",
      pendingDeletion: `twilio-copies-pending/${A}/0000000000005`,
    });
  });

  it("ADR-003.2 a consent event is read from its key, with its client; a key the Worker did not write is none", () => {
    const key = keys.consent(A, { sid: SID, at: AT, choice: "resumed" });
    expect([consentEventOf(key), clientOfConsentKey(key)]).toEqual([{ at: AT, sid: SID, choice: "resumed" }, A]);
    for (const other of [`${key}x`, key.replace("resumed", "paused"), `x${key}`, `consent/whatsapp:+34/${MS}-${SID}.resumed`.replace("+34", "34"), `consent/${A}/123-${SID}.resumed`]) {
      expect([consentEventOf(other), clientOfConsentKey(other)], other).toEqual([null, null]);
    }
    // Its number is one the key pattern takes but no client's (a leading 0): an event of nobody.
    expect(clientOfConsentKey(`consent/whatsapp:+0123456789/${MS}-${SID}.opted-out`)).toBeNull();
  });

  it("ADR-003.2 a model call's key says when and for which answer or attachment; a key the Worker did not write is none", () => {
    const photo = `MM${"a".repeat(32)}`;
    expect([
      clientCallOf(keys.modelCall(A, 42, AT)),
      clientCallOf(keys.mediaCall(A, MS, photo, 9)),
      clientCallOf(keys.mediaCall(A, MS, `SM${"F".repeat(32)}`, 10)),
      clientCallOf(`model-calls/${A}/${MS}-42`),
      clientCallOf(`model-calls/${A}/${MS}-${photo}-100`),
      clientCallOf(`model-calls/${A}/${MS}-${photo}-1x`),
      clientCallOf(`model-calls/deployment/${MS}-000042`),
    ]).toEqual([{ at: MS, id: `${MS}-42` }, { at: MS, id: `${MS}-${photo}-9` }, { at: MS, id: `${MS}-SM${"F".repeat(32)}-10` }, null, null, null, null]);
    const uuid = "0f0e0d0c-0b0a-4000-8000-000000000001";
    expect([deploymentCallAt(keys.deploymentCall(MS, uuid)), deploymentCallAt(keys.deploymentCall(MS, "x")), deploymentCallAt(`model-calls/${A}/${MS}-${uuid}`)]).toEqual([MS, null, null]);
  });

  it("ADR-003.2 a ledger entry's key says which copy and when; a pending marker which client and when; others are none", () => {
    const message = keys.twilioCopy(A, MS, { messageSid: SID });
    const media = keys.twilioCopy(A, MS, { messageSid: SID, mediaSid: MEDIA });
    expect([ledgerEntryOf(message), ledgerEntryOf(media), ledgerEntryOf(`${message}x`), ledgerEntryOf(`twilio-copies/${A}/${MS}-${MEDIA}`)]).toEqual([
      { key: message, at: MS, messageSid: SID },
      { key: media, at: MS, messageSid: SID, mediaSid: MEDIA },
      null,
      null,
    ]);
    expect([
      pendingDeletionOf(keys.pendingDeletion(A, MS)),
      pendingDeletionOf(`twilio-copies-pending/${A}/${MS}/x`),
      pendingDeletionOf(`twilio-copies-pending/whatsapp:+0123456789/${MS}`),
      pendingDeletionOf(`twilio-copies/${A}/${MS}`),
    ]).toEqual([{ client: A, at: MS }, null, null, null]);
  });
});
