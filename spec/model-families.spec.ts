/**
 * ADR 026.2-4: every chat request is shaped by the model's family, and a whole consultation runs
 * against stand-ins of current models that refuse what OpenAI refuses, with OpenAI's own errors:
 * the sampling parameters and `max_tokens` (every reasoning model), an effort the model does not
 * take, and function tools with any effort but `none` on Chat Completions (gpt-6-luna's page;
 * omitted, the effort is the document's default, `medium`). The stand-ins' rules are written here,
 * from the sources ADR 026 cites, not read from the table they check.
 */
import { env } from "cloudflare:workers";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import handoff from "../fixtures/openai/chat-completion-handoff.json";
import observation from "../fixtures/openai/chat-completion-observation.json";
import transcription from "../fixtures/openai/transcription.json";
import { webhooks } from "../fixtures/twilio/webhooks";
import type { ChatCompletion } from "../src/openai/chat-types";
import { OpenAIError } from "../src/openai/errors";
import { chatRequestFor, familyOf, MODEL_FAMILIES } from "../src/openai/model-families";
import { postToOpenAI } from "../src/openai/request";
import { modelFallback } from "../src/reply/answer-inbound";
import { answer, calls, callsTo, chatRequests, isObservationRequest, network, observationRequests, OPENAI, sentMessages, type ChatRequest } from "./support/network";
import { fakeFile, serveTwilioMedia, transcriptionStandIn } from "./support/media";
import { webhookRequest } from "./support/twilio";
import { dispatchWith, sendWebhook } from "./support/worker";

/** Parameters OpenAI's reasoning models refuse (reasoning guide: "unsupported parameters"). */
const REFUSED = ["temperature", "top_p", "max_tokens", "presence_penalty", "frequency_penalty", "logprobs", "top_logprobs", "logit_bias", "n"];

/** Current models, none of them retiring (ADR 026.4): the efforts each takes, and tools on Chat Completions only with `none`. */
const CURRENT: Record<string, { efforts: string[] }> = {
  "gpt-6-luna": { efforts: ["none", "low", "medium", "high", "xhigh", "max"] },
  "gpt-5.6-luna": { efforts: ["none", "low", "medium", "high", "xhigh", "max"] },
  "gpt-5.5": { efforts: ["none", "low", "medium", "high", "xhigh"] },
};
const DOCUMENTED_DEFAULT_EFFORT = "medium";

const refusal = (param: string, message: string, code: string | null = "unsupported_parameter") =>
  HttpResponse.json({ error: { message, type: "invalid_request_error", param, code } }, { status: 400 });

/** A current reasoning model on Chat Completions: refuses as OpenAI does, answers everything else. */
function reasoningModelStandIn(conclude: () => boolean) {
  const refused: string[] = [];
  const bodies: Array<ChatRequest & Record<string, unknown>> = [];
  network.use(
    answer("post", `${OPENAI}/chat/completions`, async ({ request }) => {
      const body = (await request.json()) as ChatRequest & Record<string, unknown>;
      bodies.push(body);
      const model = CURRENT[body.model];
      if (!model) return refusal("model", `The model \`${body.model}\` does not exist or you do not have access to it.`, "model_not_found");
      const param = REFUSED.find((name) => name in body);
      if (param) {
        refused.push(param);
        return refusal(param, param === "max_tokens" ? "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." : `Unsupported parameter: '${param}' is not supported with this model.`);
      }
      const effort = (body.reasoning_effort as string | undefined) ?? DOCUMENTED_DEFAULT_EFFORT;
      if (!model.efforts.includes(effort)) {
        refused.push(`reasoning_effort=${effort}`);
        return refusal("reasoning_effort", `Unsupported value: 'reasoning_effort' does not support '${effort}' with this model.`, "unsupported_value");
      }
      if (body.tools?.length && effort !== "none") {
        refused.push(`tools with reasoning_effort=${effort}`);
        return refusal("reasoning_effort", `Function tools with reasoning_effort are not supported for ${body.model} in /v1/chat/completions. To use function tools, use /v1/responses or set reasoning_effort to 'none'.`, null);
      }
      if (isObservationRequest(body)) return HttpResponse.json(observation);
      return HttpResponse.json(conclude() ? handoff : chatCompletion);
    }),
  );
  return { refused, bodies };
}

async function send(params: Record<string, string>, vars: Record<string, string>) {
  const response = await dispatchWith({ ...env, ...vars }, await webhookRequest(params));
  expect(response.status).toBe(200);
}

describe("the request every current model family accepts", () => {
  for (const model of Object.keys(CURRENT)) {
    it(`ADR-026.4 a whole consultation runs against a current reasoning model (${model}): text, a photo, a voice note and the hand-off`, async () => {
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
      expect(standIn.bodies.length).toBeGreaterThanOrEqual(5); // four answers and the photo's observation
      expect(new Set(standIn.bodies.map((b) => b.model))).toEqual(new Set([model]));
      expect(new Set(standIn.bodies.map((b) => b.reasoning_effort))).toEqual(new Set(["none"]));
      const replies = sentMessages().map((m) => m.Body!);
      expect(replies).toHaveLength(4);
      expect(replies.slice(0, 3)).toEqual([0, 1, 2].map(() => chatCompletion.choices[0]!.message.content)); // the model's answers, no fallback, no note
      expect(replies.some((text) => text.includes(modelFallback.es))).toBe(false);
      expect(replies.at(-1)).toMatch(/https:\/\/wa\.me\//); // concluded: the model's hand-off went out
    });
  }

  it("ADR-026.4 the stand-in would catch a refused request: max_tokens, temperature, tools without effort none, an effort the model does not take", async () => {
    const standIn = reasoningModelStandIn(() => false);
    const connection = { apiKey: "sk-spec", baseURL: OPENAI, fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) };
    const create = (request: Record<string, unknown>) => postToOpenAI(connection, "/chat/completions", request, 5_000);
    const messages = [{ role: "user" as const, content: "hola" }];
    const tools = [{ type: "function", function: { name: "conclude_consultation" } }];
    const failure = (error: unknown) => (error instanceof OpenAIError ? { status: error.status, code: error.code, param: error.param } : error);
    const model = "gpt-6-luna";
    expect(failure(await create({ model, messages, max_tokens: 300 }).catch((e: unknown) => e))).toEqual({ status: 400, code: "unsupported_parameter", param: "max_tokens" });
    expect(failure(await create({ model, messages, temperature: 0.2 }).catch((e: unknown) => e))).toEqual({ status: 400, code: "unsupported_parameter", param: "temperature" });
    expect(failure(await create({ model, messages, tools }).catch((e: unknown) => e))).toEqual({ status: 400, code: undefined, param: "reasoning_effort" });
    expect(failure(await create({ model, messages, tools, reasoning_effort: "low" }).catch((e: unknown) => e))).toEqual({ status: 400, code: undefined, param: "reasoning_effort" });
    expect(failure(await create({ model, messages, reasoning_effort: "minimal" }).catch((e: unknown) => e))).toEqual({ status: 400, code: "unsupported_value", param: "reasoning_effort" });
    expect(((await create({ model, messages, tools, reasoning_effort: "none", max_completion_tokens: 300 })) as ChatCompletion).choices[0]!.message!.content).toBe(chatCompletion.choices[0]!.message.content);
    expect(standIn.refused).toEqual(["max_tokens", "temperature", "tools with reasoning_effort=medium", "tools with reasoning_effort=low", "reasoning_effort=minimal"]);
  });
});

describe("one table shapes every chat request", () => {
  const parts = { messages: [{ role: "user" as const, content: "hola" }], tools: [{ type: "function" as const, function: { name: "conclude_consultation" } }], maxCompletionTokens: 1000 };

  it("ADR-026.2 each family's request carries only what the family accepts: its output cap, its lowest effort, never temperature or max_tokens", () => {
    const examples: Record<string, string> = {
      "GPT-4o and GPT-4.1 (no reasoning)": "gpt-4o-mini-2024-07-18",
      "o-series": "o3",
      "GPT-5": "gpt-5-mini",
      "GPT-5.1 to GPT-5.5": "gpt-5.5",
      "GPT-5.6 and GPT-6 (Luna, Terra, Sol, Astra)": "gpt-6-luna",
    };
    expect(MODEL_FAMILIES.map((f) => f.family)).toEqual(Object.keys(examples));
    for (const family of MODEL_FAMILIES) {
      const model = examples[family.family]!;
      expect(familyOf(model)).toBe(family);
      const request = chatRequestFor(model, parts) as unknown as Record<string, unknown>;
      for (const param of REFUSED) expect(request).not.toHaveProperty(param);
      expect(request.max_completion_tokens).toBe(1000);
      expect(family.outputCaps).toContain("max_completion_tokens");
      if (family.reasoningEfforts.length === 0) expect(request).not.toHaveProperty("reasoning_effort");
      else expect(request.reasoning_effort).toBe(family.reasoningEfforts[0]);
      if (family.toolsWithEffort === "none-only") expect(request.reasoning_effort).toBe("none");
    }
  });

  it("ADR-026.2 the default and its family: gpt-6-luna and its dated or fine-tuned ids get effort none; a model the table does not know gets the plain request", () => {
    expect(chatRequestFor("gpt-6-luna", parts)).toEqual({ model: "gpt-6-luna", messages: parts.messages, tools: parts.tools, reasoning_effort: "none", max_completion_tokens: 1000 });
    expect(familyOf("gpt-6-luna-2026-09-22")).toBe(familyOf("gpt-6-luna"));
    expect(familyOf("gpt-5.6-luna")).toBe(familyOf("gpt-6-luna"));
    expect(familyOf("ft:gpt-4o-mini-2024-07-18:acme::abc123")).toBe(familyOf("gpt-4o-mini"));
    expect(chatRequestFor("gpt-4o-mini", { ...parts, tools: [] })).toEqual({ model: "gpt-4o-mini", messages: parts.messages, max_completion_tokens: 1000 });
    expect(chatRequestFor("acme-chat-1", parts)).toEqual({ model: "acme-chat-1", messages: parts.messages, tools: parts.tools, max_completion_tokens: 1000 });
  });
});

describe("the default's requests", () => {
  it("ADR-026.3 gpt-6-luna gets the answer, hand-off tool included, and the photo's observation on /chat/completions with reasoning_effort none; nothing goes to /responses", async () => {
    serveTwilioMedia({ url: webhooks.photo.MediaUrl0!, bytes: fakeFile(), contentType: "image/jpeg" });
    await sendWebhook(webhooks.photo);
    const [answering] = chatRequests() as Array<ChatRequest & Record<string, unknown>>;
    const [observing] = observationRequests() as Array<ChatRequest & Record<string, unknown>>;
    expect(answering).toMatchObject({ model: "gpt-6-luna", reasoning_effort: "none", max_completion_tokens: 1000 });
    expect(answering!.tools).toHaveLength(1);
    expect(observing).toMatchObject({ model: "gpt-6-luna", reasoning_effort: "none" });
    expect(calls.filter((c) => c.url.startsWith(OPENAI) && !/\/(chat\/completions|audio\/transcriptions)$/.test(c.url))).toEqual([]);
  });
});

describe("the model names are settings", () => {
  it("ADR-019.10 OPENAI_MODEL and OPENAI_TRANSCRIPTION_MODEL reach every request, so a retired default is replaced by configuration", async () => {
    const standIn = reasoningModelStandIn(() => false);
    transcriptionStandIn(() => Response.json(transcription));
    const note = webhooks["voice-note"];
    serveTwilioMedia({ url: note.MediaUrl0!, bytes: fakeFile(64, [0x4f, 0x67, 0x67, 0x53]), contentType: "audio/ogg" });
    await send(note, { OPENAI_MODEL: "gpt-5.6-luna", OPENAI_TRANSCRIPTION_MODEL: "gpt-realtime-transcribe" });
    expect(standIn.bodies.map((b) => b.model)).toEqual(["gpt-5.6-luna"]);
    expect(callsTo(`${OPENAI}/audio/transcriptions`)[0]!.body).toMatch(/name="model"\r\n\r\ngpt-realtime-transcribe\r\n/);
  });
});
