/**
 * ADR 016.6, Twilio's typing indicator (src/twilio/typing-indicator.ts) in node, with a recording
 * fetch: the one request it makes, and that it reports, never throws, whatever Twilio answers.
 */
import { describe, expect, it } from "vitest";
import { createTypingIndicator } from "../../../src/twilio/typing-indicator";
import { scriptedFetch } from "../../support/scripted-fetch";

const ACCOUNT = "AC00000000000000000000000000000000";
const MESSAGE = `SM${"0123456789abcdef".repeat(2)}`;
const BASE = "https://messaging.twilio.test";

function indicator(...responses: Array<Response | Error>) {
  const { fetch, calls } = scriptedFetch(...responses);
  return { typing: createTypingIndicator({ messagingBaseUrl: BASE, accountSid: ACCOUNT, authToken: "tok", fetch, timeoutMs: 300 }), calls };
}

describe("the typing indicator", () => {
  it("ADR-016.6 POSTs messageId and channel=whatsapp as a form with Basic auth; a 2xx is shown", async () => {
    const { typing, calls } = indicator(Response.json({ success: true }));
    expect(await typing.show(MESSAGE)).toEqual({ ok: true });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`${BASE}/v2/Indicators/Typing.json`);
    expect(calls[0]!.init.method).toBe("POST");
    expect(calls[0]!.init.headers).toEqual({
      authorization: `Basic ${Buffer.from(`${ACCOUNT}:tok`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    });
    expect(Object.fromEntries(new URLSearchParams(String(calls[0]!.init.body)))).toEqual({ messageId: MESSAGE, channel: "whatsapp" });
  });

  it("ADR-016.6 a refusal or a broken connection is reported with why, never thrown", async () => {
    const { typing } = indicator(Response.json({ code: 20003 }, { status: 401 }), new TypeError("connection reset"));
    expect(await typing.show(MESSAGE)).toEqual({ ok: false, reason: "HTTP 401" });
    expect(await typing.show(MESSAGE)).toEqual({ ok: false, reason: "network error: TypeError: connection reset" });
  });

  it("ADR-016.6 is not made without a messaging base URL or an account", () => {
    const { fetch } = scriptedFetch();
    const needs = "Twilio typing indicator needs messagingBaseUrl and accountSid";
    expect(() => createTypingIndicator({ messagingBaseUrl: "", accountSid: ACCOUNT, authToken: "tok", fetch, timeoutMs: 300 })).toThrow(needs);
    expect(() => createTypingIndicator({ messagingBaseUrl: BASE, accountSid: "", authToken: "tok", fetch, timeoutMs: 300 })).toThrow(needs);
  });
});
