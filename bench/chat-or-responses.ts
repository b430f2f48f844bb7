/**
 * ADR 026.3's choice, measured on the scripted consultation's own answering requests: each as
 * the Worker sends it (Chat Completions, `reasoning_effort: "none"`) and as the same turn would go
 * to the Responses API with reasoning (`input` items, flat function tools, `reasoning.effort`
 * `low`, `max_output_tokens`). Request size is the JSON's bytes; latency is a local stand-in's
 * round trip for each (it parses the body and answers a fixed completion), so it shows what the
 * shape costs the Worker, not what OpenAI's reasoning costs: that is output tokens OpenAI
 * decides, which no stand-in can tell.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChatRequestBody } from "./prompt-token-count";
import { median, round } from "./stats";

interface ContentPart {
  type?: string;
  text?: string;
  image_url?: { url?: string; detail?: string };
}

/** The same turn as a Responses API request (OpenAI's `CreateResponse`), reasoning at `low`. */
export function asResponsesRequest(body: ChatRequestBody & { max_completion_tokens?: number }): Record<string, unknown> {
  return {
    model: body.model,
    input: body.messages.map((message) => ({
      role: message.role,
      content: Array.isArray(message.content)
        ? (message.content as ContentPart[]).map((part) =>
            part.type === "image_url" ? { type: "input_image", image_url: part.image_url?.url, detail: part.image_url?.detail ?? "auto" } : { type: "input_text", text: part.text ?? "" },
          )
        : message.content,
    })),
    ...(body.tools?.length ? { tools: body.tools.map((tool) => ({ type: "function", ...tool.function })) } : {}),
    reasoning: { effort: "low" },
    ...(body.max_completion_tokens === undefined ? {} : { max_output_tokens: body.max_completion_tokens }),
    store: false,
  };
}

const ROUNDS = 3;

/** Milliseconds for each body's POST to a local stand-in that reads it and answers a fixed completion, median of ROUNDS. */
async function roundTrips(bodies: Array<{ path: string; body: unknown }>): Promise<number[]> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const answer = request.url?.endsWith("/responses")
        ? { object: "response", status: "completed", output: [{ type: "message", role: "assistant", content: [{ type: "output_text", text: "¿Cada cuánto lavas tu cabello?" }] }] }
        : { object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "¿Cada cuánto lavas tu cabello?" }, finish_reason: "stop" }] };
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  try {
    const samples = bodies.map(() => [] as number[]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, { path, body }] of bodies.entries()) {
        const started = performance.now();
        const response = await fetch(`${origin}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer sk-bench" }, body: JSON.stringify(body) });
        await response.json();
        samples[i]!.push(performance.now() - started);
      }
    }
    return samples.map(median);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export async function chatOrResponses(answering: ChatRequestBody[]): Promise<string> {
  const responses = answering.map(asResponsesRequest);
  const bytes = (body: unknown) => Buffer.byteLength(JSON.stringify(body));
  const chatBytes = answering.map(bytes);
  const responsesBytes = responses.map(bytes);
  const sum = (xs: number[]) => xs.reduce((n, x) => n + x, 0);
  // Interleaved, so that both shapes meet the same moments of a busy machine.
  const trips = await roundTrips(answering.flatMap((body, i) => [{ path: "/chat/completions", body }, { path: "/responses", body: responses[i] }]));
  const chatMs = trips.filter((_, i) => i % 2 === 0);
  const responsesMs = trips.filter((_, i) => i % 2 === 1);
  return [
    `**Chat Completions or the Responses API (ADR 026.3)**, on these ${answering.length} answering requests: as sent (Chat Completions, \`reasoning_effort: "none"\`) and as the same turns`,
    "would go to `POST /responses` with reasoning (`input` items, flat function tools, `reasoning.effort` `low`, `max_output_tokens`; `bench/chat-or-responses.ts`).",
    "",
    "| | Chat Completions, effort `none` | Responses API, effort `low` |",
    "| --- | ---: | ---: |",
    `| request JSON, whole consultation | ${round(sum(chatBytes) / 1024, 1)} KiB | ${round(sum(responsesBytes) / 1024, 1)} KiB |`,
    `| request JSON, turn ${answering.length} | ${chatBytes.at(-1)} B | ${responsesBytes.at(-1)} B |`,
    `| prompt tokens | as counted above | the same messages and tools: the same content tokens (framing is OpenAI's, not published) |`,
    "| reasoning tokens (billed as output) | 0 | what the model thinks at `low`, every turn: not measurable without OpenAI |",
    `| round trip to a local stand-in, median of the turns (${ROUNDS} rounds each) | ${round(median(chatMs), 2)} ms | ${round(median(responsesMs), 2)} ms |`,
  ].join("\n");
}
