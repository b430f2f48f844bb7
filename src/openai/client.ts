/**
 * The chat model, through the `openai` SDK configured from config (base URL, key, model,
 * `fetch`). It knows nothing of consultations (ADR-001.3): the caller gives the messages and the
 * tools, and gets back the text and the tool calls. The SDK's own retries are off: `withRetries`
 * applies the project's policy (ADR 004), which does not retry `insufficient_quota`.
 */
import OpenAI, { APIConnectionError, APIError } from "openai";
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { parseRetryAfter, withRetries, type RetryDecision, type RetryPolicy } from "../utils/retry";

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

export type { ChatCompletionMessageParam, ChatCompletionTool };

/** How the answer must be shaped: free text (the default) or JSON following a schema. */
export type ResponseFormat = NonNullable<ChatCompletionCreateParamsNonStreaming["response_format"]>;

/** What the caller may bound about the answer (ADR 018.1): the policy is theirs, not the client's. */
export interface CompletionOptions {
  /** Sent as `max_completion_tokens`; none when absent. */
  maxCompletionTokens?: number;
  /** Sent as `response_format` (ADR-019.3); free text when absent. */
  responseFormat?: ResponseFormat;
}

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
    /** One chat completion for `messages`, offering `tools`. */
    async complete(
      messages: ChatCompletionMessageParam[],
      tools: ChatCompletionTool[],
      policy: RetryPolicy,
      completion: CompletionOptions = {},
    ): Promise<ModelCompletion> {
      const cap = completion.maxCompletionTokens === undefined ? {} : { max_completion_tokens: completion.maxCompletionTokens };
      const answer = await withRetries(
        policy,
        () =>
          sdk.chat.completions.create(
            {
              model: options.model,
              messages,
              ...(tools.length ? { tools } : {}),
              ...cap,
              ...(completion.responseFormat ? { response_format: completion.responseFormat } : {}),
            },
            { timeout: attemptTimeout(options.timeoutMs, policy) },
          ),
        classifyOpenAIError,
      );
      const message = answer.choices[0]?.message;
      return {
        text: message?.content?.trim() ?? "",
        toolCalls: (message?.tool_calls ?? []).flatMap((call) =>
          call.type === "function" ? [{ name: call.function.name, arguments: call.function.arguments }] : [],
        ),
      };
    },
  };
}

export type ModelClient = ReturnType<typeof createModelClient>;
