/**
 * ADR 024: the fetch-based OpenAI clients against the `openai` SDK they replaced, kept as a dev
 * dependency for this oracle only. Both are given the same recording `fetch` and the same
 * answers; what they send, and how they read a refusal, must agree.
 */
import OpenAI, { APIConnectionError, APIError, toFile } from "openai";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { handoffTool } from "../../../src/conversation/consultant-prompt";
import { observationFormat, observationRequest } from "../../../src/conversation/photo-observation";
import { createModelClient, type ChatCompletionMessageParam } from "../../../src/openai/client";
import { classifyOpenAIError, OpenAIError } from "../../../src/openai/errors";
import { createTranscriber } from "../../../src/openai/transcribe";

const BASE_URL = "http://model.invalid/v1";
const API_KEY = "sk-oracle";
const policy = () => ({ attempts: 1, baseDelayMs: 1, deadline: Date.now() + 5_000 });
const completion = Response.json({ id: "c", object: "chat.completion", created: 0, model: "m", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "hola" } }] });

/** A `fetch` that answers every POST with a copy of `answer` and keeps each POST as a `Request`. */
function recording(answer: () => Response) {
  const requests: Request[] = [];
  const fetch = (async (url: RequestInfo | URL, init?: RequestInit) => {
    if (init?.method !== "POST") return new Response("");
    requests.push(new Request(url, { ...init, duplex: "half" } as RequestInit));
    return answer();
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

/** The SDK as src/openai/client.ts configured it before ADR 024: no retries of its own. */
const sdkWith = (fetch: typeof globalThis.fetch) => new OpenAI({ apiKey: API_KEY, baseURL: BASE_URL, fetch, maxRetries: 0, timeout: 20_000 });

/** What a request says, without the SDK's own `User-Agent` and `X-Stainless-*` telemetry. */
async function essentials(request: Request) {
  const type = request.headers.get("content-type") ?? "";
  const body = type.startsWith("multipart/form-data")
    ? await Promise.all(
        [...(await request.formData()).entries()].map(async ([name, value]) =>
          typeof value === "string" ? { name, value } : { name, filename: value.name, type: value.type, bytes: [...new Uint8Array(await value.arrayBuffer())] },
        ),
      )
    : await request.json();
  return {
    method: request.method,
    url: request.url,
    authorization: request.headers.get("authorization"),
    contentType: type.replace(/boundary=.*$/, "boundary=…"),
    accept: request.headers.get("accept"),
    body,
  };
}

const photoTurn: ChatCompletionMessageParam[] = [
  { role: "system", content: "You are Tata Oro's curl consultation assistant." },
  { role: "user", content: [{ type: "text", text: "Aquí va una foto" }, { type: "image_url", image_url: { url: "https://wa.example.com/media/v1.x.photo.jpg", detail: "low" } }] },
  { role: "assistant", content: "¡Gracias!" },
  { role: "user", content: "¿Y ahora?" },
];

describe("the OpenAI clients send what the SDK sent", () => {
  it("ADR-024.2 a chat completion: the same method, URL, bearer key, JSON content type and body, with tools, the output cap and a response format", async () => {
    const ours = recording(() => completion.clone());
    const sdk = recording(() => completion.clone());
    await createModelClient({ apiKey: API_KEY, baseURL: BASE_URL, model: "gpt-6-luna", fetch: ours.fetch }).complete(photoTurn, [handoffTool], policy(), { maxCompletionTokens: 1000 });
    await sdkWith(sdk.fetch).chat.completions.create({ model: "gpt-6-luna", messages: photoTurn, tools: [handoffTool], reasoning_effort: "none", max_completion_tokens: 1000 });
    const observe = observationRequest("https://wa.example.com/media/v1.x.photo.jpg", "low", "es");
    await createModelClient({ apiKey: API_KEY, baseURL: BASE_URL, model: "gpt-6-luna", fetch: ours.fetch }).complete(observe, [], policy(), { responseFormat: observationFormat });
    await sdkWith(sdk.fetch).chat.completions.create({ model: "gpt-6-luna", messages: observe, reasoning_effort: "none", response_format: observationFormat });
    // A model that does not reason gets no effort: the request as the SDK sends it without one.
    await createModelClient({ apiKey: API_KEY, baseURL: BASE_URL, model: "gpt-4o-mini", fetch: ours.fetch }).complete(photoTurn, [handoffTool], policy(), { maxCompletionTokens: 1000 });
    await sdkWith(sdk.fetch).chat.completions.create({ model: "gpt-4o-mini", messages: photoTurn, tools: [handoffTool], max_completion_tokens: 1000 });

    expect(ours.requests).toHaveLength(3);
    const mine = await Promise.all(ours.requests.map(essentials));
    expect(mine).toEqual(await Promise.all(sdk.requests.map(essentials)));
    expect(mine[0]).toMatchObject({ url: `${BASE_URL}/chat/completions`, authorization: `Bearer ${API_KEY}`, contentType: "application/json" });
  });

  it("ADR-024.2 a transcription: the same multipart form, the model then the file with its name and type, and the same headers", async () => {
    const answer = () => Response.json({ text: "me lavo el pelo" });
    const ours = recording(answer);
    const sdk = recording(answer);
    const audio = { bytes: new TextEncoder().encode("OggS-voice"), contentType: "audio/ogg", filename: "voice-note-1.ogg" };
    expect(await createTranscriber({ apiKey: API_KEY, baseURL: BASE_URL, model: "gpt-transcribe", fetch: ours.fetch })(audio, policy())).toBe("me lavo el pelo");
    await sdkWith(sdk.fetch).audio.transcriptions.create({ model: "gpt-transcribe", file: await toFile(audio.bytes, audio.filename, { type: audio.contentType }) });

    const [mine, theirs] = [await essentials(ours.requests[0]!), await essentials(sdk.requests[0]!)];
    expect(mine).toEqual(theirs);
    expect(mine.contentType).toBe("multipart/form-data; boundary=…");
    expect(mine.body).toEqual([{ name: "model", value: "gpt-transcribe" }, { name: "file", filename: "voice-note-1.ogg", type: "audio/ogg", bytes: [...audio.bytes] }]);
  });
});

describe("a refusal reads as the SDK read it", () => {
  const refusals: Array<[string, () => Response]> = [
    ["400 unsupported_parameter", () => Response.json({ error: { message: "Unsupported parameter: 'temperature'", type: "invalid_request_error", param: "temperature", code: "unsupported_parameter" } }, { status: 400 })],
    ["429 insufficient_quota", () => Response.json({ error: { message: "You exceeded your current quota", type: "insufficient_quota", param: null, code: "insufficient_quota" } }, { status: 429 })],
    ["429 rate_limit_exceeded", () => Response.json({ error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } }, { status: 429, headers: { "retry-after-ms": "1500" } })],
    ["500 without a body", () => new Response(null, { status: 500 })],
    ["502 in HTML", () => new Response("<html>Bad gateway</html>", { status: 502, headers: { "content-type": "text/html" } })],
    ["503 as a bare object", () => Response.json({ message: "overloaded", code: "overloaded" }, { status: 503 })],
    ["500 with JSON null as its body", () => new Response("null", { status: 500, headers: { "content-type": "application/json" } })],
    ["500 whose error is null", () => Response.json({ error: null }, { status: 500 })],
  ];

  for (const [name, answer] of refusals) {
    it(`ADR-024.4 ${name}: the same status, message, code, param, type and headers, so the same retry decision`, async () => {
      const ours = await createModelClient({ apiKey: API_KEY, baseURL: BASE_URL, model: "m", fetch: recording(answer).fetch })
        .complete([{ role: "user", content: "hola" }], [], policy())
        .catch((error: unknown) => error);
      const theirs = await sdkWith(recording(answer).fetch)
        .chat.completions.create({ model: "m", messages: [{ role: "user", content: "hola" }] })
        .catch((error: unknown) => error);
      expect(ours).toBeInstanceOf(OpenAIError);
      expect(theirs).toBeInstanceOf(APIError);
      const read = (e: OpenAIError | APIError) => ({ status: e.status, message: e.message, code: e.code ?? undefined, param: e.param ?? undefined, type: e.type ?? undefined, retryAfterMs: e.headers?.get("retry-after-ms") });
      expect(read(ours as OpenAIError)).toEqual(read(theirs as APIError));
    });
  }

  it("ADR-024.4 no answer at all: a connection error for both, and ours is retried", async () => {
    const refused = (async () => {
      throw new TypeError("fetch failed");
    }) as typeof globalThis.fetch;
    const ours = await createModelClient({ apiKey: API_KEY, baseURL: BASE_URL, model: "m", fetch: refused }).complete([], [], policy()).catch((error: unknown) => error);
    const theirs = await sdkWith(refused).chat.completions.create({ model: "m", messages: [] }).catch((error: unknown) => error);
    expect(theirs).toBeInstanceOf(APIConnectionError);
    expect([ours instanceof OpenAIError && ours.status, classifyOpenAIError(ours)]).toEqual([0, { retry: true }]);
  });
});

describe("the SDK is out of the Worker", () => {
  const root = fileURLToPath(new URL("../../..", import.meta.url));
  it("ADR-024.1 nothing in src/ imports the openai package, and it is a dev dependency only", () => {
    const sources = (readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" }) as string[]).filter((path) => /\.tsx?$/.test(path));
    expect(sources).toContain(join("openai", "client.ts"));
    const importing = sources.filter((path) => /\bfrom\s+["']openai(\/[^"']*)?["']|import\(\s*["']openai/.test(readFileSync(join(root, "src", path), "utf8")));
    expect(importing).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(Object.keys(manifest.dependencies)).not.toContain("openai");
    expect(Object.keys(manifest.devDependencies)).toContain("openai");
  });
});
