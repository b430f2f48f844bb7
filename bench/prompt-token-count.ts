/** Prompt tokens of one chat completion request body, as OpenAI would bill its input. */
import { countChatCompletionTokens, encode } from "gpt-tokenizer/model/gpt-4o-mini";

type ChatCompletionRequest = Parameters<NonNullable<typeof countChatCompletionTokens>>[0];

export interface ChatRequestBody {
  model: string;
  messages: Array<{ role: string; content: unknown }>;
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
  response_format?: unknown;
}

export interface PromptTokens {
  text: number;
  images: number;
  imageTokens: number;
  total: number;
}

/**
 * OpenAI's image accounting for gpt-4o-mini (images and vision guide, "Calculating costs"):
 * low detail is a flat 2,833 tokens; high detail is 2,833 + 5,667 per 512 px tile after the
 * image is scaled to fit 2048×2048 and then to a 768 px shortest side. `auto` is counted as
 * high. The Worker does not send dimensions, so high detail assumes a 1600×1200 phone photo.
 */
const BASE_TOKENS = 2_833;
const TILE_TOKENS = 5_667;
const ASSUMED_PHOTO = { width: 1600, height: 1200 };

export const IMAGE_ACCOUNTING =
  "OpenAI's documented accounting for gpt-4o-mini: `low` detail 2,833 tokens an image; `high`/`auto` 2,833 + 5,667 per 512 px tile " +
  "(a 1600×1200 photo is 4 tiles: 25,501 tokens).";

function highDetailTokens({ width, height }: { width: number; height: number }): number {
  const fit = Math.min(1, 2048 / Math.max(width, height));
  const [w1, h1] = [width * fit, height * fit];
  const shrink = 768 / Math.min(w1, h1);
  const [w2, h2] = shrink < 1 ? [w1 * shrink, h1 * shrink] : [w1, h1];
  return BASE_TOKENS + TILE_TOKENS * Math.ceil(w2 / 512) * Math.ceil(h2 / 512);
}

interface ContentPart {
  type?: string;
  text?: string;
  image_url?: { url?: string; detail?: string };
}

export function countPromptTokens(body: ChatRequestBody): PromptTokens {
  let images = 0;
  let imageTokens = 0;
  const messages = body.messages.map((message) => {
    if (!Array.isArray(message.content)) return { role: message.role, content: String(message.content ?? "") };
    const text: string[] = [];
    for (const part of message.content as ContentPart[]) {
      if (part.type === "image_url") {
        images++;
        imageTokens += part.image_url?.detail === "low" ? BASE_TOKENS : highDetailTokens(ASSUMED_PHOTO);
      } else if (typeof part.text === "string") {
        text.push(part.text);
      }
    }
    return { role: message.role, content: text.join("\n") };
  });
  const functions = (body.tools ?? []).map((tool) => tool.function) as ChatCompletionRequest["functions"];
  // A structured-output schema is read by the model too: counted as its JSON's tokens (an estimate).
  const schema = body.response_format ? encode(JSON.stringify(body.response_format)).length : 0;
  const text = countChatCompletionTokens!({ messages, ...(functions?.length ? { functions } : {}) }) + schema;
  return { text, images, imageTokens, total: text + imageTokens };
}

/** A request as the model reads it, in order: the tools, then each message's role and content (images as their links). */
function readingOrder(body: ChatRequestBody): string {
  const content = (m: { content: unknown }) =>
    Array.isArray(m.content) ? (m.content as ContentPart[]).map((p) => (p.type === "image_url" ? `<image ${p.image_url?.url}>` : (p.text ?? ""))).join("\n") : String(m.content ?? "");
  return [JSON.stringify(body.tools ?? []), ...body.messages.map((m) => `<|${m.role}|>${content(m)}<|end|>`)].join("");
}

/** How many leading tokens `next` shares with `previous`, read in order (what a prefix cache could reuse), of how many. */
export function sharedPrefixTokens(previous: ChatRequestBody, next: ChatRequestBody): { shared: number; of: number } {
  const [a, b] = [encode(readingOrder(previous)), encode(readingOrder(next))];
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return { shared: n, of: b.length };
}
