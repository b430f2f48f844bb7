/**
 * ADR 020.1, deleting Twilio's copies by SID (src/twilio/deletion-client.ts) in node, with a
 * recording fetch: what is deleted, what is retried (20009 "not final yet", 429, 5xx, broken
 * connections), what counts as gone, and SIDs checked before any request.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createDeletionClient, NOT_FINAL_YET, TwilioDeleteError } from "../../../src/twilio/deletion-client";
import { scriptedFetch } from "../../support/scripted-fetch";

const ACCOUNT = "AC00000000000000000000000000000000";
const MESSAGE = `MM${"0123456789abcdef".repeat(2)}`;
const MEDIA = `ME${"ABCDEF0123456789".repeat(2)}`;
const BASE = `https://api.twilio.test/2010-04-01/Accounts/${ACCOUNT}/Messages`;
const policy = () => ({ attempts: 3, baseDelayMs: 10, deadline: Date.now() + 60_000 });

function client(...responses: Array<Response | Error>) {
  const { fetch, calls } = scriptedFetch(...responses);
  return { deletion: createDeletionClient({ apiBaseUrl: "https://api.twilio.test", accountSid: ACCOUNT, authToken: "tok", fetch }), calls };
}

beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout"] }));
afterEach(() => vi.useRealTimers());

async function settle<T>(promise: Promise<T>): Promise<T | unknown> {
  const outcome = promise.then((value) => ({ value }), (error: unknown) => ({ error }));
  await vi.runAllTimersAsync();
  const result = await outcome;
  return "error" in result ? result.error : result.value;
}

describe("deleting", () => {
  it("ADR-020.1 DELETEs the Message or the Media resource with Basic auth; 204 or any 2xx is deleted, 404 already gone", async () => {
    const { deletion, calls } = client(new Response(null, { status: 204 }), new Response("{}", { status: 200 }), Response.json({ code: 20404 }, { status: 404 }));
    expect(await settle(deletion.deleteMessage(MESSAGE, policy()))).toBe("deleted");
    expect(await settle(deletion.deleteMedia(MESSAGE, MEDIA, policy()))).toBe("deleted");
    expect(await settle(deletion.deleteMessage(`SM${MESSAGE.slice(2)}`, policy()))).toBe("already-gone");
    expect(calls.map((c) => c.url)).toEqual([`${BASE}/${MESSAGE}.json`, `${BASE}/${MESSAGE}/Media/${MEDIA}.json`, `${BASE}/SM${MESSAGE.slice(2)}.json`]);
    for (const { init } of calls) {
      expect(init.method).toBe("DELETE");
      expect(init.headers).toEqual({ authorization: `Basic ${Buffer.from(`${ACCOUNT}:tok`).toString("base64")}`, accept: "application/json" });
      expect(init.signal).toBeInstanceOf(AbortSignal);
    }
  });

  it("ADR-020.1 a SID of the wrong form is refused before any request", async () => {
    const { deletion, calls } = client();
    for (const sid of [`SM${"0".repeat(31)}`, `XM${"0".repeat(32)}`, `${MESSAGE}x`, `../${MESSAGE}`]) {
      await expect(deletion.deleteMessage(sid, policy()), sid).rejects.toThrow(`not a message SID: ${JSON.stringify(sid.slice(0, 40))}`);
    }
    await expect(deletion.deleteMedia(MESSAGE, `MM${"0".repeat(32)}`, policy())).rejects.toThrow("not a media SID");
    await expect(deletion.deleteMedia(MESSAGE, `ME${"g".repeat(32)}`, policy())).rejects.toThrow("not a media SID");
    await expect(deletion.deleteMedia(MESSAGE, `x${MEDIA}`, policy())).rejects.toThrow("not a media SID");
    await expect(deletion.deleteMedia(MESSAGE, `${MEDIA}0`, policy())).rejects.toThrow("not a media SID");
    await expect(deletion.deleteMedia(`ME${"0".repeat(32)}`, MEDIA, policy())).rejects.toThrow("not a message SID");
    await expect(deletion.deleteMessage("x".repeat(60), policy())).rejects.toThrow(`not a message SID: "${"x".repeat(40)}"`);
    expect(calls).toEqual([]);
    expect(() => createDeletionClient({ apiBaseUrl: "", accountSid: ACCOUNT, authToken: "t", fetch })).toThrow("Twilio deletion client needs apiBaseUrl and accountSid");
    expect(() => createDeletionClient({ apiBaseUrl: "https://x", accountSid: "", authToken: "t", fetch })).toThrow("apiBaseUrl and accountSid");
  });
});

describe("retries", () => {
  it("ADR-020.1 retries not-final-yet (20009), 429, 5xx and broken connections, then deletes", async () => {
    expect(NOT_FINAL_YET).toBe(20009);
    const { deletion, calls } = client(
      Response.json({ code: 20009, message: "not complete" }, { status: 409 }),
      Response.json({}, { status: 429, headers: { "retry-after": "1" } }),
      new Response(null, { status: 204 }),
    );
    expect(await settle(deletion.deleteMessage(MESSAGE, policy()))).toBe("deleted");
    expect(calls).toHaveLength(3);
    const again = client(new Response("", { status: 500 }), new TypeError("reset"), new Response(null, { status: 204 }));
    expect(await settle(again.deletion.deleteMessage(MESSAGE, policy()))).toBe("deleted");
    expect(again.calls).toHaveLength(3);
  });

  it("ADR-020.1 any other 4xx is final and reported with its status, code and message; the last error after three attempts", async () => {
    const refused = client(Response.json({ code: 20003, message: "Authenticate" }, { status: 401 }));
    const error = await settle(refused.deletion.deleteMessage(MESSAGE, policy()));
    expect(refused.calls).toHaveLength(1);
    expect(error).toBeInstanceOf(TwilioDeleteError);
    expect(error).toMatchObject({ name: "TwilioDeleteError", status: 401, code: 20003, message: "Twilio 401 (20003): Authenticate" });
    const bare = client(new Response("oops", { status: 400 }));
    expect(await settle(bare.deletion.deleteMessage(MESSAGE, policy()))).toMatchObject({ status: 400, code: undefined, message: "Twilio 400: HTTP 400" });
    const down = client(new TypeError("dns"), new TypeError("dns"), new TypeError("dns"), new Response(null, { status: 204 }));
    expect(await settle(down.deletion.deleteMessage(MESSAGE, policy()))).toMatchObject({ status: 0, message: "Twilio network error: dns" });
    expect(down.calls).toHaveLength(3);
  });

  it("ADR-020.1 an attempt's timeout is the client's, capped by what the retry policy has left", async () => {
    vi.useRealTimers();
    const answersIn20ms = vi.fn(
      (_url: RequestInfo | URL, init?: RequestInit) =>
        new Promise<Response>((resolve, reject) => setTimeout(() => (init!.signal!.aborted ? reject(new Error("aborted")) : resolve(new Response(null, { status: 204 }))), 20)),
    );
    const patient = createDeletionClient({ apiBaseUrl: "https://api.twilio.test", accountSid: ACCOUNT, authToken: "t", fetch: answersIn20ms as unknown as typeof fetch });
    expect(await patient.deleteMessage(MESSAGE, { attempts: 1, baseDelayMs: 1, deadline: Date.now() + 60_000 })).toBe("deleted");
    const hanging = vi.fn((_url: RequestInfo | URL, init?: RequestInit) => new Promise<Response>((_, reject) => init!.signal!.addEventListener("abort", () => reject(new Error("aborted")))));
    const slow = createDeletionClient({ apiBaseUrl: "https://api.twilio.test", accountSid: ACCOUNT, authToken: "t", fetch: hanging as unknown as typeof fetch, timeoutMs: 20 });
    const started = Date.now();
    await expect(slow.deleteMessage(MESSAGE, { attempts: 1, baseDelayMs: 1, deadline: Date.now() + 60_000 })).rejects.toMatchObject({ status: 0, message: "Twilio network error: aborted" });
    expect(Date.now() - started).toBeLessThan(8_000); // not the default 8 s (real time: bounded by the behaviour excluded, not tighter)
    const capped = createDeletionClient({ apiBaseUrl: "https://api.twilio.test", accountSid: ACCOUNT, authToken: "t", fetch: hanging as unknown as typeof fetch });
    const start2 = Date.now();
    await expect(capped.deleteMessage(MESSAGE, { attempts: 1, baseDelayMs: 1, deadline: Date.now() + 30 })).rejects.toMatchObject({ status: 0 });
    expect(Date.now() - start2).toBeLessThan(8_000); // not the default 8 s
  });
});
