/**
 * ADR 028.5, 028.6, 028.7: the stylist writes to the client herself. One Messages API send per
 * idempotency key, from the business number, with the status callback, split like an answer in at
 * most 3 parts, recorded and shown as hers with its delivery; 409 and nothing sent when the client
 * opted out or the 24-hour window is closed. After a resume the model reads her words as hers.
 * The follow-up template goes out as ContentSid and ContentVariables, without a Body.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { storageOf } from "../src/storage/bucket";
import { readAnswers, readFolders } from "../src/storage/conversation";
import { accessTeam, consoleFetch, consoleRequest, STYLIST_EMAIL, type AccessTeam } from "./support/access";
import { clientMessage, CONSOLE_CLIENT, consoleNotice, conversationIdOf } from "./support/console";
import { HttpResponse } from "msw";
import { answer, chatRequests, MESSAGES_PATH, network, sentMessages, TWILIO } from "./support/network";
import { parseHtml } from "./support/html";
import { bucketEnv } from "./support/recording-env";
import { clock, dispatchWith, sendWebhook } from "./support/worker";

const store = storageOf(env);
const FOLLOW_UP_SID = `HX${"0123456789abcdef".repeat(2)}`;
const withTemplate = (team: AccessTeam) => ({ ...team, env: { ...team.env, TWILIO_FOLLOW_UP_CONTENT_SID: FOLLOW_UP_SID } });

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
    // Recorded as hers, reading as the template and its variables.
    expect((await readAnswers(store, CONSOLE_CLIENT)).at(-1)!.reply).toEqual({
      v: 1,
      seq: 2,
      outcome: "send",
      decidedAt: expect.any(String),
      source: "stylist",
      text: `[follow-up template ${FOLLOW_UP_SID} {"1":"Mariana"}]`,
      parts: 1,
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


const reply = (team: AccessTeam, id: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  team.token().then((token) => consoleFetch(team, `/console/c/${id}/reply`, token, { form, headers }));

describe("the consultation page's controls", () => {
  const controlsOf = async (team: AccessTeam, id: string) => {
    const html = await (await consoleFetch(team, `/console/c/${id}`, await team.token())).text();
    const { elements, texts } = await parseHtml(html, ["section.controls p.note"]);
    const forms = elements.filter((e) => e.tag === "form").map((e) => e.attributes.action);
    return { forms, notes: texts["section.controls p.note"], keys: elements.filter((e) => e.tag === "input" && e.attributes.name === "key").map((e) => e.attributes.value!) };
  };

  it("ADR-028.8 a reply form while the window is open, the follow-up form only with a template set, neither for a client who opted out", async () => {
    const { team, id } = await clientWithConsultation();
    expect(await controlsOf(team, id)).toMatchObject({ forms: [`/console/c/${id}/pause`, `/console/c/${id}/reply`], notes: [] });
    expect((await controlsOf(withTemplate(team), id)).forms).toEqual([`/console/c/${id}/pause`, `/console/c/${id}/reply`, `/console/c/${id}/follow-up`]);
    await sendWebhook(clientMessage("STOP"));
    expect(await controlsOf(withTemplate(team), id)).toMatchObject({ forms: [`/console/c/${id}/pause`], notes: ["The client opted out: nothing can be sent."] });
  });

  it("ADR-028.8 the reply form until the client's last message is 24 h old, then the note that only a template may go out", async () => {
    const { team, id } = await clientWithConsultation();
    const { inbound } = await readFolders(store, CONSOLE_CLIENT, ["messages/"]);
    const last = Date.parse(inbound.at(-1)!.receivedAt);
    await clock.manual(async () => {
      await clock.advance(last + 24 * 3600_000 - 1 - clock.now());
      expect(await controlsOf(team, id)).toMatchObject({ forms: [`/console/c/${id}/pause`, `/console/c/${id}/reply`], notes: [] });
      await clock.advance(1);
      expect(await controlsOf(team, id)).toMatchObject({
        forms: [`/console/c/${id}/pause`],
        notes: ["The client's last message is more than 24 hours old: WhatsApp allows only an approved template now."],
      });
      const sent = sentMessages().length;
      expect(await consoleNotice(await reply(team, id, { text: "Justo a las 24 h", key: "window-key-24h" }))).toEqual({
        status: 409,
        title: "Not sent",
        text: "The client's last message is more than 24 hours old: WhatsApp allows only an approved template. Nothing was sent.",
      });
      expect(sentMessages()).toHaveLength(sent);
    });
  });

  it("ADR-028.5 the page's forms each carry a fresh key: the reply and the follow-up, each posted twice as rendered, go out once", async () => {
    const { team, id, sent } = await clientWithConsultation();
    const templated = withTemplate(team);
    const [replyKey, followUpKey] = (await controlsOf(templated, id)).keys;
    expect(replyKey).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
    expect(followUpKey).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
    expect(followUpKey).not.toBe(replyKey);
    for (let i = 0; i < 2; i++) {
      expect((await reply(templated, id, { key: replyKey!, text: "Hola, soy Tata" })).status).toBe(303);
      expect((await consoleFetch(templated, `/console/c/${id}/follow-up`, await team.token(), { form: { key: followUpKey! } })).status).toBe(303);
    }
    expect(sentMessages().slice(sent).map((m) => m.Body ?? m.ContentSid)).toEqual(["Hola, soy Tata", FOLLOW_UP_SID]);
  });
});

describe("refused sends say why and send nothing", () => {
  it("ADR-028.5 no key, no text field, a file for the text, a form over 32 KiB: 400; a form of exactly 32 KiB is read", async () => {
    const { team, id, sent } = await clientWithConsultation();
    expect(await consoleNotice(await reply(team, id, { text: "Hola" }))).toEqual({ status: 400, title: "Not sent", text: "An idempotency key (8 to 128 letters, digits, - or _) is needed." });
    expect(await consoleNotice(await reply(team, id, { key: "no-text-key-01" }))).toEqual({ status: 400, title: "Not sent", text: "The message is empty." });
    const multipart = new FormData();
    multipart.set("key", "file-text-key-01");
    multipart.set("text", new File(["Hola desde un archivo"], "hola.txt", { type: "text/plain" }));
    const asFile = new Request(consoleRequest(`/console/c/${id}/reply`, await team.token(), { method: "POST" }), { body: multipart });
    expect(await consoleNotice(await dispatchWith(team.env, asFile))).toEqual({ status: 400, title: "Not sent", text: "The message is empty." });
    const formOf = (bytes: number) => {
      const head = "key=size-key-0001&text=";
      return head + "a".repeat(bytes - head.length);
    };
    const sized = async (body: string) =>
      dispatchWith(team.env, new Request(consoleRequest(`/console/c/${id}/reply`, await team.token(), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(body.length) } }), { body }));
    expect(await consoleNotice(await sized(formOf(32 * 1024 + 1)))).toEqual({ status: 400, title: "Not sent", text: "The form could not be read." });
    expect(sentMessages()).toHaveLength(sent);
    expect((await sized(formOf(32 * 1024))).status).toBe(303);
    expect(sentMessages().length).toBeGreaterThan(sent);
  });

  it("ADR-028.5 without the Twilio account's settings (any one of them): 503 naming them all, nothing sent; a follow-up names its template too", async () => {
    const { team, id, sent } = await clientWithConsultation();
    for (const name of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_NUMBER"]) {
      const without = { ...team, env: { ...team.env, [name]: "" } };
      expect(await consoleNotice(await reply(without, id, { text: "Hola", key: `config-key-${name}` })), name).toEqual({
        status: 503,
        title: "Not configured",
        text: "Not set: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_NUMBER.",
      });
    }
    const noTwilio = { ...team, env: { ...team.env, TWILIO_ACCOUNT_SID: "" } };
    expect(await consoleNotice(await consoleFetch(noTwilio, `/console/c/${id}/follow-up`, await team.token(), { form: {} }))).toEqual({
      status: 503,
      title: "Not configured",
      text: "Not set: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_NUMBER, TWILIO_FOLLOW_UP_CONTENT_SID.",
    });
    expect(sentMessages()).toHaveLength(sent);
  });

  it("ADR-028.5 a client who opted out: the refusal says so", async () => {
    const { team, id } = await clientWithConsultation();
    await sendWebhook(clientMessage("STOP"));
    expect(await consoleNotice(await reply(team, id, { text: "Hola", key: "stop-key-0002" }))).toEqual({ status: 409, title: "Not sent", text: "The client opted out of messages: nothing was sent." });
  });
});

describe("the follow-up's first name", () => {
  const followUpName = async (team: AccessTeam, id: string, key: string) => {
    expect((await consoleFetch(withTemplate(team), `/console/c/${id}/follow-up`, await team.token(), { form: { key } })).status).toBe(303);
    return JSON.parse(sentMessages().at(-1)!.ContentVariables!)["1"];
  };
  const named = (body: string, profileName?: string) => {
    const { ProfileName: _, ...message } = clientMessage(body);
    return profileName === undefined ? message : { ...message, ProfileName: profileName };
  };

  it("ADR-028.7 the first word of the client's latest profile name (blank ones skipped, spaces trimmed), hola without one", async () => {
    const team = await accessTeam();
    await sendWebhook(named("Hola, quiero una consulta"));
    const id = await conversationIdOf();
    expect(await followUpName(team, id, "name-key-0001")).toBe("hola");
    await sendWebhook(named("Soy yo", "Mari"));
    await sendWebhook(named("Cambié mi nombre", "  Mariana   López "));
    await sendWebhook(named("Sin nombre ahora", "   "));
    expect(await followUpName(team, id, "name-key-0002")).toBe("Mariana");
  });
});

describe("the console's log", () => {
  let lines: string[] = [];
  beforeEach(() => {
    lines = [];
    for (const level of ["log", "info", "warn", "error"] as const) vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
  });
  afterEach(() => vi.restoreAllMocks());
  const actions = () => lines.map((l) => { try { return JSON.parse(l); } catch { return {}; } }).filter((e) => e.event === "console_action");

  it("ADR-028.2 each action is logged as console_action with the stylist's email, the client's last 4 digits and, for a send, its outcome", async () => {
    const { team, id } = await clientWithConsultation();
    await consoleFetch(team, `/console/c/${id}/pause`, await team.token(), { form: {} });
    await reply(team, id, { text: "Hola, soy Tata", key: "log-key-00001" });
    await consoleFetch(team, `/console/c/${id}/resume`, await team.token(), { form: {} });
    expect(actions()).toEqual([
      { event: "console_action", action: "paused", client: "whatsapp:+…5678", by: STYLIST_EMAIL },
      { event: "console_action", action: "reply", client: "whatsapp:+…5678", by: STYLIST_EMAIL, outcome: "sent" },
      { event: "console_action", action: "resumed", client: "whatsapp:+…5678", by: STYLIST_EMAIL },
    ]);
  });

  it("ADR-028.2 a send Twilio refuses is logged with the outcome failed, a repeated key with the outcome repeated", async () => {
    const { team, id } = await clientWithConsultation();
    network.use(answer("post", `${TWILIO}${MESSAGES_PATH}`, () => HttpResponse.json({ code: 63016, message: "Outside the allowed window", status: 400 }, { status: 400 })));
    expect((await reply(team, id, { text: "Hola, soy Tata", key: "fail-key-00001" })).status).toBe(303);
    expect((await reply(team, id, { text: "Hola, soy Tata", key: "fail-key-00001" })).status).toBe(303);
    expect(actions()).toEqual([
      { event: "console_action", action: "reply", client: "whatsapp:+…5678", by: STYLIST_EMAIL, outcome: "failed" },
      { event: "console_action", action: "reply", client: "whatsapp:+…5678", by: STYLIST_EMAIL, outcome: "repeated" },
    ]);
  });

  it("ADR-028.5 a reply whose every try at the next answer number is taken first (25 of them) fails: 503, logged, nothing sent, and its key sends nothing again", async () => {
    const { team, id, sent } = await clientWithConsultation();
    const claimKey = new RegExp(`^${CONSOLE_CLIENT.replace("+", "\\+")}/answers/\\d+/claim\\.json$`);
    let taken = 0;
    // Another send claims each number the stylist's reply tries just before it, 25 times.
    const racing = bucketEnv({ put: (real) => async (key, value, options) => {
      if (claimKey.test(key) && taken < 25) {
        taken++;
        await real(key, value, options);
      }
      return real(key, value, options);
    } }, team.env);
    const response = await consoleFetch({ ...team, env: racing }, `/console/c/${id}/reply`, await team.token(), { form: { text: "Hola, soy Tata", key: "race-key-00001" } });
    expect(response.status).toBe(503);
    expect(taken).toBe(25);
    expect(sentMessages()).toHaveLength(sent);
    const logged = lines.map((l) => { try { return JSON.parse(l); } catch { return {}; } }).filter((e) => e.event === "unhandled");
    expect(logged).toEqual([{ event: "unhandled", route: "/console/c/:conversationId/reply", error: "Error: no answer number left to claim" }]);
    expect((await reply(team, id, { text: "Hola, soy Tata", key: "race-key-00001" })).status).toBe(303);
    expect(sentMessages()).toHaveLength(sent);
  });
});
