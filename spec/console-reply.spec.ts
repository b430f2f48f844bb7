/**
 * ADR 028.5, 028.6, 028.7: the stylist writes to the client herself. One Messages API send per
 * idempotency key, from the business number, with the status callback, split like an answer in at
 * most 3 parts, recorded and shown as hers with its delivery; 409 and nothing sent when the client
 * opted out or the 24-hour window is closed. After a resume the model reads her words as hers.
 * The follow-up template goes out as ContentSid and ContentVariables, without a Body.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { storageOf } from "../src/storage/bucket";
import { readAnswers } from "../src/storage/conversation";
import { accessTeam, consoleFetch, STYLIST_EMAIL } from "./support/access";
import { clientMessage, CONSOLE_CLIENT, conversationIdOf } from "./support/console";
import { chatRequests, sentMessages } from "./support/network";
import { clock, sendWebhook } from "./support/worker";

const store = storageOf(env);
const FOLLOW_UP_SID = `HX${"0123456789abcdef".repeat(2)}`;

async function clientWithConsultation() {
  const team = await accessTeam();
  await sendWebhook(clientMessage("Hola, quiero una consulta"));
  return { team, id: await conversationIdOf(), sent: sentMessages().length };
}

describe("replying as the stylist", () => {
  it("ADR-028.5 a reply goes out once, from the business number, with the status callback, and is recorded as hers", async () => {
    const { team, id, sent } = await clientWithConsultation();
    const response = await consoleFetch(team, `/console/c/${id}/reply`, await team.token(), { form: { text: "Hola Mariana, soy Tata. Te espero el martes.", key: "reply-key-0001" } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/console/c/${id}`);
    expect(sentMessages(true).slice(sent)).toEqual([
      { To: CONSOLE_CLIENT, From: "whatsapp:+14155238886", Body: "Hola Mariana, soy Tata. Te espero el martes.", StatusCallback: "https://wa.example.com/whatsapp/status" },
    ]);
    const answer = (await readAnswers(store, CONSOLE_CLIENT)).at(-1)!;
    expect(answer.claim).toMatchObject({ stylist: STYLIST_EMAIL, covers: [] });
    expect(answer.reply).toMatchObject({ outcome: "send", source: "stylist", parts: 1 });
    expect(answer.parts).toMatchObject([{ status: "sent" }]);
    const page = await (await consoleFetch(team, `/console/c/${id}`, await team.token())).text();
    expect(page).toMatch(/class="turn assistant stylist"><p class="meta"><bdi>Tata Oro<\/bdi>[^]*?data-delivery="sent"[^]*?Te espero el martes/);
  });

  it("ADR-028.5 the same idempotency key twice (header or form field): one send", async () => {
    const { team, id, sent } = await clientWithConsultation();
    for (let i = 0; i < 2; i++) {
      expect((await consoleFetch(team, `/console/c/${id}/reply`, await team.token(), { form: { text: "Una vez", key: "same-key-0001" } })).status).toBe(303);
      expect((await consoleFetch(team, `/console/c/${id}/reply`, await team.token(), { form: { text: "Otra vez" }, headers: { "idempotency-key": "same-key-0002" } })).status).toBe(303);
    }
    expect(sentMessages().slice(sent).map((m) => m.Body)).toEqual(["Una vez", "Otra vez"]);
  });

  it("ADR-028.5 without an idempotency key, or with an empty text: 400 and nothing sent", async () => {
    const { team, id, sent } = await clientWithConsultation();
    expect((await consoleFetch(team, `/console/c/${id}/reply`, await team.token(), { form: { text: "Hola" } })).status).toBe(400);
    expect((await consoleFetch(team, `/console/c/${id}/reply`, await team.token(), { form: { text: "  ", key: "empty-key-0001" } })).status).toBe(400);
    expect(sentMessages()).toHaveLength(sent);
  });

  it("ADR-028.5 a long text splits like an answer, in at most 3 messages", async () => {
    const { team, id, sent } = await clientWithConsultation();
    const text = Array.from({ length: 120 }, (_, i) => `Frase ${i} de Tata sobre tus rizos y su cuidado diario.`).join(" ");
    expect((await consoleFetch(team, `/console/c/${id}/reply`, await team.token(), { form: { text, key: "long-key-0001" } })).status).toBe(303);
    const parts = sentMessages().slice(sent);
    expect(parts).toHaveLength(3);
    for (const part of parts) expect(part.Body!.length).toBeLessThanOrEqual(1600);
  });

  it("ADR-028.5 a client who opted out: 409 and nothing sent", async () => {
    const { team, id } = await clientWithConsultation();
    await sendWebhook(clientMessage("STOP"));
    const sent = sentMessages().length;
    expect((await consoleFetch(team, `/console/c/${id}/reply`, await team.token(), { form: { text: "Hola", key: "stop-key-0001" } })).status).toBe(409);
    expect(sentMessages()).toHaveLength(sent);
  });

  it("ADR-028.5 the 24-hour window closed (the client's last message 24 h ago): 409 and nothing sent", async () => {
    const { team, id, sent } = await clientWithConsultation();
    await clock.manual(async () => {
      await clock.advance(24 * 3600_000 - 60_000);
      expect((await consoleFetch(team, `/console/c/${id}/reply`, await team.token(), { form: { text: "Aún a tiempo", key: "window-key-01" } })).status).toBe(303);
      await clock.advance(61_000);
      expect((await consoleFetch(team, `/console/c/${id}/reply`, await team.token(), { form: { text: "Tarde", key: "window-key-02" } })).status).toBe(409);
      expect(sentMessages().slice(sent).map((m) => m.Body)).toEqual(["Aún a tiempo"]);
    });
  });

  it("ADR-028.6 after a pause, her reply and a resume, the model's request has her reply, marked as hers, and the messages of the pause", async () => {
    const { team, id } = await clientWithConsultation();
    await consoleFetch(team, `/console/c/${id}/pause`, await team.token(), { form: {} });
    await sendWebhook(clientMessage("¿Puedo ir el martes?"));
    await consoleFetch(team, `/console/c/${id}/reply`, await team.token(), { form: { text: "Sí, el martes a las 10 te espero.", key: "resume-key-01" } });
    await consoleFetch(team, `/console/c/${id}/resume`, await team.token(), { form: {} });
    const calls = chatRequests().length;
    await sendWebhook(clientMessage("¡Gracias! ¿Qué llevo?"));
    expect(chatRequests()).toHaveLength(calls + 1);
    const messages = chatRequests().at(-1)!.messages;
    const hers = messages.find((m) => typeof m.content === "string" && m.content.includes("Sí, el martes a las 10 te espero."));
    expect(hers).toEqual({ role: "assistant", content: "[Tata Oro wrote this to the client herself, from her console]\nSí, el martes a las 10 te espero." });
    expect(messages.some((m) => m.role === "user" && JSON.stringify(m.content).includes("¿Puedo ir el martes?"))).toBe(true);
  });
});

describe("the follow-up template", () => {
  const withTemplate = (team: Awaited<ReturnType<typeof accessTeam>>) => ({ ...team, env: { ...team.env, TWILIO_FOLLOW_UP_CONTENT_SID: FOLLOW_UP_SID } });

  it("ADR-028.7 sends ContentSid and ContentVariables (the client's first name) and no Body, even after the window", async () => {
    const { team, id, sent } = await clientWithConsultation();
    await clock.manual(async () => {
      await clock.advance(3 * 24 * 3600_000);
      const response = await consoleFetch(withTemplate(team), `/console/c/${id}/follow-up`, await team.token(), { form: { key: "follow-key-0001" } });
      expect(response.status).toBe(303);
      expect(sentMessages(true).slice(sent)).toEqual([
        { To: CONSOLE_CLIENT, From: "whatsapp:+14155238886", ContentSid: FOLLOW_UP_SID, ContentVariables: JSON.stringify({ 1: "Mariana" }), StatusCallback: "https://wa.example.com/whatsapp/status" },
      ]);
    });
  });

  it("ADR-028.7 a client who opted out: 409 and nothing sent", async () => {
    const { team, id } = await clientWithConsultation();
    await sendWebhook(clientMessage("BAJA"));
    const sent = sentMessages().length;
    expect((await consoleFetch(withTemplate(team), `/console/c/${id}/follow-up`, await team.token(), { form: {} })).status).toBe(409);
    expect(sentMessages()).toHaveLength(sent);
  });

  it("ADR-028.7 without TWILIO_FOLLOW_UP_CONTENT_SID: 503 naming it, nothing sent", async () => {
    const { team, id, sent } = await clientWithConsultation();
    const response = await consoleFetch(team, `/console/c/${id}/follow-up`, await team.token(), { form: {} });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("TWILIO_FOLLOW_UP_CONTENT_SID");
    expect(sentMessages()).toHaveLength(sent);
  });
});

