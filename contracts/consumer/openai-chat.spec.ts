/**
 * ADR 008: the chat completions our model client sends and the answers and errors it reads,
 * pinned by driving `createModelClient` against Pact's mock OpenAI. The model is the default,
 * gpt-6-luna, whose requests carry `reasoning_effort: "none"`: with it, and only with it, Chat
 * Completions takes the hand-off tool (ADR 026.3).
 */
import { MatchersV3 } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { answerLimits } from "../../src/conversation/answer-limits";
import { consultantAnswerOf, HANDOFF_TOOL_NAME, handoffTool } from "../../src/conversation/consultant-prompt";
import { modelPhotoPolicy } from "../../src/conversation/model-photos";
import { observationFormat, observationOf, observationRequest } from "../../src/conversation/photo-observation";
import { classifyOpenAIError } from "../../src/openai/errors";
import { createModelClient, type ChatCompletionMessageParam } from "../../src/openai/client";
import { OPENAI, pactBetween, WORKER } from "../support/pacts";
import { OPENAI_API_KEY, oneAttempt } from "../support/parties";

const { like, eachLike, integer, regex } = MatchersV3;

const MODEL = "gpt-6-luna";
const provider = pactBetween(WORKER, OPENAI);
const modelAt = (url: string) => createModelClient({ apiKey: OPENAI_API_KEY, baseURL: `${url}/v1`, model: MODEL, fetch });
/** The output cap the reply path gives every request (ADR 018.1). */
const capped = { maxCompletionTokens: answerLimits.maxCompletionTokens };

const system: ChatCompletionMessageParam = { role: "system", content: "You are Tata Oro's curl consultation assistant." };
const firstMessage: ChatCompletionMessageParam = { role: "user", content: "Hola! Quiero una consulta para mis rizos" };
/** As compose.ts builds a photo turn: the words first, then each photo as a signed link with the policy's detail. */
const photoMessage: ChatCompletionMessageParam = {
  role: "user",
  content: [
    { type: "text", text: "Aquí va una foto de frente" },
    { type: "image_url", image_url: { url: "https://wa.example.com/media/v1.c2lnbmVkLWxpbms.photo.jpg", detail: modelPhotoPolicy.detail } },
  ],
};
const history: ChatCompletionMessageParam[] = [
  system,
  firstMessage,
  { role: "assistant", content: "¡Qué gusto! ¿Me envías una foto de tu cabello hoy?" },
  { role: "user", content: "Tengo el pelo rizado 3A" },
];

/** Text content is matched by type: the wording is the consultation's, not the contract's. */
function messageMatcher(message: ChatCompletionMessageParam) {
  if (typeof message.content === "string") return { role: message.role, content: like(message.content) };
  return {
    role: message.role,
    content: (message.content ?? []).map((part) =>
      part.type === "image_url"
        ? { type: "image_url", image_url: { url: regex("^https://\\S+$", part.image_url.url), detail: part.image_url.detail } }
        : { type: part.type, text: like("text" in part ? part.text : "") },
    ),
  };
}

const handoffToolMatcher = {
  type: "function",
  function: {
    name: HANDOFF_TOOL_NAME,
    description: like("Conclude the consultation with a plain-text hand-off summary for the stylist."),
    parameters: like({
      type: "object",
      properties: {
        summary: { type: "string", description: "Plain-text summary for the stylist." },
        message: { type: "string", description: "A short closing message to the client." },
      },
      required: ["summary", "message"],
      additionalProperties: false,
    }),
  },
};

const chatRequest = (messages: ChatCompletionMessageParam[]) => ({
  method: "POST",
  path: "/v1/chat/completions",
  headers: { Authorization: regex("^Bearer \\S+$", `Bearer ${OPENAI_API_KEY}`), "Content-Type": "application/json" },
  body: { model: like(MODEL), messages: messages.map(messageMatcher), tools: [handoffToolMatcher], reasoning_effort: "none", max_completion_tokens: integer(answerLimits.maxCompletionTokens) },
});

const textAnswer = (content: string) => ({
  status: 200,
  headers: { "Content-Type": regex("^application/json(;.*)?$", "application/json") },
  body: { choices: eachLike({ message: { content: like(content) } }) },
});

const openaiError = (status: number, error: Record<string, unknown>, headers: Record<string, unknown> = {}) => ({
  status,
  headers: { "Content-Type": regex("^application/json(;.*)?$", "application/json"), ...headers },
  body: { error: { message: like("An error message for people."), ...error } },
});

describe("OpenAI chat completions, as our model client uses them", () => {
  it("ADR-008.1 a text-only conversation: the model's text is the reply", async () => {
    provider
      .given("the model answers with text")
      .uponReceiving("a chat completion for a first text message")
      .withRequest(chatRequest([system, firstMessage]))
      .willRespondWith(textAnswer("¡Qué gusto saludarte! ¿Me envías una foto de tu cabello?"));
    await provider.executeTest(async (server) => {
      const answer = await modelAt(server.url).complete([system, firstMessage], [handoffTool], oneAttempt(), capped);
      expect(answer).toEqual({ text: "¡Qué gusto saludarte! ¿Me envías una foto de tu cabello?", toolCalls: [] });
    });
  });

  it("ADR-008.1 a photo goes as an image_url part beside the client's words", async () => {
    provider
      .given("the model answers with text")
      .uponReceiving("a chat completion for a photo with a caption")
      .withRequest(chatRequest([system, photoMessage]))
      .willRespondWith(textAnswer("Veo rizos definidos con algo de frizz en la coronilla."));
    await provider.executeTest(async (server) => {
      const answer = await modelAt(server.url).complete([system, photoMessage], [handoffTool], oneAttempt(), capped);
      expect(answer.text).toBe("Veo rizos definidos con algo de frizz en la coronilla.");
    });
  });

  it("ADR-008.1 the whole history goes in order, the assistant's answers included", async () => {
    provider
      .given("the model answers with text")
      .uponReceiving("a chat completion for a conversation with history")
      .withRequest(chatRequest(history))
      .willRespondWith(textAnswer("Gracias. ¿Cada cuánto lavas tu cabello?"));
    await provider.executeTest(async (server) => {
      const answer = await modelAt(server.url).complete(history, [handoffTool], oneAttempt(), capped);
      expect(answer.text).toBe("Gracias. ¿Cada cuánto lavas tu cabello?");
    });
  });

  it("ADR-008.1 a conclude_consultation tool call is read as the hand-off summary", async () => {
    provider
      .given("the model concludes the consultation")
      .uponReceiving("a chat completion answered with the hand-off tool call")
      .withRequest(chatRequest(history))
      .willRespondWith({
        status: 200,
        headers: { "Content-Type": regex("^application/json(;.*)?$", "application/json") },
        body: {
          choices: eachLike({
            message: {
              content: null,
              tool_calls: eachLike({
                type: "function",
                function: {
                  name: HANDOFF_TOOL_NAME,
                  arguments: like(JSON.stringify({ summary: "Rizos 3A, frizz en la coronilla.", message: "¡Gracias! Ya tengo todo." })),
                },
              }),
            },
          }),
        },
      });
    await provider.executeTest(async (server) => {
      const answer = await modelAt(server.url).complete(history, [handoffTool], oneAttempt(), capped);
      expect(answer.toolCalls.map((call) => call.name)).toEqual([HANDOFF_TOOL_NAME]);
      expect(consultantAnswerOf(answer)).toEqual({ text: "¡Gracias! Ya tengo todo.", handoffSummary: "Rizos 3A, frizz en la coronilla." });
    });
  });

  it("ADR-008.1 a photo is looked at once, alone with fixed instructions, and answered as a structured observation", async () => {
    const link = "https://wa.example.com/media/v1.c2lnbmVkLWxpbms.photo.jpg";
    const messages = observationRequest(link, modelPhotoPolicy.detail, "es");
    const observation = {
      curl_pattern: "3A sueltos, más cerrados en la nuca",
      density: "media, hebra fina",
      porosity_and_damage: "puntas secas y abiertas",
      length: "a los hombros",
      scalp: "poco, en la raya",
      photo_quality: "útil: luz natural, enfocada, seco",
      check_in_person: "elasticidad de las puntas",
    };
    const format = observationFormat as { type: string; json_schema: { name: string; strict: boolean; schema: object } };
    provider
      .given("the model looks at a photo")
      .uponReceiving("a chat completion that observes one photo with structured output")
      .withRequest({
        method: "POST",
        path: "/v1/chat/completions",
        headers: { Authorization: regex("^Bearer \\S+$", `Bearer ${OPENAI_API_KEY}`), "Content-Type": "application/json" },
        body: {
          model: like(MODEL),
          messages: messages.map(messageMatcher),
          response_format: { type: "json_schema", json_schema: { name: format.json_schema.name, strict: true, schema: like(format.json_schema.schema) } },
          reasoning_effort: "none",
          max_completion_tokens: integer(answerLimits.maxCompletionTokens),
        },
      })
      .willRespondWith(textAnswer(JSON.stringify(observation)));
    await provider.executeTest(async (server) => {
      const answer = await modelAt(server.url).complete(messages, [], oneAttempt(), { ...capped, responseFormat: observationFormat });
      expect(observationOf(answer.text)).toEqual(observation);
    });
  });

  it("ADR-008.1 429 rate_limit_exceeded is retried after the retry-after the provider sent", async () => {
    provider
      .given("the organization is over its request rate limit")
      .uponReceiving("a chat completion while rate limited")
      .withRequest(chatRequest([system, firstMessage]))
      .willRespondWith(openaiError(429, { type: like("requests"), code: "rate_limit_exceeded" }, { "retry-after": regex("^[1-9]\\d*$", "2") }));
    await provider.executeTest(async (server) => {
      const error = await modelAt(server.url).complete([system, firstMessage], [handoffTool], oneAttempt(), capped).catch((e: unknown) => e);
      expect(classifyOpenAIError(error)).toEqual({ retry: true, retryAfterSeconds: 2 });
    });
  });

  it("ADR-008.1 429 insufficient_quota is not retried", async () => {
    provider
      .given("the organization has no quota left")
      .uponReceiving("a chat completion without quota")
      .withRequest(chatRequest([system, firstMessage]))
      .willRespondWith(openaiError(429, { type: like("insufficient_quota"), code: "insufficient_quota" }));
    await provider.executeTest(async (server) => {
      const error = await modelAt(server.url).complete([system, firstMessage], [handoffTool], oneAttempt(), capped).catch((e: unknown) => e);
      expect(classifyOpenAIError(error)).toEqual({ retry: false });
    });
  });

  it("ADR-008.1 500 is worth another try", async () => {
    provider
      .given("the model service is failing")
      .uponReceiving("a chat completion during a server error")
      .withRequest(chatRequest([system, firstMessage]))
      .willRespondWith(openaiError(500, { type: like("server_error") }));
    await provider.executeTest(async (server) => {
      const error = await modelAt(server.url).complete([system, firstMessage], [handoffTool], oneAttempt(), capped).catch((e: unknown) => e);
      expect(classifyOpenAIError(error)).toEqual({ retry: true });
    });
  });
});
