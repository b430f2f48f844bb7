/**
 * ADR 019: the chat request works unchanged with the reasoning-model families (o-series, GPT-5)
 * as with gpt-4o-mini, and the model names are settings. The stand-in below refuses what OpenAI's
 * reasoning models refuse, with OpenAI's own error, so a request that carried any of it would end
 * in the fallback instead of the model's answer.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import handoff from "../fixtures/openai/chat-completion-handoff.json";
import observation from "../fixtures/openai/chat-completion-observation.json";
import transcription from "../fixtures/openai/transcription.json";
import { webhooks } from "../fixtures/twilio/webhooks";
import worker from "../src/index";
import type { ChatCompletion } from "../src/openai/chat-types";
import { OpenAIError } from "../src/openai/errors";
import { postToOpenAI } from "../src/openai/request";
import { modelFallback } from "../src/reply/answer-inbound";
import { answer, callsTo, isObservationRequest, network, OPENAI, sentMessages, type ChatRequest } from "./support/network";
import { fakeFile, serveTwilioMedia, transcriptionStandIn } from "./support/media";
import { webhookRequest } from "./support/twilio";

/** Parameters OpenAI's reasoning models refuse (reasoning guide: "unsupported parameters"). */
const REFUSED = ["temperature", "top_p", "max_tokens", "presence_penalty", "frequency_penalty", "logprobs", "top_logprobs", "logit_bias", "n"];

/** A reasoning model: refuses those parameters with a 400 `unsupported_parameter`, answers everything else. */
function reasoningModelStandIn(conclude: () => boolean) {
  const refused: string[] = [];
  const bodies: ChatRequest[] = [];
  network.use(
    answer("post", `${OPENAI}/chat/completions`, async ({ request }) => {
      const body = (await request.json()) as ChatRequest & Record<string, unknown>;
      bodies.push(body);
      const param = REFUSED.find((name) => name in body);
      if (param) {
        refused.push(param);
        const message = param === "max_tokens" ? "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." : `Unsupported parameter: '${param}' is not supported with this model.`;
        return HttpResponse.json({ error: { message, type: "invalid_request_error", param, code: "unsupported_parameter" } }, { status: 400 });
      }
      if (isObservationRequest(body)) return HttpResponse.json(observation);
      return HttpResponse.json(conclude() ? handoff : chatCompletion);
    }),
  );
  return { refused, bodies };
}

async function send(params: Record<string, string>, vars: Record<string, string>) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(await webhookRequest(params), { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  expect(response.status).toBe(200);
}

describe("the request every current model family accepts", () => {
  for (const model of ["gpt-5-mini", "o4-mini"]) {
    it(`ADR-019.9 a whole consultation runs against a reasoning model (${model}): text, a photo, a voice note and the hand-off`, async () => {
      let concluding = false;
      const standIn = reasoningModelStandIn(() => concluding);
      const photo = webhooks.photo;
      serveTwilioMedia({ url: photo.MediaUrl0!, bytes: fakeFile(), contentType: "image/jpeg" });
      transcriptionStandIn(() => Response.json(transcription));
      const vars = { OPENAI_MODEL: model };

      await send(webhooks["text-es"], vars);
      await send(photo, vars);
      serveTwilioMedia({ url: webhooks["voice-note"].MediaUrl0!, bytes: fakeFile(64, [0x4f, 0x67, 0x67, 0x53]), contentType: "audio/ogg" });
      await send(webhooks["voice-note"], vars);
      concluding = true;
      await send({ ...webhooks["text-es"], MessageSid: "SM9f8e7d6c5b4a39281706f5e4d3c2b1a0", SmsMessageSid: "SM9f8e7d6c5b4a39281706f5e4d3c2b1a0", SmsSid: "SM9f8e7d6c5b4a39281706f5e4d3c2b1a0", Body: "Eso es todo, gracias" }, vars);

      expect(standIn.refused).toEqual([]);
      expect(standIn.bodies.length).toBeGreaterThanOrEqual(4);
      expect(new Set(standIn.bodies.map((b) => b.model))).toEqual(new Set([model]));
      const replies = sentMessages().map((m) => m.Body!);
      expect(replies).toHaveLength(4);
      expect(replies.slice(0, 3)).toEqual([0, 1, 2].map(() => chatCompletion.choices[0]!.message.content)); // the model's answers, no fallback, no note
      expect(replies.some((text) => text.includes(modelFallback.es))).toBe(false);
      expect(replies.at(-1)).toMatch(/https:\/\/wa\.me\//); // concluded: the model's hand-off went out
    });
  }

  it("ADR-019.9 the stand-in would catch a refused parameter: max_tokens or temperature get OpenAI's 400 unsupported_parameter", async () => {
    const standIn = reasoningModelStandIn(() => false);
    const connection = { apiKey: "sk-spec", baseURL: OPENAI, fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) };
    const create = (request: Record<string, unknown>) => postToOpenAI(connection, "/chat/completions", request, 5_000);
    const messages = [{ role: "user" as const, content: "hola" }];
    const refusal = (error: unknown) => (error instanceof OpenAIError ? { status: error.status, code: error.code, param: error.param } : error);
    expect(refusal(await create({ model: "o4-mini", messages, max_tokens: 300 }).catch((e: unknown) => e))).toEqual({ status: 400, code: "unsupported_parameter", param: "max_tokens" });
    expect(refusal(await create({ model: "o4-mini", messages, temperature: 0.2 }).catch((e: unknown) => e))).toEqual({ status: 400, code: "unsupported_parameter", param: "temperature" });
    expect(((await create({ model: "o4-mini", messages, max_completion_tokens: 300 })) as ChatCompletion).choices[0]!.message!.content).toBe(chatCompletion.choices[0]!.message.content);
    expect(standIn.refused).toEqual(["max_tokens", "temperature"]);
  });
});

describe("the model names are settings", () => {
  it("ADR-019.10 OPENAI_MODEL and OPENAI_TRANSCRIPTION_MODEL reach every request, so a retired default is replaced by configuration", async () => {
    const standIn = reasoningModelStandIn(() => false);
    transcriptionStandIn(() => Response.json(transcription));
    const note = webhooks["voice-note"];
    serveTwilioMedia({ url: note.MediaUrl0!, bytes: fakeFile(64, [0x4f, 0x67, 0x67, 0x53]), contentType: "audio/ogg" });
    await send(note, { OPENAI_MODEL: "gpt-5.4-mini", OPENAI_TRANSCRIPTION_MODEL: "gpt-realtime-transcribe" });
    expect(standIn.bodies.map((b) => b.model)).toEqual(["gpt-5.4-mini"]);
    expect(callsTo(`${OPENAI}/audio/transcriptions`)[0]!.body).toMatch(/name="model"\r\n\r\ngpt-realtime-transcribe\r\n/);
  });
});
