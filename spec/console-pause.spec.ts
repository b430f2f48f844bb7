/**
 * ADR 028.4: the stylist pauses the assistant for a client and resumes it. While paused the
 * client's messages are recorded and shown, with no model call, no "typing…" and no answer; the
 * client's commands still work; an answer being written or sent when the pause lands never goes
 * out, nor any part of it not yet sent.
 */
import { env } from "cloudflare:workers";
import { HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import { readPause, recordPause } from "../src/storage/console-records";
import { storageOf } from "../src/storage/bucket";
import { readAnswers } from "../src/storage/conversation";
import { accessTeam, consoleFetch, STYLIST_EMAIL } from "./support/access";
import { clientMessage, CONSOLE_CLIENT, conversationIdOf } from "./support/console";
import { parseHtml } from "./support/html";
import { answer, chatRequests, holdModelAnswers, MESSAGES_PATH, network, OPENAI, sentMessages, TWILIO, typingCalls } from "./support/network";
import { webhookRequest } from "./support/twilio";
import { clock, dispatch, sendWebhook } from "./support/worker";

const store = storageOf(env);

async function pausedClient() {
  const team = await accessTeam();
  await sendWebhook(clientMessage("Hola, quiero una consulta"));
  const id = await conversationIdOf();
  const response = await consoleFetch(team, `/console/c/${id}/pause`, await team.token(), { form: {} });
  return { team, id, response };
}

describe("pause and resume", () => {
  it("ADR-028.4 a pause is recorded once, with the stylist's email, and the form goes back to the page (303)", async () => {
    const { team, id, response } = await pausedClient();
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/console/c/${id}`);
    expect(await readPause(store, CONSOLE_CLIENT)).toMatchObject({ paused: true });
    const events = await env.MEDIA_BUCKET.list({ prefix: `console/pauses/${CONSOLE_CLIENT}/` });
    expect(events.objects).toHaveLength(1);
    expect(JSON.parse(await (await env.MEDIA_BUCKET.get(events.objects[0]!.key))!.text())).toMatchObject({ by: STYLIST_EMAIL, choice: "paused" });
    // A second pause changes nothing.
    expect((await consoleFetch(team, `/console/c/${id}/pause`, await team.token(), { form: {} })).status).toBe(303);
    expect((await env.MEDIA_BUCKET.list({ prefix: `console/pauses/${CONSOLE_CLIENT}/` })).objects).toHaveLength(1);
    const page = await (await consoleFetch(team, `/console/c/${id}`, await team.token())).text();
    expect(page).toContain('data-paused="true"');
    expect(page).toContain(`action="/console/c/${id}/resume"`);
  });

  it("ADR-028.4 the consultation page says who answers the client, with the one button that changes it", async () => {
    const team = await accessTeam();
    await sendWebhook(clientMessage("Hola, quiero una consulta"));
    const id = await conversationIdOf();
    const controls = async () => {
      const html = await (await consoleFetch(team, `/console/c/${id}`, await team.token())).text();
      const { elements, texts } = await parseHtml(html, ["p[data-paused]", "section.controls form:first-of-type button"]);
      return { says: texts["p[data-paused]"], action: elements.find((e) => e.tag === "form")?.attributes.action, button: texts["section.controls form:first-of-type button"] };
    };
    expect(await controls()).toEqual({ says: ["The assistant answers this client."], action: `/console/c/${id}/pause`, button: ["Pause the assistant"] });
    await consoleFetch(team, `/console/c/${id}/pause`, await team.token(), { form: {} });
    expect(await controls()).toEqual({ says: ["The assistant is paused for this client: you answer."], action: `/console/c/${id}/resume`, button: ["Resume the assistant"] });
  });

  it("ADR-028.4 while paused a message is recorded and shown, with no model call, no typing indicator and no answer", async () => {
    const { team, id } = await pausedClient();
    const calls = { chat: chatRequests().length, sent: sentMessages().length, typing: typingCalls().length };
    await sendWebhook(clientMessage("¿Hay alguien ahí?"));
    await sendWebhook(clientMessage("Te mando otra pregunta"));
    expect(chatRequests()).toHaveLength(calls.chat);
    expect(sentMessages()).toHaveLength(calls.sent);
    expect(typingCalls()).toHaveLength(calls.typing);
    const page = await (await consoleFetch(team, `/console/c/${id}`, await team.token())).text();
    expect(page).toContain("¿Hay alguien ahí?");
    const summary = await (await dispatch(new Request(`https://wa.example.com/summary/${id}`))).response.text();
    expect(summary).toContain("Te mando otra pregunta");
  });

  it("ADR-028.4 while paused the client's commands still work (summary)", async () => {
    await pausedClient();
    const sent = sentMessages().length;
    await sendWebhook(clientMessage("resumen"));
    expect(sentMessages()).toHaveLength(sent + 1);
    expect(sentMessages().at(-1)!.Body).toContain("/summary/");
  });

  it("ADR-028.4 a pause landing while the model is writing the answer: the answer never goes out", async () => {
    const team = await accessTeam();
    await sendWebhook(clientMessage("Hola"));
    const id = await conversationIdOf();
    const sentBefore = sentMessages().length;
    const { release } = holdModelAnswers();
    const job = await dispatch(await webhookRequest(clientMessage("Tengo el cabello rizado")));
    await vi.waitFor(() => expect(chatRequests().length).toBeGreaterThanOrEqual(2), { timeout: 20_000, interval: 20 });
    expect((await consoleFetch(team, `/console/c/${id}/pause`, await team.token(), { form: {} })).status).toBe(303);
    release();
    await job.settled;
    expect(sentMessages()).toHaveLength(sentBefore);
    const last = (await readAnswers(store, CONSOLE_CLIENT)).at(-1)!;
    expect(last.reply).toMatchObject({ outcome: "silent", reason: "paused by the stylist" });
  });

  it("ADR-028.4 a pause landing while a long answer is being sent: no part after it goes out", async () => {
    const long = Array.from({ length: 40 }, (_, i) => `Frase número ${i} sobre el cuidado de los rizos, con bastante detalle para llenar espacio.`).join(" ");
    network.use(
      answer("post", `${OPENAI}/chat/completions`, () =>
        HttpResponse.json({ ...chatCompletion, choices: [{ ...chatCompletion.choices[0]!, message: { ...chatCompletion.choices[0]!.message, content: long } }] }),
      ),
      answer("post", `${TWILIO}${MESSAGES_PATH}`, async () => {
        // The stylist's pause lands right after Twilio took the first part.
        await recordPause(store, CONSOLE_CLIENT, { at: new Date(clock.now()).toISOString(), id: "race", choice: "paused", by: STYLIST_EMAIL });
        return HttpResponse.json({ sid: `SM${"7".repeat(32)}`, status: "queued" }, { status: 201 });
      }),
    );
    await sendWebhook(clientMessage("Cuéntame todo sobre mis rizos"));
    expect(sentMessages()).toHaveLength(1);
    const last = (await readAnswers(store, CONSOLE_CLIENT)).at(-1)!;
    expect(last.reply).toMatchObject({ outcome: "send", parts: 3 });
    expect(last.parts.map((p) => [p.status, p.error ?? null])).toEqual([["sent", null], ["failed", "paused by the stylist"]]);
  });

  it("ADR-028.4 after resume the assistant answers the client's next message", async () => {
    const { team, id } = await pausedClient();
    await sendWebhook(clientMessage("¿Sigues ahí?"));
    const sent = sentMessages().length;
    expect((await consoleFetch(team, `/console/c/${id}/resume`, await team.token(), { form: {} })).status).toBe(303);
    expect(await readPause(store, CONSOLE_CLIENT)).toEqual({ paused: false });
    await sendWebhook(clientMessage("Hola de nuevo"));
    expect(sentMessages()).toHaveLength(sent + 1);
  });
});
