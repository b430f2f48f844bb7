/**
 * ADR 004.5 and ADR 004.6, Twilio's Messages API client (src/twilio/messages-client.ts) in node,
 * with a recording fetch: what one send posts, what it retries, what it reports; and the
 * splitting of long replies, against literals.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { scriptedFetch } from "../../support/scripted-fetch";
import { createMessagesClient, MAX_MESSAGE_LENGTH, splitMessage, TwilioSendError } from "../../../src/twilio/messages-client";

const policy = () => ({ attempts: 3, baseDelayMs: 10, deadline: Date.now() + 60_000 });
const message = { to: "whatsapp:+5215512345678", from: "whatsapp:+14155238886", body: "Hola 👋 & más" };

const client = (fetch: typeof globalThis.fetch, timeoutMs?: number) =>
  createMessagesClient({ apiBaseUrl: "https://api.twilio.test", accountSid: "AC123", authToken: "tok", fetch, ...(timeoutMs ? { timeoutMs } : {}) });

describe("one send", () => {
  it("ADR-004.1 posts To, From and Body form-encoded with Basic auth to the account's Messages.json, and reports Twilio's sid and status", async () => {
    const { fetch, calls } = scriptedFetch(Response.json({ sid: "SM1", status: "queued" }, { status: 201 }));
    expect(await client(fetch).send(message, policy())).toEqual({ sid: "SM1", status: "queued" });
    expect(calls).toHaveLength(1);
    const [{ url, init }] = calls as [{ url: string; init: RequestInit }];
    expect(url).toBe("https://api.twilio.test/2010-04-01/Accounts/AC123/Messages.json");
    expect(init.method).toBe("POST");
    expect(init.headers).toEqual({ authorization: `Basic ${Buffer.from("AC123:tok").toString("base64")}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" });
    expect(Object.fromEntries(new URLSearchParams(String(init.body)))).toEqual({ To: message.to, From: message.from, Body: message.body });
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it("ADR-004.1 a send that names a status callback carries it as StatusCallback", async () => {
    const { fetch, calls } = scriptedFetch(Response.json({ sid: "SM1", status: "queued" }, { status: 201 }));
    await client(fetch).send({ ...message, statusCallback: "https://wa.example.com/whatsapp/status" }, policy());
    expect(Object.fromEntries(new URLSearchParams(String(calls[0]!.init.body)))).toEqual({ To: message.to, From: message.from, Body: message.body, StatusCallback: "https://wa.example.com/whatsapp/status" });
  });

  it("ADR-028.7 a template message carries ContentSid and ContentVariables, and no Body", async () => {
    const { fetch, calls } = scriptedFetch(Response.json({ sid: "SM1", status: "queued" }, { status: 201 }));
    await client(fetch).send({ to: message.to, from: message.from, contentSid: "HX0123456789abcdef0123456789abcdef", contentVariables: '{"1":"Ana"}' }, policy());
    expect(Object.fromEntries(new URLSearchParams(String(calls[0]!.init.body)))).toEqual({ To: message.to, From: message.from, ContentSid: "HX0123456789abcdef0123456789abcdef", ContentVariables: '{"1":"Ana"}' });
  });

  it("ADR-004.8 an answer without sid or status is reported as an empty sid, queued", async () => {
    const { fetch } = scriptedFetch(new Response("not json", { status: 201 }));
    expect(await client(fetch).send(message, policy())).toEqual({ sid: "", status: "queued" });
  });

  it("ADR-004.1 refuses to be made without a base URL or an account", () => {
    const { fetch } = scriptedFetch();
    expect(() => createMessagesClient({ apiBaseUrl: "", accountSid: "AC1", authToken: "t", fetch })).toThrow(/apiBaseUrl and accountSid/);
    expect(() => createMessagesClient({ apiBaseUrl: "https://x", accountSid: "", authToken: "t", fetch })).toThrow(/apiBaseUrl and accountSid/);
  });
});

describe("failures", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout"] }));
  afterEach(() => vi.useRealTimers());

  async function settle<T>(promise: Promise<T>): Promise<T> {
    const outcome = promise.then((value) => ({ value }), (error: unknown) => ({ error }));
    await vi.runAllTimersAsync();
    const result = await outcome;
    if ("error" in result) throw result.error;
    return result.value;
  }

  it("ADR-004.6 retries 429, 5xx and connection errors, honouring retry-after", async () => {
    const { fetch, calls } = scriptedFetch(
      Response.json({ code: 20429, message: "Too Many Requests" }, { status: 429, headers: { "retry-after": "2" } }),
      new TypeError("connection reset"),
      Response.json({ sid: "SM3", status: "accepted" }, { status: 201 }),
    );
    expect(await settle(client(fetch).send(message, policy()))).toEqual({ sid: "SM3", status: "accepted" });
    expect(calls).toHaveLength(3);
    const { fetch: fetch5xx, calls: again } = scriptedFetch(new Response("", { status: 503 }), Response.json({ sid: "SM4" }, { status: 201 }));
    expect(await settle(client(fetch5xx).send(message, policy()))).toEqual({ sid: "SM4", status: "queued" });
    expect(again).toHaveLength(2);
  });

  it("ADR-004.6 a 4xx is final and reported with Twilio's status, code and message", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const { fetch, calls } = scriptedFetch(Response.json({ code: 63016, message: "outside the allowed window" }, { status: 400 }));
    const error = await settle(client(fetch).send(message, policy())).catch((e: unknown) => e);
    expect(logged).toHaveBeenCalledTimes(1);
    expect(JSON.parse(logged.mock.calls[0]![0] as string)).toEqual({
      event: "twilio_send_refused",
      to: "whatsapp:+…5678",
      status: 400,
      code: 63016,
      meaning: "outside the 24-hour window the client's last message opened: free text is refused until they write again",
      error: "Twilio 400 (63016): outside the allowed window",
    });
    expect(calls).toHaveLength(1);
    expect(error).toBeInstanceOf(TwilioSendError);
    expect(error).toMatchObject({ name: "TwilioSendError", status: 400, code: 63016, timedOut: false, message: "Twilio 400 (63016): outside the allowed window" });
    const { fetch: bare } = scriptedFetch(new Response("oops", { status: 404 }));
    expect(await settle(client(bare).send(message, policy())).catch((e: unknown) => e)).toMatchObject({ status: 404, code: undefined, message: "Twilio 404: HTTP 404" });
    expect(JSON.parse(logged.mock.calls[1]![0] as string)).toMatchObject({ event: "twilio_send_refused", status: 404, code: null, meaning: "see Twilio's error catalogue" });
    logged.mockRestore();
  });

  it("ADR-004.6 gives up after three attempts with the last error", async () => {
    const { fetch, calls } = scriptedFetch(new Response("", { status: 500 }), new Response("", { status: 502 }), Response.json({ message: "down" }, { status: 503 }), Response.json({ sid: "late" }));
    const error = await settle(client(fetch).send(message, policy())).catch((e: unknown) => e);
    expect(calls).toHaveLength(3);
    expect(error).toMatchObject({ status: 503, message: "Twilio 503: down" });
  });

  it("ADR-004.6 a network error names itself; a send with no answer in time is not retried (Twilio may have taken it)", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const { fetch } = scriptedFetch(new TypeError("dns"), new TypeError("dns"), new TypeError("dns"));
    expect(await settle(client(fetch).send(message, policy())).catch((e: unknown) => e)).toMatchObject({ status: 0, timedOut: false, message: "Twilio network error: dns" });
    expect(JSON.parse(logged.mock.calls[0]![0] as string)).toMatchObject({ event: "twilio_send_failed", status: 0, code: null });
    logged.mockRestore();
    const hanging = vi.fn((_url: RequestInfo | URL, init?: RequestInit) => new Promise<Response>((_, reject) => init!.signal!.addEventListener("abort", () => reject(new Error("aborted")))));
    vi.useRealTimers();
    const error = await client(hanging as unknown as typeof globalThis.fetch, 20).send(message, policy()).catch((e: unknown) => e);
    expect(hanging).toHaveBeenCalledTimes(1);
    expect(error).toMatchObject({ status: 0, timedOut: true, message: "Twilio no answer within 20 ms" });
    // The retry policy's deadline caps an attempt's timeout too.
    vi.useFakeTimers({ toFake: ["Date"] });
    const capped = await client(hanging as unknown as typeof globalThis.fetch).send(message, { attempts: 3, baseDelayMs: 10, deadline: Date.now() + 30 }).catch((e: unknown) => e);
    expect(capped).toMatchObject({ timedOut: true, message: "Twilio no answer within 30 ms" });
  });
});

describe("splitMessage", () => {
  it("ADR-004.5 leaves a message of up to 1600 characters whole and splits one character more", () => {
    expect(MAX_MESSAGE_LENGTH).toBe(1600);
    expect(splitMessage(`${"a".repeat(1599)}b`)).toEqual([`${"a".repeat(1599)}b`]);
    expect(splitMessage("a".repeat(1601))).toEqual(["a".repeat(1600), "a"]);
    expect(splitMessage("")).toEqual([]);
    expect(splitMessage(" \n ")).toEqual([]);
  });

  it("ADR-004.5 cuts at the last paragraph, else the last sentence end, else the last space within the limit", () => {
    expect(splitMessage("Uno dos.\n\nTres cuatro. Cinco seis siete", 20)).toEqual(["Uno dos.", "Tres cuatro.", "Cinco seis siete"]);
    expect(splitMessage("Uno dos. Tres cuatro cinco seis", 20)).toEqual(["Uno dos.", "Tres cuatro cinco", "seis"]);
    expect(splitMessage("Uno dos tres cuatro cinco seis", 20)).toEqual(["Uno dos tres cuatro", "cinco seis"]);
    expect(splitMessage("Uno dos tres cuatro\n \ncinco", 20)).toEqual(["Uno dos tres cuatro", "cinco"]);
    expect(splitMessage("¿Uno? ¡Dos! Tres… cuatro cinco", 20)).toEqual(["¿Uno? ¡Dos! Tres…", "cuatro cinco"]);
    expect(splitMessage("一二三四五。六七八九十一二三 四", 14)).toEqual(["一二三四五。六七八九十一二三", "四"]);
    expect(splitMessage("Uno dos\n\nTres cuatro cinco", 20)).toEqual(["Uno dos", "Tres cuatro cinco"]);
    expect(splitMessage("Uno dos\n \nTres cuatro cinco", 20)).toEqual(["Uno dos", "Tres cuatro cinco"]);
    expect(splitMessage("Uno dos tres cuatro!", 20)).toEqual(["Uno dos tres cuatro!"]); // exactly the limit: whole
    expect(splitMessage("abcdefghij klmnopqrs tuv", 20)).toEqual(["abcdefghij klmnopqrs", "tuv"]); // a space right at the limit
  });

  it("ADR-004.5 a boundary too early (in the first 30 %) is passed over for a later one, and only a lone long word is cut", () => {
    expect(splitMessage("Ab. cdefghijklmnopq rstu", 20)).toEqual(["Ab. cdefghijklmnopq", "rstu"]);
    expect(splitMessage("Ab cdefghijklmnopqrstuv", 20)).toEqual(["Ab", "cdefghijklmnopqrstuv"]); // a short first part beats cutting a word
    expect(splitMessage("abcdefghijklmnopqrstuvwxyz", 20)).toEqual(["abcdefghijklmnopqrst", "uvwxyz"]);
    expect(splitMessage(`${"a".repeat(19)}💇b`, 20)).toEqual(["a".repeat(19), "💇b"]);
    expect(splitMessage(`${"a".repeat(18)}💇b`, 20)).toEqual([`${"a".repeat(18)}💇`, "b"]);
    expect(splitMessage(`${"a".repeat(19)}\u{10000}b`, 20)).toEqual(["a".repeat(19), "\u{10000}b"]); // the first high surrogate
    expect(splitMessage(`${"a".repeat(19)}\u{10FFFF}b`, 20)).toEqual(["a".repeat(19), "\u{10FFFF}b"]); // the last one
    expect(splitMessage("abcde. ghijklmnop qrstu", 20)).toEqual(["abcde. ghijklmnop", "qrstu"]); // a sentence end at exactly 30 % is too early
  });
});
