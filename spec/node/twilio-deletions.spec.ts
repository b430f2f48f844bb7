/**
 * ADR 020.1: Twilio's copies of a client's messages and media are deleted through the deletion
 * client, which knows nothing of conversations: it deletes one message or one media file by SID,
 * retries what Twilio says may succeed later (20009 while a message is not final yet, 429, 5xx,
 * no answer) with growing waits inside its policy, and counts 404 as already deleted.
 * Twilio's answers are scripted here; the requests and the waits are what the client did.
 */
import { describe, expect, it } from "vitest";
import { createDeletionClient, TwilioDeleteError } from "../../src/twilio/deletion-client";
import { parseMediaUrl } from "../../src/twilio/media-url";

const ACCOUNT = "AC00000000000000000000000000000000";
const MESSAGE = "MM2c3d4e5f60718293a4b5c6d7e8f90a1b";
const MEDIA = "ME3d4e5f60718293a4b5c6d7e8f90a1b2c";
const API = "https://api.twilio.test";

type Scripted = { status: number; body?: unknown; headers?: Record<string, string> } | "network-error";

function twilioAnswering(...answers: Scripted[]) {
  const requests: Array<{ method: string; url: string; authorization: string | null; at: number }> = [];
  const client = createDeletionClient({
    apiBaseUrl: API,
    accountSid: ACCOUNT,
    authToken: "token",
    fetch: async (input, init) => {
      requests.push({ method: String(init?.method), url: String(input), authorization: new Headers(init?.headers).get("authorization"), at: Date.now() });
      const answer = answers.shift() ?? { status: 500 };
      if (answer === "network-error") throw new TypeError("fetch failed");
      const body = answer.body === undefined ? null : JSON.stringify(answer.body);
      return new Response(body, { status: answer.status, headers: { "content-type": "application/json", ...answer.headers } });
    },
  });
  return { client, requests };
}

const policy = (attempts = 4, baseDelayMs = 20) => ({ attempts, baseDelayMs, deadline: Date.now() + 10_000 });
const notFinal = { status: 409, body: { code: 20009, message: "Cannot delete this resource before it is complete", status: 409 } };

describe("deleting Twilio's copies", () => {
  it("ADR-020.1 a message is deleted with DELETE on its resource, with the account's Basic auth", async () => {
    const { client, requests } = twilioAnswering({ status: 204 });
    expect(await client.deleteMessage(MESSAGE, policy())).toBe("deleted");
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: "DELETE", url: `${API}/2010-04-01/Accounts/${ACCOUNT}/Messages/${MESSAGE}.json` });
    expect(requests[0]!.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:token`).toString("base64")}`);
  });

  it("ADR-020.1 a media file is deleted with DELETE on its resource under its message", async () => {
    const { client, requests } = twilioAnswering({ status: 204 });
    expect(await client.deleteMedia(MESSAGE, MEDIA, policy())).toBe("deleted");
    expect(requests.map((r) => [r.method, r.url])).toEqual([["DELETE", `${API}/2010-04-01/Accounts/${ACCOUNT}/Messages/${MESSAGE}/Media/${MEDIA}.json`]]);
  });

  it("ADR-020.1 20009 (the message is not final yet) is retried with growing waits until Twilio accepts", async () => {
    const { client, requests } = twilioAnswering(notFinal, notFinal, { status: 204 });
    expect(await client.deleteMessage(MESSAGE, policy(4, 40))).toBe("deleted");
    expect(requests).toHaveLength(3);
    const waits = [requests[1]!.at - requests[0]!.at, requests[2]!.at - requests[1]!.at];
    expect(waits[0]).toBeGreaterThanOrEqual(35);
    expect(waits[1]).toBeGreaterThanOrEqual(75);
  });

  it("ADR-020.1 429, 5xx and a broken connection are retried too", async () => {
    const { client, requests } = twilioAnswering({ status: 429, body: { code: 20429, message: "Too Many Requests" } }, { status: 503 }, "network-error", { status: 204 });
    expect(await client.deleteMedia(MESSAGE, MEDIA, policy(5, 1))).toBe("deleted");
    expect(requests).toHaveLength(4);
  });

  it("ADR-020.1 404 means there is nothing left to delete, and is not retried", async () => {
    const { client, requests } = twilioAnswering({ status: 404, body: { code: 20404, message: "The requested resource was not found" } });
    expect(await client.deleteMessage(MESSAGE, policy())).toBe("already-gone");
    expect(requests).toHaveLength(1);
  });

  it("ADR-020.1 when the retries run out, the error names Twilio's status and code", async () => {
    const { client, requests } = twilioAnswering(notFinal, notFinal);
    const error = await client.deleteMessage(MESSAGE, policy(2, 1)).catch((e: unknown) => e);
    expect(requests).toHaveLength(2);
    expect(error).toBeInstanceOf(TwilioDeleteError);
    expect(error).toMatchObject({ status: 409, code: 20009 });
    expect(String((error as Error).message)).toContain("20009");
  });

  it("ADR-020.1 an error Twilio will not change its mind about (401, 403) is not retried", async () => {
    const { client, requests } = twilioAnswering({ status: 401, body: { code: 20003, message: "Authenticate" } });
    await expect(client.deleteMedia(MESSAGE, MEDIA, policy())).rejects.toMatchObject({ status: 401, code: 20003 });
    expect(requests).toHaveLength(1);
  });

  it("ADR-020.1 a SID that is not Twilio's shape is refused before any request", async () => {
    const { client, requests } = twilioAnswering({ status: 204 });
    await expect(client.deleteMessage("../Calls/CA1", policy())).rejects.toThrow(/not a message SID/);
    await expect(client.deleteMedia(MESSAGE, "ME1/../x", policy())).rejects.toThrow(/not a media SID/);
    expect(requests).toEqual([]);
  });
});

describe("a Twilio media URL", () => {
  it("ADR-020.1 names its message and media SIDs", () => {
    expect(parseMediaUrl(`https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/${MESSAGE}/Media/${MEDIA}`)).toEqual({
      accountSid: ACCOUNT,
      messageSid: MESSAGE,
      mediaSid: MEDIA,
    });
  });

  it("ADR-020.1 anything else is not a media URL", () => {
    for (const url of ["not a url", `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/${MESSAGE}`, `https://api.twilio.com/x/Messages/${MESSAGE}/Media/${MEDIA}/extra`]) {
      expect(parseMediaUrl(url)).toBeNull();
    }
  });
});
