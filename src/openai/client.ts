/**
 * The chat model, through the `openai` SDK configured from config (base URL, key, model,
 * `fetch`). The SDK's own retries are off: `withRetries` applies the project's policy (ADR 004),
 * which does not retry `insufficient_quota`.
 */
import OpenAI, { APIConnectionError, APIError } from "openai";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { parseRetryAfter, withRetries, type RetryDecision, type RetryPolicy } from "../retry";
import { HANDOFF_TOOL_NAME } from "../conversation/consultant-prompt";

export interface ModelClientOptions {
  apiKey: string;
  baseURL: string;
  model: string;
  fetch: typeof fetch;
  /** Per-attempt timeout (an attempt also never runs past the retry policy's deadline). */
  timeoutMs?: number;
}

export interface ModelAnswer {
  text: string;
  /** Present when the model concluded the consultation with a hand-off summary. */
  handoffSummary?: string;
}

export type { ChatCompletionMessageParam };

const handoffTool: ChatCompletionTool = {
  type: "function",
  function: {
    name: HANDOFF_TOOL_NAME,
    description: "Conclude the consultation with a plain-text hand-off summary for the stylist.",
    parameters: {
      type: "object",
      properties: {
        summary: { type: "string", description: "Plain-text summary for the stylist, in the client's language, no emoji, no links." },
        message: { type: "string", description: "A short closing message to the client, in their language." },
      },
      required: ["summary", "message"],
      additionalProperties: false,
    },
  },
};

const DEFAULT_TIMEOUT_MS = 20_000;

export function createOpenAIClient(options: Pick<ModelClientOptions, "apiKey" | "baseURL" | "fetch" | "timeoutMs">): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    fetch: options.fetch,
    maxRetries: 0,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}

/** 429 `rate_limit_exceeded`, 5xx, timeouts and connection errors are worth another try; quota and other 4xx are not. */
export function classifyOpenAIError(error: unknown): RetryDecision {
  if (error instanceof APIConnectionError) return { retry: true };
  if (!(error instanceof APIError)) return { retry: false };
  const status = error.status ?? 0;
  if (status === 429) {
    if (error.code === "insufficient_quota") return { retry: false };
    const headers = error.headers;
    const retryAfterMs = Number(headers?.get("retry-after-ms"));
    const retryAfterSeconds = Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs / 1000 : parseRetryAfter(headers?.get("retry-after"));
    return { retry: true, retryAfterSeconds };
  }
  return { retry: status >= 500 || status === 408 };
}

/** The per-attempt timeout, shortened so that a hanging attempt ends by the policy's deadline. */
function attemptTimeout(timeoutMs = DEFAULT_TIMEOUT_MS, policy: RetryPolicy): number {
  return Math.max(1, Math.min(timeoutMs, policy.deadline - Date.now()));
}

export function createModelClient(options: ModelClientOptions) {
  if (!options.model) throw new Error("model client needs a model name");
  const sdk = createOpenAIClient(options);
  return {
    /** One chat completion for the composed messages; the hand-off tool is always offered. */
    async complete(messages: ChatCompletionMessageParam[], policy: RetryPolicy): Promise<ModelAnswer> {
      const completion = await withRetries(
        policy,
        () =>
          sdk.chat.completions.create(
            { model: options.model, messages, tools: [handoffTool] },
            { timeout: attemptTimeout(options.timeoutMs, policy) },
          ),
        classifyOpenAIError,
      );
      const choice = completion.choices[0]?.message;
      const text = choice?.content?.trim() ?? "";
      for (const call of choice?.tool_calls ?? []) {
        if (call.type !== "function" || call.function.name !== HANDOFF_TOOL_NAME) continue;
        const args = parseToolArguments(call.function.arguments);
        if (args.summary) return { text: args.message || text, handoffSummary: args.summary };
      }
      if (!text) throw new Error("the model returned no text");
      return { text };
    },
  };
}

export type ModelClient = ReturnType<typeof createModelClient>;

function parseToolArguments(raw: string): { summary: string; message: string } {
  try {
    const value = JSON.parse(raw) as { summary?: unknown; message?: unknown };
    return {
      summary: typeof value.summary === "string" ? value.summary.trim() : "",
      message: typeof value.message === "string" ? value.message.trim() : "",
    };
  } catch {
    return { summary: "", message: "" };
  }
}
