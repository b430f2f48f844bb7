/**
 * ADR 021.7: every refusal and failure is one structured log line with a stable `event` name,
 * and no log line carries a secret, a signature, a capability (summary or media link) or a
 * client's whole phone number. Each case provokes one failure through the Worker and reads what
 * it wrote to the console.
 */
import { env } from "cloudflare:workers";
import { HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import outsideWindow from "../fixtures/twilio/api/error-outside-window.json";
import { webhooks } from "../fixtures/twilio/webhooks";
import { writeConsultation, sid } from "./support/consultation";
import { answer, MESSAGES_PATH, network, OPENAI, sentMessages, TWILIO } from "./support/network";
import { bucketEnv } from "./support/recording-env";
import { AUTH_TOKEN, webhookRequest } from "./support/twilio";
import { dispatchWith, sendWebhook } from "./support/worker";

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  for (const level of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
  }
});
afterEach(() => vi.restoreAllMocks());

const CLIENT_NUMBER = "+5215512345678";
const secrets = () => [AUTH_TOKEN, env.OPENAI_API_KEY, env.LINK_SIGNING_SECRET, btoa(`${env.TWILIO_ACCOUNT_SID}:${AUTH_TOKEN}`)];

/** The events logged, each line parsed as one JSON object. */
function events(): Array<Record<string, unknown> & { event: string }> {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown> & { event: string });
}

function expectNothingSecret(extra: string[] = []): void {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    for (const secret of [...secrets(), ...extra]) expect([line, line.includes(secret)]).toEqual([line, false]);
    expect(line).not.toContain(CLIENT_NUMBER);
    expect(line).not.toMatch(/\/(summary|media)\/[A-Za-z0-9_-]{8,}/);
  }
}

const respondWith = (overrides: Record<string, unknown>, request: Request): Promise<Response> => dispatchWith({ ...env, ...overrides } as Env, request);

describe("logs that explain", () => {
  it("ADR-021.7 a refused signature logs signature_refused with the URL that was checked, never the token or the signature", async () => {
    const forged = "bm90LWEtcmVhbC1zaWduYXR1cmU=";
    const response = await respondWith({}, await webhookRequest(webhooks["text-es"], { signature: forged }));
    expect(response.status).toBe(403);
    expect(events()).toEqual([{ event: "signature_refused", url: "https://wa.example.com/whatsapp/incoming", signature: "present" }]);
    expectNothingSecret([forged]);
  });

  it("ADR-021.7 a setting missing or malformed logs config_invalid naming it and why, never its value", async () => {
    const response = await respondWith({ OPENAI_API_KEY: "sk-...", LINK_SIGNING_SECRET: "short-secret" }, await webhookRequest(webhooks["text-es"]));
    expect(response.status).toBe(503);
    expect(events()).toEqual([
      {
        event: "config_invalid",
        path: "/whatsapp/incoming",
        settings: [
          { name: "OPENAI_API_KEY", problem: "a placeholder, not a real value" },
          { name: "LINK_SIGNING_SECRET", problem: "too short (at least 16 characters)" },
        ],
      },
    ]);
    expectNothingSecret(["short-secret"]);
  });

  it("ADR-021.7 a send Twilio refuses logs twilio_send_refused with its code and what it means, the number redacted", async () => {
    network.use(answer("post", `${TWILIO}${MESSAGES_PATH}`, () => HttpResponse.json({ ...outsideWindow, message: `${outsideWindow.message} (To: whatsapp:${CLIENT_NUMBER})` }, { status: 400 })));
    await sendWebhook(webhooks["text-es"]);
    const refused = events().find((e) => e.event === "twilio_send_refused");
    expect(refused).toMatchObject({ event: "twilio_send_refused", status: 400, code: 63016, to: "whatsapp:+…5678" });
    expect(String(refused!.meaning)).toMatch(/24-hour window/);
    expectNothingSecret();
  });

  it("ADR-021.7 a model that fails logs model_failed, the client redacted", async () => {
    network.use(answer("post", `${OPENAI}/chat/completions`, () => HttpResponse.json({ error: { message: "The server had an error", type: "server_error" } }, { status: 500 })));
    await sendWebhook(webhooks["text-es"]);
    expect(events().map((e) => e.event)).toContain("model_failed");
    expect(events().find((e) => e.event === "model_failed")!.client).toBe("whatsapp:+…5678");
    expectNothingSecret();
  });

  it("ADR-021.7 a photo that cannot be fetched logs media_not_received with the message, the attachment and why", async () => {
    network.use(answer("get", webhooks.photo.MediaUrl0, () => new Response(null, { status: 503 })));
    await sendWebhook(webhooks.photo);
    const media = events().find((e) => e.event === "media_not_received");
    expect(media).toEqual({ event: "media_not_received", client: "whatsapp:+…5678", sid: webhooks.photo.MessageSid, index: 0, detail: "unavailable: HTTP 503" });
    expectNothingSecret();
  });

  it("ADR-021.7 a media URL of another message logs media_refused with the message, the attachment and why", async () => {
    const elsewhere = webhooks.photo.MediaUrl0.replace(webhooks.photo.MessageSid, webhooks["voice-note"].MessageSid);
    await sendWebhook({ ...webhooks.photo, MediaUrl0: elsewhere });
    const refused = events().find((e) => e.event === "media_refused");
    expect(refused).toEqual({ event: "media_refused", client: "whatsapp:+…5678", sid: webhooks.photo.MessageSid, index: 0, detail: "not a media URL of this message" });
    expectNothingSecret();
  });

  it("ADR-021.7 a client's message whose console listing cannot be written logs activity_not_recorded, and is answered all the same", async () => {
    const listingDown = bucketEnv({ put: (real) => (key, value, options) => (key.startsWith("console/clients/") ? Promise.reject(new Error("R2 is down")) : real(key, value, options)) });
    const response = await dispatchWith(listingDown, await webhookRequest(webhooks["text-es"]));
    expect(response.status).toBe(200);
    expect(events().filter((e) => e.event === "activity_not_recorded")).toEqual([{ event: "activity_not_recorded", error: "Error: R2 is down" }]);
    expect(sentMessages()).toHaveLength(1);
    expectNothingSecret();
  });

  it("ADR-021.7 an unhandled failure on the summary page logs the route's pattern, never the capability in its path", async () => {
    const { id } = await writeConsultation([{ sid: sid(), at: "2026-11-20T10:00:00.000Z", body: "Hola" }]);
    const broken = { get: () => Promise.reject(new Error("KV is down")), list: () => Promise.reject(new Error("KV is down")) };
    const response = await respondWith({ CHAT_HISTORY: broken, MEDIA_BUCKET: broken }, new Request(`https://wa.example.com/summary/${id}`));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: "temporarily unavailable" });
    expect(events()).toEqual([{ event: "unhandled", route: "/summary/:conversationId", error: "Error: KV is down" }]);
    expectNothingSecret([id]);
  });

  it("ADR-030.4 an answer that went out logs answer_sent, the client redacted, with Twilio's SIDs and none of its words", async () => {
    await sendWebhook(webhooks["text-es"]);
    const sent = events().filter((e) => e.event === "answer_sent");
    expect(sent).toEqual([{ event: "answer_sent", client: "whatsapp:+…5678", seq: 1, source: "model", parts: 1, of: 1, twilioSids: [expect.stringMatching(/^SM[0-9a-f]{32}$/)] }]);
    const reply = sentMessages()[0]!.Body!;
    for (const line of lines) expect(line).not.toContain(reply.slice(0, 20));
    expect(lines.join("\n")).not.toContain(webhooks["text-es"].Body);
    expectNothingSecret();
  });

  it("ADR-030.4 an answer Twilio refused leaves no answer_sent line", async () => {
    network.use(answer("post", `${TWILIO}${MESSAGES_PATH}`, () => HttpResponse.json(outsideWindow, { status: 400 })));
    await sendWebhook(webhooks["text-es"]);
    expect(events().filter((e) => e.event === "answer_sent")).toEqual([]);
    expectNothingSecret();
  });
});
