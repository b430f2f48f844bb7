/**
 * ADR 020.7: what Twilio holds of a client, read from the stored conversation (every message
 * they sent, every part the Worker sent them, each media file of their messages), and its
 * deletion: media first, then messages; what Twilio would not delete is reported, nothing thrown.
 */
import { describe, expect, it } from "vitest";
import { copiesOfInbound, twilioCopiesOf, withLedger } from "../../../src/conversation/twilio-copies";
import { deleteTwilioCopies } from "../../../src/reply/delete-my-data";
import type { ConversationState, InboundRecord } from "../../../src/storage/records";
import { TwilioDeleteError, type DeletionClient } from "../../../src/twilio/deletion-client";

const ACCOUNT = "AC00000000000000000000000000000000";
const CLIENT = "whatsapp:+5215512345678" as const;
const sid = (prefix: string, n: number) => `${prefix}${String(n).padStart(32, "0")}`;
const mediaUrl = (account: string, message: string, media: string) => `https://api.twilio.com/2010-04-01/Accounts/${account}/Messages/${message}/Media/${media}`;

function inbound(messageSid: string, media: string[] = []): InboundRecord {
  const params: Record<string, string> = { MessageSid: messageSid, From: CLIENT, Body: "hola", NumMedia: String(media.length) };
  media.forEach((url, i) => {
    params[`MediaUrl${i}`] = url;
    params[`MediaContentType${i}`] = "image/jpeg";
  });
  return { v: 1, sid: messageSid, receivedAt: "2026-11-20T10:00:00.000Z", params };
}

const state = (overrides: Partial<ConversationState>): ConversationState =>
  ({ client: CLIENT, consultation: null, inbound: [], answers: [], receipts: [], ingested: [], media: [], transcripts: [], problems: [], ...overrides }) as unknown as ConversationState;

describe("Twilio's copies of a client", () => {
  it("ADR-020.7 are every inbound message, each of its media files of this account, and the command that asked", () => {
    const photo = sid("MM", 2);
    const copies = twilioCopiesOf(
      state({
        inbound: [inbound(sid("SM", 1)), inbound(photo, [mediaUrl(ACCOUNT, photo, sid("ME", 3)), mediaUrl("AC11111111111111111111111111111111", photo, sid("ME", 4)), "https://evil.example/x"])],
        problems: [{ key: `${CLIENT}/messages/${sid("SM", 5)}.json`, reason: "not valid JSON" }, { key: `${CLIENT}/media/x`, reason: "?" }],
      }),
      ACCOUNT,
      [sid("SM", 6)],
    );
    expect(copies.media).toEqual([{ messageSid: photo, mediaSid: sid("ME", 3) }]);
    expect(copies.messages.sort()).toEqual([sid("MM", 2), sid("SM", 1), sid("SM", 5), sid("SM", 6)].sort());
  });
});

describe("the ledger's copies", () => {
  it("ADR-032.1 a message just sent by the client is one copy, and each of its media files of this account another", () => {
    const photo = sid("MM", 7);
    const params: Record<string, string> = {
      MessageSid: photo,
      NumMedia: "3",
      MediaUrl0: mediaUrl(ACCOUNT, photo, sid("ME", 8)),
      MediaUrl1: mediaUrl("AC11111111111111111111111111111111", photo, sid("ME", 9)),
      MediaUrl2: "https://evil.example/x",
    };
    expect(copiesOfInbound(photo, params, ACCOUNT)).toEqual([{ messageSid: photo }, { messageSid: photo, mediaSid: sid("ME", 8) }]);
    expect(copiesOfInbound(sid("SM", 1), { MessageSid: sid("SM", 1), Body: "hola" }, ACCOUNT)).toEqual([{ messageSid: sid("SM", 1) }]);
  });

  it("ADR-032.3 the stored conversation's copies and the ledger's, each copy once: media files by their SID, messages by theirs", () => {
    const copies = { media: [{ messageSid: sid("MM", 1), mediaSid: sid("ME", 1) }], messages: [sid("MM", 1), sid("SM", 2)] };
    const entries = [
      { key: "k1", at: 1, messageSid: sid("MM", 1), mediaSid: sid("ME", 1) },
      { key: "k2", at: 2, messageSid: sid("MM", 3), mediaSid: sid("ME", 3) },
      { key: "k3", at: 3, messageSid: sid("SM", 2) },
      { key: "k4", at: 4, messageSid: sid("SM", 4) },
    ];
    expect(withLedger(copies, entries)).toEqual({
      media: [
        { messageSid: sid("MM", 1), mediaSid: sid("ME", 1) },
        { messageSid: sid("MM", 3), mediaSid: sid("ME", 3) },
      ],
      messages: [sid("MM", 1), sid("SM", 2), sid("SM", 4)],
    });
    expect(withLedger({ media: [], messages: [] }, [])).toEqual({ media: [], messages: [] });
  });
});

describe("the messages the Worker sent", () => {
  it("ADR-020.7 are every part Twilio took, and every message a receipt names; what is no message SID is no copy", () => {
    const part = (seq: number, index: number, twilioSid?: string) => ({ v: 1 as const, seq, index, status: twilioSid ? ("sent" as const) : ("failed" as const), ...(twilioSid ? { twilioSid } : {}), at: "2026-11-20T10:00:00.000Z" });
    const copies = twilioCopiesOf(
      state({
        answers: [
          { seq: 1, claim: null, reply: null, sending: [0, 1], parts: [part(1, 0, sid("SM", 11)), part(1, 1)] },
          { seq: 2, claim: null, reply: null, sending: [0, 1], parts: [part(2, 0, sid("SM", 12)), part(2, 1, "SM12/../../Media")] },
        ],
        receipts: [{ v: 1, twilioSid: sid("SM", 13), status: "delivered", at: "2026-11-20T10:00:00.000Z" }],
      }),
      ACCOUNT,
    );
    expect(copies.messages.sort()).toEqual([sid("SM", 11), sid("SM", 12), sid("SM", 13)]);
  });
});

describe("deleting them", () => {
  function deletionsFailingFor(failing: Set<string>) {
    const order: string[] = [];
    const client = {
      async deleteMedia(messageSid: string, mediaSid: string) {
        order.push(mediaSid);
        if (failing.has(mediaSid)) throw new TwilioDeleteError(500, 20500, "boom");
        return "deleted" as const;
      },
      async deleteMessage(messageSid: string) {
        order.push(messageSid);
        if (failing.has(messageSid)) throw new TwilioDeleteError(409, 20009, "not final");
        return "deleted" as const;
      },
    } as DeletionClient;
    return { client, order };
  }
  const policy = { attempts: 1, baseDelayMs: 0, deadline: Date.now() + 10_000 };

  it("ADR-020.7 deletes media before messages and reports exactly what was left", async () => {
    const copies = { media: [{ messageSid: sid("MM", 1), mediaSid: sid("ME", 1) }, { messageSid: sid("MM", 1), mediaSid: sid("ME", 2) }], messages: [sid("MM", 1), sid("SM", 2)] };
    const { client, order } = deletionsFailingFor(new Set([sid("ME", 2), sid("SM", 2)]));
    const left = await deleteTwilioCopies(client, copies, policy);
    expect(order.slice(0, 2).sort()).toEqual([sid("ME", 1), sid("ME", 2)]);
    expect(order.slice(2).sort()).toEqual([sid("MM", 1), sid("SM", 2)]);
    expect(left).toEqual({ media: [{ messageSid: sid("MM", 1), mediaSid: sid("ME", 2) }], messages: [sid("SM", 2)] });
  });
});
