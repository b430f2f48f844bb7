/**
 * ADR 020.6: after STOP (BAJA, PARAR, CANCELAR, UNSUBSCRIBE) the client gets one confirmation in
 * their language and then nothing at all, whatever they send (text, photos, voice notes, bursts,
 * other commands): no answer, no "typing…", no model call, no download. Their messages are still
 * recorded. START or INICIAR is confirmed and resumes the same consultation. A reset does not
 * undo an opt-out.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import { webhooks } from "../fixtures/twilio/webhooks";
import { optOutConfirmation, resetConfirmation, resumeConfirmation } from "../src/conversation/commands";
import { HttpResponse } from "msw";
import { burstTiming } from "../src/reply/reply-job";
import { putRecord, storageOf } from "../src/storage/bucket";
import { readAnswers } from "../src/storage/conversation";
import type { ClientKey } from "../src/storage/keys";
import { readClientCalls } from "../src/storage/openai-calls";
import { readConsent } from "../src/storage/outside-client";
import { answerFor } from "./support/answers";
import { fakeFile, serveTwilioMedia } from "./support/media";
import { answer, calls, chatRequests, network, sentMessages, TYPING_URL } from "./support/network";
import { bucketEnv } from "./support/recording-env";
import { webhookRequest } from "./support/twilio";
import { clock, dispatch, sendWebhook } from "./support/worker";

const store = storageOf(env);
const client = webhooks["text-es"].From as ClientKey;
const english = webhooks["text-en"];

let sequence = 0;
/** A message from the Spanish-speaking client with a fresh SID. */
function message(body: string, extra: Record<string, string> = {}, from: ClientKey = client) {
  const sid = `SM${String(++sequence).padStart(4, "0")}${"c".repeat(28)}`;
  return { ...webhooks["text-es"], MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, From: from, WaId: from.slice(10), Body: body, ...extra };
}

const recorded = async (sid: string) => (await env.MEDIA_BUCKET.head(`${client}/messages/${sid}.json`)) !== null;

describe("opting out", () => {
  for (const word of ["STOP", "baja", "Parar", " CANCELAR ", "unsubscribe"]) {
    it(`ADR-020.6 ${JSON.stringify(word)} gets one confirmation in the client's language, without the model`, async () => {
      await sendWebhook(webhooks["text-es"]);
      const modelCalls = chatRequests().length;
      const stop = message(word);
      await sendWebhook(stop);
      expect(sentMessages().at(-1)).toEqual({ To: client, From: "whatsapp:+14155238886", Body: optOutConfirmation.es });
      expect(chatRequests()).toHaveLength(modelCalls);
      expect(await readConsent(store, client)).toMatchObject({ optedOut: true });
    });
  }

  it("ADR-020.6 an English-speaking client is confirmed in English", async () => {
    await sendWebhook(english);
    await sendWebhook(message("STOP", {}, english.From as ClientKey));
    expect(sentMessages().at(-1)!.Body).toBe(optOutConfirmation.en);
  });

  it("ADR-020.6 afterwards, a text message is recorded and nothing is sent or called", async () => {
    await sendWebhook(message("STOP"));
    calls.length = 0;
    const later = message("Hola, ¿sigues ahí?");
    expect((await sendWebhook(later)).status).toBe(200);
    expect(await recorded(later.MessageSid)).toBe(true);
    expect(calls).toEqual([]);
  });

  it("ADR-020.6 afterwards, a photo or a voice note is recorded and not downloaded, answered or deleted anywhere", async () => {
    await sendWebhook(message("BAJA"));
    serveTwilioMedia(
      { url: webhooks.photo.MediaUrl0, bytes: fakeFile(), contentType: "image/jpeg" },
      { url: webhooks["voice-note"].MediaUrl0, bytes: fakeFile(512, [0x4f, 0x67, 0x67, 0x53]), contentType: "audio/ogg" },
    );
    calls.length = 0;
    await sendWebhook(webhooks.photo);
    await sendWebhook(webhooks["voice-note"]);
    expect(await recorded(webhooks.photo.MessageSid)).toBe(true);
    expect(await recorded(webhooks["voice-note"].MessageSid)).toBe(true);
    expect(calls).toEqual([]);
  });

  it("ADR-020.6 afterwards, a burst of messages arriving together gets nothing", async () => {
    await sendWebhook(message("PARAR"));
    serveTwilioMedia({ url: webhooks.photo.MediaUrl0, bytes: fakeFile(), contentType: "image/jpeg" });
    calls.length = 0;
    const burst = [message("hola"), webhooks.photo, message("tengo rizos"), message("eso es todo")];
    const jobs = await Promise.all(burst.map(async (params) => dispatch(await webhookRequest(params))));
    await Promise.all(jobs.map((job) => job.settled));
    for (const params of burst) expect(await recorded(params.MessageSid)).toBe(true);
    expect(calls).toEqual([]);
  });

  it("ADR-020.6 a burst in which the client opts out: nothing is sent after the confirmation", async () => {
    const before = [message("hola"), message("tengo el pelo rizado")];
    const stop = message("STOP");
    const jobs = await Promise.all([...before, stop].map(async (params) => dispatch(await webhookRequest(params))));
    await Promise.all(jobs.map((job) => job.settled));
    const sent = sentMessages().map((m) => m.Body);
    expect(sent).toContain(optOutConfirmation.es);
    expect(sent.slice(sent.indexOf(optOutConfirmation.es) + 1)).toEqual([]);
    expect(chatRequests()).toEqual([]);
  });

  it("ADR-020.6 a STOP inside a burst's settling window: the burst is never composed (no model call, recorded or made)", async () => {
    const [first, second, stop] = [message("hola, tengo rizos"), message("y se me esponjan mucho"), message("STOP")];
    const jobs: Promise<void>[] = [];
    await clock.manual(async () => {
      for (const params of [first, second, stop]) {
        const { response, settled } = await dispatch(await webhookRequest(params));
        expect(response.status).toBe(200);
        jobs.push(settled);
        await clock.advance(300); // each inside the settling window of the one before
      }
      await clock.advance(burstTiming.settleMs + burstTiming.mediaWaitMs);
    });
    await Promise.all(jobs);
    expect(sentMessages().map((m) => m.Body)).toEqual([optOutConfirmation.es]);
    expect(chatRequests()).toEqual([]);
    expect(await readClientCalls(store, client, 0)).toEqual([]);
    for (const params of [first, second]) expect((await answerFor(client, params.MessageSid)).status).toBe("silent");
  });

  it("ADR-020.6 a STOP recorded just after a burst's first message was found not opted out: no \"typing…\" on that message, no model call", async () => {
    const typed: string[] = [];
    network.use(
      answer("post", TYPING_URL, async ({ request }) => {
        typed.push(await request.text());
        return HttpResponse.json({ success: true });
      }),
    );
    const [first, stop] = [message("hola, tengo rizos"), message("STOP")];
    // The first message's job lists the client's consent, and the STOP is recorded (and confirmed)
    // before that listing returns: the job goes on as the client stood before the STOP.
    let listedConsent!: () => void;
    const consentListed = new Promise<void>((resolve) => (listedConsent = resolve));
    let stopRecorded!: () => void;
    const stopDone = new Promise<void>((resolve) => (stopRecorded = resolve));
    let held = false;
    const holding = bucketEnv({
      list: (real) => async (options) => {
        const listed = await real(options);
        if (!held && options?.prefix === `consent/${client}/`) {
          held = true;
          listedConsent();
          await stopDone;
        }
        return listed;
      },
    });
    const firstJob = await dispatch(await webhookRequest(first), holding);
    await consentListed;
    await sendWebhook(stop);
    expect((await readConsent(store, client)).optedOut).toBe(true);
    stopRecorded();
    await firstJob.settled;
    expect(typed).toEqual([]);
    expect(sentMessages().map((m) => m.Body)).toEqual([optOutConfirmation.es]);
    expect(chatRequests()).toEqual([]);
    expect(await readClientCalls(store, client, 0)).toEqual([]);
  });

  it("ADR-020.6 a second STOP is not confirmed again, and other commands are not answered", async () => {
    await sendWebhook(message("STOP"));
    await sendWebhook(message("STOP"));
    await sendWebhook(message("resumen"));
    // With nothing else to go by, the command word decides the language (ADR-005.4).
    expect(sentMessages().map((m) => m.Body)).toEqual([optOutConfirmation.en]);
  });

  it("ADR-020.6 a reset while opted out does not undo the opt-out", async () => {
    await sendWebhook(message("Hola, tengo rizos"));
    await sendWebhook(message("STOP"));
    await sendWebhook(message("reiniciar"));
    const later = message("¿hola?");
    await sendWebhook(later);
    expect(sentMessages().map((m) => m.Body).filter((b) => b === resetConfirmation.es)).toEqual([]);
    expect((await readConsent(store, client)).optedOut).toBe(true);
    expect(sentMessages().at(-1)!.Body).toBe(optOutConfirmation.es);
  });
});

describe("a message sent while opted out that another answer covers", () => {
  it("ADR-016.2 gets no second answer: when a burst's answer claims it just before its own silent answer would be, it stays covered by that one alone", async () => {
    await sendWebhook(message("Hola, tengo rizos"));
    await sendWebhook(message("STOP"));
    const meanwhile = message("¿Sigues ahí?");
    const claimKey = new RegExp(`^${client.replace("+", "\\+")}/answers/(\\d+)/claim\\.json$`);
    let raced = false;
    // The job of an older message of the burst, at its cap, claims the number first, covering this message too.
    const racing = bucketEnv({
      put: (real) => async (key, value, options) => {
        if (claimKey.test(key) && !raced) {
          raced = true;
          await putRecord(store, key, { v: 1, seq: Number(claimKey.exec(key)![1]), covers: [meanwhile.MessageSid], claimedAt: new Date(clock.now()).toISOString(), final: true });
        }
        return real(key, value, options);
      },
    });
    const { response, settled } = await dispatch(await webhookRequest(meanwhile), racing);
    await settled;
    expect(response.status).toBe(200);
    expect(raced).toBe(true);
    const covering = (await readAnswers(store, client)).filter((a) => a.claim?.covers.includes(meanwhile.MessageSid));
    expect(covering.map((a) => ({ claim: a.claim, reply: a.reply }))).toEqual([
      { claim: { v: 1, seq: covering[0]!.seq, covers: [meanwhile.MessageSid], claimedAt: expect.any(String), final: true }, reply: null },
    ]);
  });
});

describe("resuming", () => {
  it("ADR-020.6 a message sent while opted out is closed with a silent answer of its own, so the first answer after START covers only what came after", async () => {
    await sendWebhook(message("Hola, tengo rizos"));
    await sendWebhook(message("STOP"));
    const meanwhile = message("¿Me puedes ayudar?");
    await sendWebhook(meanwhile);
    await sendWebhook(message("START"));
    const after = message("Aquí sigo");
    await sendWebhook(after);
    const answers = await readAnswers(store, client);
    const closing = answers.find((a) => a.claim?.covers.includes(meanwhile.MessageSid));
    expect({ claim: closing?.claim, reply: closing?.reply }).toEqual({
      claim: { v: 1, seq: closing!.seq, covers: [meanwhile.MessageSid], claimedAt: expect.any(String), command: "opted out" },
      reply: { v: 1, seq: closing!.seq, outcome: "silent", decidedAt: expect.any(String), reason: "opted out" },
    });
    expect(answers.at(-1)!.claim!.covers).toEqual([after.MessageSid]);
    expect(chatRequests().at(-1)!.messages.at(-1)).toEqual({ role: "user", content: "Aquí sigo" });
    const modelText = chatCompletion.choices[0]!.message.content;
    expect(sentMessages().map((m) => m.Body)).toEqual([modelText, optOutConfirmation.es, resumeConfirmation.es, modelText]);
  });

  for (const word of ["START", "iniciar"]) {
    it(`ADR-020.6 ${JSON.stringify(word)} is confirmed, and the next message is answered in the same consultation`, async () => {
      await sendWebhook(message("Hola, tengo rizos"));
      const consultation = await env.CHAT_HISTORY.get(`${client}/consultation`);
      await sendWebhook(message("STOP"));
      await sendWebhook(message(word));
      expect(sentMessages().at(-1)!.Body).toBe(resumeConfirmation.es);
      expect((await readConsent(store, client)).optedOut).toBe(false);
      const modelCalls = chatRequests().length;
      await sendWebhook(message("Aquí sigo"));
      expect(chatRequests()).toHaveLength(modelCalls + 1);
      expect(sentMessages()).toHaveLength(4);
      expect(await env.CHAT_HISTORY.get(`${client}/consultation`)).toBe(consultation);
    });
  }
});
