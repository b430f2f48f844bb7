/**
 * ADR 017: a captured, correctly signed webhook cannot become a new message. Twilio's signature
 * concatenates names and values with no separator, so a body can be re-split without breaking
 * it (`MessageSid=SMx&MessageType=text` and `MessageSid=SMxMessageTypetext` sign the same); and
 * a reset deletes the records that made old webhooks duplicates. Each case below is a request
 * whose signature is valid: the 400s and 403s come from the checks after it, never from it.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { expectNoEffect } from "./support/effects";
import { chatRequests, sentMessages } from "./support/network";
import { copyStorage } from "./support/storage";
import { messageSid, webhookRequest, withSid } from "./support/twilio";
import { dispatch, sendWebhook } from "./support/worker";

const client = "whatsapp:+14155550123";
/** A message Twilio signed and the Worker has not seen yet. */
const captured = withSid({ ...webhooks["text-en"], Body: "My curls are dry at the ends" }, messageSid(0x17));

async function respond(request: Request): Promise<Response> {
  const { response, settled } = await dispatch(request);
  await settled;
  return response;
}

type Fields = Array<[string, string]>;

/** The captured webhook's fields joined differently, sent with the captured signature. */
async function resplit(params: Record<string, string>, rewrite: (fields: Fields) => Fields): Promise<Request> {
  const signed = await webhookRequest(params);
  const body = new URLSearchParams(rewrite(Object.entries(params))).toString();
  return new Request(signed.url, { method: "POST", headers: signed.headers, body });
}

/** `name` takes the next parameter (in signing order) into its value: `name=v&next=w` becomes `name=vnextw`. */
const swallow = (name: string, next: string) => (fields: Fields): Fields => {
  const swallowed = fields.find(([n]) => n === next)!;
  return fields.filter(([n]) => n !== next).map(([n, v]): [string, string] => (n === name ? [n, v + swallowed[0] + swallowed[1]] : [n, v]));
};

const inboundKeys = async () => Object.keys((await copyStorage()).r2).filter((key) => key.startsWith(`${client}/messages/`));

beforeEach(async () => {
  // A conversation in progress: every refused request below must leave it exactly as it is.
  expect((await sendWebhook(webhooks["text-en"])).status).toBe(200);
});

describe("a captured webhook re-split into other parameters", () => {
  it("ADR-017.1 a real webhook re-cut so that its MessageSid runs on into the next parameter is refused: 400, nothing recorded", async () => {
    const request = await resplit(captured, swallow("MessageSid", "MessageType"));
    expect(new URLSearchParams(await request.clone().text()).get("MessageSid")).toBe(`${captured.MessageSid}MessageTypetext`);
    const response = await expectNoEffect(async () => respond(request), 400);
    expect(await response.json()).toEqual({ error: expect.stringContaining("MessageSid") });
  });

  it("ADR-017.1 a MessageSid that is not Twilio's (a digit short or over, upper-case digits, another kind of SID) is refused: 400, nothing recorded", async () => {
    for (const sid of ["SM1b2c3d4e5f60718293a4b5c6d7e8f90", "SM1B2C3D4E5F60718293A4B5C6D7E8F90A", "MG1b2c3d4e5f60718293a4b5c6d7e8f90a", "SM1b2c3d4e5f60718293a4b5c6d7e8f90aa"]) {
      await expectNoEffect(async () => respond(await webhookRequest(withSid(captured, sid))), 400);
    }
  });

  it("ADR-017.2 MessageSid, SmsMessageSid and SmsSid that differ get 400 and change nothing", async () => {
    for (const name of ["SmsMessageSid", "SmsSid"]) {
      const params = { ...captured, [name]: messageSid(0x18) };
      const response = await expectNoEffect(async () => respond(await webhookRequest(params)), 400);
      expect(await response.json()).toEqual({ error: expect.stringContaining(name) });
    }
  });

  it("ADR-017.2 SmsMessageSid alone stands for MessageSid, and must then be a SID too", async () => {
    const { MessageSid: _, ...withoutMessageSid } = captured;
    expect((await respond(await webhookRequest(withoutMessageSid))).status).toBe(200);
    expect(await inboundKeys()).toContain(`${client}/messages/${captured.MessageSid}.json`);
    await expectNoEffect(async () => respond(await webhookRequest({ ...withoutMessageSid, SmsMessageSid: "SMnot-a-sid", SmsSid: "SMnot-a-sid" })), 400);
  });

  it("ADR-017.3 a real webhook re-cut so that its AccountSid runs on into ApiVersion is not this account's: 403, nothing recorded", async () => {
    const request = await resplit(captured, swallow("AccountSid", "ApiVersion"));
    expect(new URLSearchParams(await request.clone().text()).has("ApiVersion")).toBe(false);
    const response = await expectNoEffect(async () => respond(request), 403);
    expect(await response.json()).toEqual({ error: expect.stringContaining("AccountSid") });
  });

  it("ADR-017.3 a webhook for another account, or without AccountSid, gets 403 and changes nothing", async () => {
    await expectNoEffect(async () => respond(await webhookRequest({ ...captured, AccountSid: "AC11111111111111111111111111111111" })), 403);
    const { AccountSid: _, ...withoutAccount } = captured;
    await expectNoEffect(async () => respond(await webhookRequest(withoutAccount)), 403);
  });

  it("ADR-017.3 a webhook to another number than TWILIO_WHATSAPP_NUMBER, or without To, gets 403 and changes nothing", async () => {
    const response = await expectNoEffect(async () => respond(await webhookRequest({ ...captured, To: "whatsapp:+14155230000" })), 403);
    expect(await response.json()).toEqual({ error: expect.stringContaining("To") });
    const { To: _, ...withoutTo } = captured;
    await expectNoEffect(async () => respond(await webhookRequest(withoutTo)), 403);
  });

  it("ADR-017.4 an empty parameter name (=AccountSidAC… signs like AccountSid=AC…) gets 400 and changes nothing", async () => {
    const request = await resplit(captured, (fields) => fields.map(([n, v]): [string, string] => (n === "AccountSid" ? ["", n + v] : [n, v])));
    const response = await expectNoEffect(async () => respond(request), 400);
    expect(await response.json()).toEqual({ error: expect.stringContaining("parameter name") });
  });

  it("ADR-017.4 a parameter name given twice gets 400 and changes nothing, even when the signature still holds", async () => {
    // Twilio signs each distinct value once, so repeating a parameter with its own value keeps the signature.
    const request = await resplit(captured, (fields) => [...fields, ["NumMedia", "0"]]);
    const response = await expectNoEffect(async () => respond(request), 400);
    expect(await response.json()).toEqual({ error: expect.stringContaining("NumMedia") });
  });

  it("ADR-017.3 the checks refuse what is wrong, not what is right: the captured webhook itself is recorded and answered", async () => {
    expect((await respond(await webhookRequest(captured))).status).toBe(200);
    expect(await inboundKeys()).toContain(`${client}/messages/${captured.MessageSid}.json`);
    expect(sentMessages().at(-1)).toMatchObject({ To: client });
  });
});

describe("an old webhook after the client reset", () => {
  const reset = (n: number) => withSid({ ...webhooks["text-en"], Body: "reset" }, messageSid(0x100 + n));
  const later = (n: number, body: string) => withSid({ ...webhooks["text-en"], Body: body }, messageSid(0x200 + n));

  it("ADR-017.5 a message from before the reset, replayed byte for byte, is a duplicate: 200, nothing recorded, no answer", async () => {
    expect((await sendWebhook(reset(1))).status).toBe(200);
    const afterReset = await copyStorage();
    expect(Object.keys(afterReset.r2).some((key) => key.includes(webhooks["text-en"].MessageSid) && key.startsWith(client))).toBe(false);
    const modelCalls = chatRequests().length;
    const sends = sentMessages().length;

    const replay = await respond(await webhookRequest(webhooks["text-en"]));
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe("<Response/>");
    expect(await copyStorage()).toEqual(afterReset);
    expect(chatRequests()).toHaveLength(modelCalls);
    expect(sentMessages()).toHaveLength(sends);
  });

  it("ADR-017.5 a captured reset replayed after a later reset does not wipe the consultation that followed", async () => {
    await sendWebhook(reset(1));
    await sendWebhook(later(1, "Starting again: my curls are 3B"));
    await sendWebhook(reset(2));
    await sendWebhook(later(2, "Third time: my curls are 3C"));
    const before = await copyStorage();
    expect(Object.keys(before.r2)).toContain(`${client}/messages/${later(2, "").MessageSid}.json`);
    const sends = sentMessages().length;

    expect((await respond(await webhookRequest(reset(1)))).status).toBe(200);
    expect(await copyStorage()).toEqual(before);
    expect(sentMessages()).toHaveLength(sends);
  });

  it("ADR-017.6 the markers kept across the reset say only that the SID was seen: an empty object named by the SID, no number, no words", async () => {
    await sendWebhook(later(3, "A message with words that must not survive the reset"));
    await sendWebhook(reset(3));
    const outside = Object.entries((await copyStorage()).r2).filter(([key]) => !key.startsWith(`${client}/`));
    // Besides the markers, only the empty records of the model calls (ADR 018.4): a time and a number, no words.
    const modelCalls = outside.filter(([key]) => key.startsWith("model-calls/"));
    expect(modelCalls.length).toBeGreaterThan(0);
    const shape = new RegExp(`^model-calls/(${client.replace("+", "\\+")}/\\d{13}-\\d{6}|deployment/\\d{13}-[0-9a-f-]{36})$`); // ADR 029.6: the deployment's count names no client
    for (const [key, body] of modelCalls) expect([key, body]).toEqual([expect.stringMatching(shape), { base64: "" }]);
    // And the console list's entry, the stylist's pointer to the client, empty (ADR 028.3): a reset is the client's, not hers.
    const listEntries = outside.filter(([key]) => key.startsWith("console/clients/"));
    for (const [key, body] of listEntries) expect([key, body]).toEqual([`console/clients/${client}`, { base64: "" }]);
    // And the ledger of Twilio's copies (ADR 032.1): a time and a SID per copy, empty; kept until Twilio deletes the copy.
    const ledger = outside.filter(([key]) => key.startsWith("twilio-copies/"));
    expect(ledger.length).toBeGreaterThan(0);
    for (const [key, body] of ledger) expect([key, body]).toEqual([expect.stringMatching(new RegExp(`^twilio-copies/${client.replace("+", "\\+")}/\\d{13}-SM[0-9a-f]{32}$`)), { base64: "" }]);
    const kept = outside.filter(([key]) => !key.startsWith("model-calls/") && !key.startsWith("console/clients/") && !key.startsWith("twilio-copies/"));
    expect(kept).toHaveLength(3);
    expect(kept.map(([key]) => key)).toEqual(
      expect.arrayContaining([webhooks["text-en"].MessageSid, later(3, "").MessageSid, reset(3).MessageSid].map((sid) => expect.stringContaining(sid))),
    );
    for (const [key, body] of kept) {
      expect(key).not.toContain(client.slice("whatsapp:+".length));
      expect(body).toEqual({ base64: "" });
      const object = await env.MEDIA_BUCKET.head(key);
      expect(object!.customMetadata).toEqual({});
    }
  });
});
