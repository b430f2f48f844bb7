/**
 * What each model family accepts on Chat Completions, in one table (ADR 026.2), and the request
 * shaped from it: the consultant's answer and the photo observations both go through
 * `chatRequestFor`. Sources and the date they were read are in ADR 026.
 */
import type { ChatCompletionMessageParam, ChatCompletionRequest, ChatCompletionTool, ReasoningEffort, ResponseFormat } from "./chat-types";

export interface ModelFamily {
  family: string;
  /** The family's model ids; a dated snapshot (`gpt-4o-mini-2024-07-18`) is its model's. */
  ids: RegExp;
  /** Accepts `temperature` (and the other sampling parameters); reasoning models refuse them. */
  temperature: boolean;
  /** The output caps it accepts, the one sent first. */
  outputCaps: readonly ("max_completion_tokens" | "max_tokens")[];
  /** The `reasoning_effort` values it accepts; empty for a model that does not reason. */
  reasoningEfforts: readonly ReasoningEffort[];
  /** Function tools on Chat Completions: with any effort, or only with `none` (tools with reasoning belong on the Responses API). */
  toolsWithEffort: "any" | "none-only";
  /** The effort every request of ours carries (the lowest it accepts); absent for a model that does not reason. */
  effort?: ReasoningEffort;
}

const snapshot = "(-\\d{4}-\\d{2}-\\d{2})?";

export const MODEL_FAMILIES: readonly ModelFamily[] = [
  {
    family: "GPT-4o and GPT-4.1 (no reasoning)",
    ids: new RegExp(`^(gpt-4o|gpt-4o-mini|gpt-4\\.1|gpt-4\\.1-mini|gpt-4\\.1-nano|chatgpt-4o-latest)${snapshot}$`),
    temperature: true,
    outputCaps: ["max_completion_tokens", "max_tokens"],
    reasoningEfforts: [],
    toolsWithEffort: "any",
  },
  {
    family: "o-series",
    ids: new RegExp(`^o[1-9](-mini|-pro)?${snapshot}$`),
    temperature: false,
    outputCaps: ["max_completion_tokens"],
    reasoningEfforts: ["low", "medium", "high"],
    toolsWithEffort: "any",
    effort: "low",
  },
  {
    family: "GPT-5",
    ids: new RegExp(`^gpt-5(-mini|-nano)?${snapshot}$`),
    temperature: false,
    outputCaps: ["max_completion_tokens"],
    reasoningEfforts: ["minimal", "low", "medium", "high"],
    toolsWithEffort: "any",
    effort: "minimal",
  },
  {
    family: "GPT-5.1 to GPT-5.5",
    ids: new RegExp(`^gpt-5\\.[1-5](-mini|-nano|-pro)?${snapshot}$`),
    temperature: false,
    outputCaps: ["max_completion_tokens"],
    reasoningEfforts: ["none", "low", "medium", "high", "xhigh"],
    toolsWithEffort: "none-only",
    effort: "none",
  },
  {
    family: "GPT-5.6 and GPT-6 (Luna, Terra, Sol, Astra)",
    ids: new RegExp(`^gpt-(5\\.6|6(\\.\\d+)?)-[a-z]+${snapshot}$`),
    temperature: false,
    outputCaps: ["max_completion_tokens"],
    reasoningEfforts: ["none", "low", "medium", "high", "xhigh", "max"],
    toolsWithEffort: "none-only",
    effort: "none",
  },
];

/**
 * A model the table does not know gets the request every family above accepts (ADR-019.9's):
 * no sampling parameters, no effort, `max_completion_tokens`. A reasoning model that refuses it
 * fails loudly (`model_failed`), and the doctor names the model online.
 */
const UNKNOWN: ModelFamily = { family: "unknown", ids: /^$/, temperature: false, outputCaps: ["max_completion_tokens"], reasoningEfforts: [], toolsWithEffort: "any" };

/** The family of `model`; a fine-tuned model (`ft:gpt-4o-mini-2024-07-18:org::id`) is its base model's. */
export function familyOf(model: string): ModelFamily {
  const base = model.startsWith("ft:") ? model.slice(3).split(":")[0]! : model;
  return MODEL_FAMILIES.find((family) => family.ids.test(base)) ?? UNKNOWN;
}

export interface ChatRequestParts {
  messages: ChatCompletionMessageParam[];
  tools: ChatCompletionTool[];
  maxCompletionTokens?: number;
  responseFormat?: ResponseFormat;
}

/** The chat completion request for `model`, shaped by its family. */
export function chatRequestFor(model: string, parts: ChatRequestParts): ChatCompletionRequest {
  const family = familyOf(model);
  const cap = family.outputCaps[0]!;
  return {
    model,
    messages: parts.messages,
    ...(parts.tools.length ? { tools: parts.tools } : {}),
    ...(family.effort ? { reasoning_effort: family.effort } : {}),
    ...(parts.maxCompletionTokens === undefined ? {} : { [cap]: parts.maxCompletionTokens }),
    ...(parts.responseFormat ? { response_format: parts.responseFormat } : {}),
  };
}
