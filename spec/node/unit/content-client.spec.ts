/**
 * ADR 028.7, the follow-up template's WhatsApp approval as `npm run doctor` reads it
 * (src/twilio/content-client.ts) in node, with a recording fetch: what is asked, how Twilio's
 * answers read, and that the client never throws past its constructor.
 */
import { describe, expect, it } from "vitest";
import { createContentClient } from "../../../src/twilio/content-client";
import { scriptedFetch } from "../../support/scripted-fetch";

const ACCOUNT = "AC00000000000000000000000000000000";
const TEMPLATE = `HX${"0123456789abcdef".repeat(2)}`;
const BASE = "https://content.twilio.test";

function client(...responses: Array<Response | Error>) {
  const { fetch, calls } = scriptedFetch(...responses);
  return { content: createContentClient({ baseUrl: BASE, accountSid: ACCOUNT, authToken: "tok", fetch }), calls };
}

describe("a template's approval", () => {
  it("ADR-028.7 GETs the template's ApprovalRequests with Basic auth and reads WhatsApp's status and rejection reason", async () => {
    const { content, calls } = client(
      Response.json({ sid: TEMPLATE, whatsapp: { status: "approved" } }),
      Response.json({ sid: TEMPLATE, whatsapp: { status: "rejected", rejection_reason: "INVALID_FORMAT" } }),
      Response.json({ sid: TEMPLATE, whatsapp: { status: "pending", rejection_reason: "" } }),
    );
    expect(await content.approval(TEMPLATE)).toEqual({ status: "approved" });
    expect(await content.approval(`HX${"0123456789ABCDEF".repeat(2)}`)).toEqual({ status: "rejected", rejectionReason: "INVALID_FORMAT" });
    expect(await content.approval(TEMPLATE)).toEqual({ status: "pending" });
    expect(calls[0]!.url).toBe(`${BASE}/v1/Content/${TEMPLATE}/ApprovalRequests`);
    expect(calls[0]!.init.headers).toEqual({ authorization: `Basic ${Buffer.from(`${ACCOUNT}:tok`).toString("base64")}`, accept: "application/json" });
    expect(calls[0]!.init.signal).toBeInstanceOf(AbortSignal);
  });

  it("ADR-028.7 a template never submitted for WhatsApp says so", async () => {
    const { content } = client(Response.json({ sid: TEMPLATE, whatsapp: null }), Response.json({ sid: TEMPLATE }));
    expect(await content.approval(TEMPLATE)).toEqual({ status: "not submitted for WhatsApp" });
    expect(await content.approval(TEMPLATE)).toEqual({ status: "not submitted for WhatsApp" });
  });

  it("ADR-028.7 a refusal gives Twilio's message and the HTTP status; a broken connection what broke; neither throws", async () => {
    const { content } = client(
      Response.json({ code: 20404, message: "The requested resource was not found" }, { status: 404 }),
      new Response("<html>bad gateway</html>", { status: 502 }),
      new TypeError("connection reset"),
    );
    expect(await content.approval(TEMPLATE)).toEqual({ error: "The requested resource was not found", httpStatus: 404 });
    expect(await content.approval(TEMPLATE)).toEqual({ error: "HTTP 502", httpStatus: 502 });
    expect(await content.approval(TEMPLATE)).toEqual({ error: "could not reach Twilio's Content API (connection reset)" });
  });

  it("ADR-028.7 anything but HX and 32 hex digits is refused before any request", async () => {
    const { content, calls } = client();
    for (const sid of ["", "HX", `HX${"0".repeat(31)}`, `HX${"0".repeat(33)}`, `MX${TEMPLATE.slice(2)}`, ` ${TEMPLATE}`, `${TEMPLATE}/x`, `HX${"g".repeat(32)}`]) {
      expect(await content.approval(sid), sid).toEqual({ error: "not a Content SID (HX and 32 hex digits)" });
    }
    expect(calls).toEqual([]);
  });

  it("ADR-028.7 is not made without a base URL or an account", () => {
    const { fetch } = scriptedFetch();
    expect(() => createContentClient({ baseUrl: "", accountSid: ACCOUNT, authToken: "tok", fetch })).toThrow("Twilio content client needs baseUrl and accountSid");
    expect(() => createContentClient({ baseUrl: BASE, accountSid: "", authToken: "tok", fetch })).toThrow("Twilio content client needs baseUrl and accountSid");
  });
});
