/**
 * ADR 010.3: pull, not push. Over a whole consultation the Worker's only outgoing messages are
 * its replies to the client who wrote, through Twilio's Messages API; everything else it calls
 * is a read or a request to the model. The stylist gets nothing pushed: the hand-off is a wa.me
 * link the client may tap, and the summary a page that is read when opened.
 */
import { describe, expect, it } from "vitest";
import { CLIENT, runFullConsultation } from "./support/full-consultation";
import { calls, MEDIA_RESOURCE, MESSAGE_RESOURCE, MESSAGES_PATH, OPENAI, sentMessages, TWILIO, TYPING_URL } from "./support/network";
import { dispatch } from "./support/worker";

const send = async (request: Request) => {
  const { response, settled } = await dispatch(request);
  await settled;
  return response;
};

/** What each allowed outbound call is for. */
function purposeOf(call: { method: string; url: string }): string {
  const url = call.url.split("?")[0]!;
  if (url.startsWith("data:")) return "local probe"; // the openai SDK's FormData check: fetch("data:,") never leaves the isolate
  if (call.method === "POST" && url === `${TWILIO}${MESSAGES_PATH}`) return "reply";
  if (call.method === "POST" && (url === `${OPENAI}/chat/completions` || url === `${OPENAI}/audio/transcriptions`)) return "model";
  if (call.method === "GET" && url.startsWith(`${TWILIO}/2010-04-01/Accounts/`) && url.includes("/Media/")) return "media download";
  if (call.method === "DELETE" && (MEDIA_RESOURCE.test(url) || MESSAGE_RESOURCE.test(url))) return "deletion of Twilio's copy";
  if (call.method === "POST" && url === TYPING_URL) return "typing indicator on the client's own message";
  return "NOT ALLOWED";
}

describe("pull, not push", () => {
  it("ADR-010.3 every outbound call of a consultation is a reply to the client, a model request, a media download, the deletion of Twilio's copy or \"typing…\" on the client's message", async () => {
    await runFullConsultation(send);
    expect(calls.filter((c) => purposeOf(c) === "NOT ALLOWED").map((c) => `${c.method} ${c.url}`)).toEqual([]);
    for (const purpose of ["reply", "model", "media download", "deletion of Twilio's copy", "typing indicator on the client's own message"]) expect(calls.map(purposeOf)).toContain(purpose);
  });

  it("ADR-010.3 every message the Worker sends goes to the client who wrote, never to the stylist", async () => {
    await runFullConsultation(send);
    const sent = sentMessages();
    expect(sent.length).toBeGreaterThanOrEqual(6);
    expect(new Set(sent.map((m) => m.To))).toEqual(new Set([CLIENT]));
  });

  it("ADR-010.3 the hand-off reaches the stylist only as a wa.me link in the client's reply", async () => {
    await runFullConsultation(send);
    const handoff = sentMessages().find((m) => m.Body?.includes("https://wa.me/"));
    expect(handoff?.To).toBe(CLIENT);
    expect(handoff!.Body).toMatch(/https:\/\/wa\.me\/15550001111\?text=/);
    expect(calls.filter((c) => c.url.includes("15550001111")).map((c) => c.url)).toEqual([]);
  });

  it("ADR-010.3 opening the summary page calls nothing outside the Worker", async () => {
    const { summaryUrl } = await runFullConsultation(send);
    calls.length = 0;
    const page = await send(new Request(summaryUrl));
    expect(page.status).toBe(200);
    expect(calls).toEqual([]);
  });
});
