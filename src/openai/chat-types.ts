/**
 * The part of OpenAI's chat completions API this Worker uses (ADR 024.2): the request's messages,
 * tools and response format, and the answer's first choice. Shapes and names are OpenAI's
 * (`CreateChatCompletionRequest` and `CreateChatCompletionResponse` in their OpenAPI document).
 */

export type ChatCompletionContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string; detail?: "auto" | "low" | "high" } };

export type ChatCompletionMessageParam =
  | { role: "system"; content: string }
  | { role: "user"; content: string | ChatCompletionContentPart[] }
  | { role: "assistant"; content: string };

export interface ChatCompletionTool {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

/** How the answer must be shaped: free text (the default) or JSON, following a schema when one is given. */
export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean } };

/** OpenAI's `ReasoningEffort`: how long a reasoning model thinks; not every model takes every value. */
export type ReasoningEffort = "none" | "minimal" | "low" | "medium" | "high" | "xhigh" | "max";

export interface ChatCompletionRequest {
  model: string;
  messages: ChatCompletionMessageParam[];
  tools?: ChatCompletionTool[];
  reasoning_effort?: ReasoningEffort;
  max_completion_tokens?: number;
  max_tokens?: number;
  response_format?: ResponseFormat;
}

/** What is read of an answer: each choice's text and tool calls (a `custom` tool call is not ours). */
export interface ChatCompletion {
  choices: Array<{
    message?: {
      content?: string | null;
      tool_calls?: Array<{ type: "function"; function: { name: string; arguments: string } } | { type: "custom" }>;
    };
  }>;
}
