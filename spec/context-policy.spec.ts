/**
 * ADR 011: what a long consultation sends the model. The recent turns go verbatim, earlier
 * client messages are condensed at request time into a bounded block, and photos outside the
 * window are referred to by number. The consultation is the token benchmark's script
 * (bench/scripted-consultation.ts), so the specs and `npm run bench` judge the same thing.
 */
import { env } from "cloudflare:workers";
import { countChatCompletionTokens } from "gpt-tokenizer/model/gpt-4o-mini";
import { describe, expect, it } from "vitest";
import { assistantScript, clientScript, earlyFacts, photoObservation } from "../bench/scripted-consultation";
import { loadConfig } from "../src/config/settings";
import { composeModelInput } from "../src/conversation/compose";
import { contextPolicy, EARLIER_WORDS_HEADING } from "../src/conversation/context-policy";
import { mediaKey, type ClientKey } from "../src/storage/keys";
import type { ConversationState } from "../src/storage/records";
import { photoLinks } from "../src/conversation/model-photos";
import type { ChatCompletionMessageParam } from "../src/openai/client";
import { writeConsultation, type ClientMessage } from "./support/consultation";
import { SCRIPTED_CLIENT, scriptedSid, scriptedState, scriptedTime } from "./support/scripted-state";
import { chatRequests, type ChatRequest } from "./support/network";
import { sendWebhook } from "./support/worker";

const at = scriptedTime;
const sidOf = scriptedSid;

async function composeAt(turns: number, state = scriptedState(turns)): Promise<ChatCompletionMessageParam[]> {
  const config = loadConfig(env);
  const links = await photoLinks(state, { secret: config.linkSigningSecret, origin: "https://wa.example.com", now: new Date(at(turns)) });
  return composeModelInput(state, config, links);
}

const textOf = (message: ChatCompletionMessageParam): string => {
  const content = message.content;
  if (typeof content === "string") return content;
  return (content ?? []).flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n");
};
const earlierWords = (messages: ChatCompletionMessageParam[]) => messages.find((m) => textOf(m).startsWith(EARLIER_WORDS_HEADING))!;
const imagesOf = (messages: ChatCompletionMessageParam[]) =>
  messages.flatMap((m) => (Array.isArray(m.content) ? m.content.filter((p) => p.type === "image_url") : []));

describe("the model context policy on a long consultation", () => {
  it("ADR-011.1 keeps the client's last 4 messages and the answers between them verbatim, in order", async () => {
    const messages = await composeAt(60);
    const window = messages.slice(-7);
    expect(window.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user", "assistant", "user"]);
    expect(window.filter((m) => m.role === "user").map(textOf)).toEqual([57, 58, 59, 60].map((t) => clientScript(t).text));
    expect(window.filter((m) => m.role === "assistant").map(textOf)).toEqual([57, 58, 59].map(assistantScript));
    expect(messages.slice(0, -7).map((m) => m.role)).toEqual(["system", "user", "user"]); // prompt, the photos' observations, the client's earlier words
  });

  it("ADR-011.1 a short consultation is sent whole, exactly as stored", async () => {
    const messages = await composeAt(4);
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "user", "assistant", "user", "assistant", "user", "assistant", "user"]); // the second: observations
    expect(messages.slice(2).filter((m) => m.role === "user").map(textOf)).toEqual([1, 2, 3, 4].map((t) => clientScript(t).text + (t === 2 ? "\n[photos 1–3]" : t === 4 ? "\n[photo 4]" : "")));
    expect(messages.filter((m) => m.role === "assistant").map(textOf)).toEqual([1, 2, 3].map(assistantScript));
  });

  it("ADR-011.2 the facts the client gave in the first turns still reach the model at turn 60", async () => {
    const messages = await composeAt(60);
    const block = textOf(earlierWords(messages));
    expect(earlierWords(messages).role).toBe("user"); // the client's words, never system text (ADR-019.2)
    for (const fact of earlyFacts) expect(block).toContain(fact);
    expect(block).not.toContain(assistantScript(1)); // the assistant's own old answers are left out
  });

  it("ADR-011.2 what the client said in an early voice note reaches the model in the condensed block", async () => {
    const state = scriptedState(20);
    const transcript = "Me tiño el cabello con henna cada dos meses desde hace tres años";
    const noteTurn = 2;
    state.inbound[noteTurn - 1]!.params.NumMedia = String(Number(state.inbound[noteTurn - 1]!.params.NumMedia) + 1);
    state.transcripts.push({ key: `${SCRIPTED_CLIENT}/transcripts/${sidOf(noteTurn)}-9.json`, sid: sidOf(noteTurn), index: 9, text: transcript });
    const block = textOf(earlierWords(await composeAt(20, state)));
    expect(block).toContain(`[voice note] ${transcript}`);
    expect(block).toContain(clientScript(noteTurn).text);
  });

  it("ADR-011.2 the condensed block stays within its character budget however long the consultation", async () => {
    const budget = contextPolicy.factsBudgetChars;
    const linesAt = async (turns: number) => textOf(earlierWords(await composeAt(turns))).split("\n").slice(1); // after the heading
    const size = (lines: string[]) => lines.reduce((n, line) => n + line.length + 1, 0);
    const at60 = await linesAt(60);
    expect(size(at60)).toBeLessThanOrEqual(budget);
    expect(at60).toContain(clientScript(3).text); // trimmed newest first: the earliest stay whole
    expect(at60.join("\n")).not.toContain("left out");
    const at200 = await linesAt(200);
    expect(size(at200)).toBeLessThanOrEqual(budget);
    expect(at200[0]).toContain("Laura");
    expect(at200.at(-1)).toMatch(/^\(\d+ later messages left out\)$/); // only when trimming is not enough, and counted
  });

  it("ADR-011.2 the same stored state always composes the same request (replay is exact)", async () => {
    const first = JSON.stringify(await composeAt(60));
    expect(JSON.stringify(await composeAt(60))).toBe(first);
    expect(JSON.stringify(await composeAt(60, structuredClone(scriptedState(60))))).toBe(first);
  });

  it("ADR-011.3 photos outside the window are referenced by number, never by a total that changes; no image is sent again", async () => {
    const messages = await composeAt(60);
    const block = textOf(earlierWords(messages));
    expect(block).toContain("[photos 1–3] Here are photos of my hair today");
    expect(block).toContain("[photo 8] A new photo");
    expect(block).not.toMatch(/ of \d+\]/);
    expect(imagesOf(messages)).toEqual([]); // what each showed travels as its observation (ADR-019.5)
  });
});

/** Stores the scripted consultation's first `turn - 1` turns, sends turn `turn` as a webhook, returns the chat request it caused. */
async function requestAtTurn(client: ClientKey, turn: number): Promise<ChatRequest> {
  let photo = 0;
  const messages: ClientMessage[] = Array.from({ length: turn - 1 }, (_, i) => {
    const { text, photos } = clientScript(i + 1);
    const sid = `${sidOf(i + 1).slice(0, 20)}${client.slice(-6)}${String(i + 1).padStart(8, "0")}`;
    return {
      sid,
      at: at(i + 1),
      body: text,
      media: Array.from({ length: photos }, () => ({ contentType: "image/jpeg", observation: photoObservation(++photo) })),
      reply: { at: at(i + 1, 5_000), text: assistantScript(i + 1) },
    };
  });
  await writeConsultation(messages, client, at(0));
  const sid = `SM${client.slice(-6)}${String(turn).padStart(26, "0")}`;
  const before = chatRequests().length;
  await sendWebhook({ MessageSid: sid, SmsMessageSid: sid, AccountSid: "AC00000000000000000000000000000000", From: client, To: "whatsapp:+14155238886", Body: clientScript(turn).text, NumMedia: "0" });
  return chatRequests()[before]!;
}

type TokenRequest = Parameters<NonNullable<typeof countChatCompletionTokens>>[0];

/** Prompt tokens of a captured request's text (chat format, tools included), as the benchmark counts them. */
function textTokens(request: ChatRequest): number {
  const messages = (request.messages as ChatCompletionMessageParam[]).map((m) => ({ role: m.role, content: textOf(m) }));
  const functions = (request.tools ?? []).map((tool) => (tool as { function: NonNullable<TokenRequest["functions"]>[number] }).function);
  return countChatCompletionTokens!({ messages, functions });
}

describe("the context policy through the Worker", () => {
  it("ADR-011.1 a reply after 60 stored turns sends the window verbatim and the early facts condensed", async () => {
    const request = await requestAtTurn("whatsapp:+15550600601", 60);
    const sent = request.messages as ChatCompletionMessageParam[];
    expect(sent.at(-1)).toEqual({ role: "user", content: clientScript(60).text });
    expect(sent.slice(-7).filter((m) => m.role === "user").map(textOf)).toEqual([57, 58, 59, 60].map((t) => clientScript(t).text));
    for (const fact of earlyFacts) expect(textOf(earlierWords(sent))).toContain(fact);
  });

  it("ADR-011.4 turn 60's prompt text is at most 1.5 times turn 10's in gpt-4o-mini tokens, and no photo is sent again", async () => {
    const turn10 = await requestAtTurn("whatsapp:+15550600610", 10);
    const turn60 = await requestAtTurn("whatsapp:+15550600660", 60);
    expect(textTokens(turn60) / textTokens(turn10)).toBeLessThanOrEqual(1.5);
    expect(imagesOf(turn60.messages as ChatCompletionMessageParam[])).toEqual([]); // no photo after its own turn (ADR-019.5)
  });
});
