/**
 * List prices, USD per million tokens, for the cost of a consultation (ADR 027.4). Sources:
 * OpenAI's pricing page as of 2026-11 (gpt-4o-mini, as in docs/benchmarks.md) and its
 * 2026-09-22 announcement of GPT-6 Sol and Luna. A model not listed is reported without a cost
 * unless `--price MODEL=INPUT,OUTPUT[,CACHED]` gives one.
 */
export interface Price {
  input: number;
  cachedInput: number;
  output: number;
}

export const listPrices: Record<string, Price> = {
  "gpt-6-luna": { input: 0.1, cachedInput: 0.01, output: 0.5 },
  "gpt-6-sol": { input: 2, cachedInput: 0.2, output: 10 },
  "gpt-4o-mini": { input: 0.15, cachedInput: 0.075, output: 0.6 },
};

/** The model whose prices the deterministic tier's estimated tokens are costed at: the default's successor (issue 23). */
export const REFERENCE_MODEL = "gpt-6-luna";

/** `MODEL=INPUT,OUTPUT[,CACHED]`, USD per million tokens. */
export function parsePrice(text: string): [string, Price] {
  const match = /^([^=]+)=(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?$/.exec(text.trim());
  if (!match) throw new Error(`--price wants MODEL=INPUT,OUTPUT[,CACHED] in USD per million tokens, not "${text}"`);
  const [input, output] = [Number(match[2]), Number(match[3])];
  return [match[1]!, { input, output, cachedInput: match[4] === undefined ? input : Number(match[4]) }];
}

export function costUsd(price: Price | undefined, tokens: { prompt: number; cached: number; completion: number }): number | null {
  if (!price) return null;
  return ((tokens.prompt - tokens.cached) * price.input + tokens.cached * price.cachedInput + tokens.completion * price.output) / 1e6;
}
