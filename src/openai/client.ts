/**
 * The chat model, through OpenAI's chat completions API with `fetch` (ADR 024), configured from
 * config (base URL, key, model, `fetch`). It knows nothing of consultations (ADR-001.3): the
 * caller gives the messages and the tools, and gets back the text and the tool calls.
 * `withRetries` applies the project's policy (ADR 004.6), which does not retry `insufficient_quota`.
 */
import { attemptTimeoutMs, withRetries, type RetryPolicy } from "../utils/retry";
import { classifyOpenAIError } from "./errors";
import type { ChatCompletion, ChatCompletionMessageParam, ChatCompletionTool, ResponseFormat } from "./chat-types";
import { chatRequestFor } from "./model-families";
import { postToOpenAI } from "./request";

export interface ModelClientOptions {
  apiKey: string;
  baseURL: string;
  model: string;
  fetch: typeof fetch;
  /** Per-attempt timeout (an attempt also never runs past the retry policy's deadline). */
  timeoutMs?: number;
}

/** What the model answered: its text (possibly empty) and the functions it called. */
export interface ModelCompletion {
  text: string;
  toolCalls: Array<{ name: string; arguments: string }>;
}

export type { ChatCompletionContentPart, ChatCompletionMessageParam, ChatCompletionTool, ResponseFormat } from "./chat-types";

/** What the caller may bound about the answer (ADR 018.1): the policy is theirs, not the client's. */
export interface CompletionOptions {
  /** Sent as the family's output cap (`max_completion_tokens`); none when absent. */
  maxCompletionTokens?: number;
  /** Sent as `response_format` (ADR-019.3); free text when absent. */
  responseFormat?: ResponseFormat;
}

const DEFAULT_TIMEOUT_MS = 20_000;

function isChatCompletion(answer: unknown): answer is ChatCompletion {
  return typeof answer === "object" && answer !== null && Array.isArray((answer as ChatCompletion).choices);
}

export function createModelClient(options: ModelClientOptions) {
  if (!options.model) throw new Error("model client needs a model name");
  return {
    /** One chat completion for `messages`, offering `tools`. */
    async complete(
      messages: ChatCompletionMessageParam[],
      tools: ChatCompletionTool[],
      policy: RetryPolicy,
      completion: CompletionOptions = {},
    ): Promise<ModelCompletion> {
      const request = chatRequestFor(options.model, { messages, tools, ...completion });
      const answer = await withRetries(policy, () => postToOpenAI(options, "/chat/completions", request, attemptTimeoutMs(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, policy)), classifyOpenAIError);
      if (!isChatCompletion(answer)) throw new Error("the chat completion has no choices");
      const message = answer.choices[0]?.message;
      return {
        text: message?.content?.trim() ?? "",
        toolCalls: (message?.tool_calls ?? []).flatMap((call) => (call.type === "function" ? [{ name: call.function.name, arguments: call.function.arguments }] : [])),
      };
    },
  };
}

export type ModelClient = ReturnType<typeof createModelClient>;
