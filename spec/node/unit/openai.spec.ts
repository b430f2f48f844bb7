/**
 * ADR 004.6 and ADR 006.7, the OpenAI clients in node (src/openai/client.ts, transcribe.ts), with a
 * fetch that answers as the API does: which failures are retried, what a completion hands back,
 * and what a transcription returns.
 */
import { describe, expect, it, vi } from "vitest";
import { createModelClient } from "../../../src/openai/client";
import { classifyOpenAIError, OpenAIError } from "../../../src/openai/errors";
import { postToOpenAI } from "../../../src/openai/request";
import { createTranscriber } from "../../../src/openai/transcribe";
import { scriptedFetch } from "../../support/scripted-fetch";

/** An error answer as OpenAI sends it: `{ "error": {...} }` with its status and headers. */
const apiError = (status: number, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  OpenAIError.fromAnswer(status, JSON.stringify({ error: body }), new Headers(headers));

describe("classifyOpenAIError", () => {
  it("ADR-004.6 retries connection errors, 5xx, 408 and rate limits (with their wait), never quota, other 4xx or anything else", () => {
    expect(classifyOpenAIError(new OpenAIError(0, "connection error: reset"))).toEqual({ retry: true });
    expect(classifyOpenAIError(new OpenAIError(0, "no answer within 20000 ms", {}, undefined, true))).toEqual({ retry: true });
    for (const status of [500, 502, 503, 408]) expect(classifyOpenAIError(apiError(status)), String(status)).toEqual({ retry: true });
    for (const status of [400, 401, 403, 404, 409, 422]) expect(classifyOpenAIError(apiError(status)), String(status)).toEqual({ retry: false });
    expect(classifyOpenAIError(apiError(429, { code: "insufficient_quota" }))).toEqual({ retry: false });
    expect(classifyOpenAIError(apiError(429, { code: "rate_limit_exceeded" }, { "retry-after-ms": "1500" }))).toEqual({ retry: true, retryAfterSeconds: 1.5 });
    expect(classifyOpenAIError(apiError(429, {}, { "retry-after-ms": "0", "retry-after": "2" }))).toEqual({ retry: true, retryAfterSeconds: 2 });
    expect(classifyOpenAIError(apiError(429, {}, { "retry-after-ms": "soon", "retry-after": "3" }))).toEqual({ retry: true, retryAfterSeconds: 3 });
    expect(classifyOpenAIError(apiError(429))).toEqual({ retry: true, retryAfterSeconds: undefined });
    expect(classifyOpenAIError(new OpenAIError(429, "no headers"))).toEqual({ retry: true, retryAfterSeconds: undefined });
    expect(classifyOpenAIError(new Error("other"))).toEqual({ retry: false });
    expect(classifyOpenAIError("text")).toEqual({ retry: false });
  });
});

function answering(...responses: Array<Response | (() => Response)>) {
  const bodies: Array<Record<string, unknown>> = [];
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    if (typeof init?.body === "string") bodies.push(JSON.parse(init.body));
    const next = responses.shift() ?? new Response("{}", { status: 500 });
    return typeof next === "function" ? next() : next;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, bodies, calls: fetch };
}
const completion = (message: Record<string, unknown>) =>
  Response.json({ id: "c", object: "chat.completion", created: 0, model: "m", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", ...message } }] });
const policy = () => ({ attempts: 3, baseDelayMs: 1, deadline: Date.now() + 5_000 });

describe("the model client", () => {
  it("ADR-004.3 sends the model and messages, no tools key when there are none, the response format when asked; hands back trimmed text and function calls", async () => {
    const { fetch, bodies } = answering(
      completion({ content: "  hola  ", tool_calls: [{ id: "1", type: "function", function: { name: "f", arguments: "{}" } }, { id: "2", type: "custom", custom: { name: "c", input: "" } }] }),
      completion({ content: null }),
    );
    const model = createModelClient({ apiKey: "sk", baseURL: "http://model.invalid/v1", model: "m-1", fetch });
    expect(await model.complete([{ role: "user", content: "hi" }], [], policy(), { responseFormat: { type: "json_object" } })).toEqual({ text: "hola", toolCalls: [{ name: "f", arguments: "{}" }] });
    expect(bodies[0]).toEqual({ model: "m-1", messages: [{ role: "user", content: "hi" }], response_format: { type: "json_object" } });
    expect(await model.complete([{ role: "user", content: "hi" }], [], policy())).toEqual({ text: "", toolCalls: [] });
    expect(bodies[1]).toEqual({ model: "m-1", messages: [{ role: "user", content: "hi" }] });
    expect(() => createModelClient({ apiKey: "sk", baseURL: "http://x", model: "", fetch })).toThrow("model client needs a model name");
  });

  it("ADR-004.6 retries a 500 itself (under the project's policy, the only one), and gives up on a 400 at once", async () => {
    const retried = answering(new Response(JSON.stringify({ error: { message: "down" } }), { status: 500 }), completion({ content: "ok" }));
    expect(await createModelClient({ apiKey: "sk", baseURL: "http://model.invalid/v1", model: "m", fetch: retried.fetch }).complete([], [], policy())).toMatchObject({ text: "ok" });
    expect(retried.calls).toHaveBeenCalledTimes(2);
    const refused = answering(new Response(JSON.stringify({ error: { message: "bad" } }), { status: 400 }), completion({ content: "never" }));
    await expect(createModelClient({ apiKey: "sk", baseURL: "http://model.invalid/v1", model: "m", fetch: refused.fetch }).complete([], [], policy())).rejects.toBeInstanceOf(OpenAIError);
    expect(refused.calls).toHaveBeenCalledTimes(1);
  });

  it("ADR-004.6 an attempt that hangs ends by the policy's deadline, not the 20 s default", async () => {
    const hanging = vi.fn((_url: RequestInfo | URL, init?: RequestInit) => new Promise<Response>((_, reject) => init?.signal?.addEventListener("abort", () => reject(new Error("aborted")))));
    const model = createModelClient({ apiKey: "sk", baseURL: "http://model.invalid/v1", model: "m", fetch: hanging as unknown as typeof fetch });
    const started = Date.now();
    await expect(model.complete([], [], { attempts: 1, baseDelayMs: 1, deadline: Date.now() + 50 })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(20_000); // the default it must not wait (a bound in real time: no tighter, so a loaded machine cannot fail it)
    const patient = answering(() => completion({ content: "late but fine" }));
    const slow = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      if (init?.signal?.aborted) throw new Error("aborted");
      return patient.fetch(url, init);
    });
    expect(await createModelClient({ apiKey: "sk", baseURL: "http://model.invalid/v1", model: "m", fetch: slow as unknown as typeof fetch }).complete([], [], { attempts: 1, baseDelayMs: 1, deadline: Date.now() + 5_000 })).toMatchObject({ text: "late but fine" });
  });
});

describe("one attempt, as ADR 024 decides it", () => {
  const stalledBody = () => new Response(new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"choices":')) }), { headers: { "content-type": "application/json" } });
  const ignoresAbort = (() => new Promise<Response>(() => undefined)) as unknown as typeof globalThis.fetch;

  it("ADR-024.3 an attempt ends at its timeout even when the fetch ignores the abort, or the answer's body stalls; each ends as no answer, timed out", async () => {
    for (const fetch of [ignoresAbort, answering(stalledBody).fetch]) {
      const model = createModelClient({ apiKey: "sk", baseURL: "http://model.invalid/v1", model: "m", fetch, timeoutMs: 60 });
      const started = Date.now();
      const error = await model.complete([], [], { attempts: 1, baseDelayMs: 1, deadline: Date.now() + 5_000 }).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(5_000); // the policy's deadline: without its own timeout the attempt would wait that long, or forever
      expect(error).toBeInstanceOf(OpenAIError);
      expect([(error as OpenAIError).status, (error as OpenAIError).timedOut, classifyOpenAIError(error)]).toEqual([0, true, { retry: true }]);
    }
    const form = new FormData();
    form.append("model", "w");
    const started = Date.now();
    const error = await postToOpenAI({ apiKey: "sk", baseURL: "http://model.invalid/v1", fetch: ignoresAbort }, "/audio/transcriptions", form, 60).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000); // it would wait forever without its own timeout
    expect(error).toMatchObject({ status: 0, timedOut: true, message: "no answer within 60 ms" });
  });

  it("ADR-024.3 the client has no retries of its own: with one attempt allowed, a 500, a 429 or a refused connection is one request", async () => {
    for (const failure of [new Response("{}", { status: 500 }), new Response("{}", { status: 429 }), new TypeError("fetch failed")]) {
      const { fetch, calls } = scriptedFetch(failure, completion({ content: "never" }));
      await expect(createModelClient({ apiKey: "sk", baseURL: "http://model.invalid/v1", model: "m", fetch }).complete([], [], { ...policy(), attempts: 1 })).rejects.toBeInstanceOf(OpenAIError);
      expect(calls).toHaveLength(1);
    }
    const transcriber = scriptedFetch(new Response("{}", { status: 503 }), Response.json({ text: "never" }));
    const transcribe = createTranscriber({ apiKey: "sk", baseURL: "http://model.invalid/v1", model: "w", fetch: transcriber.fetch });
    await expect(transcribe({ bytes: new Uint8Array([1]), contentType: "audio/ogg", filename: "a.ogg" }, { ...policy(), attempts: 1 })).rejects.toBeInstanceOf(OpenAIError);
    expect(transcriber.calls).toHaveLength(1);
  });

  it("ADR-024.4 a body that breaks off is no answer (retried); JSON that does not parse, or an answer that is no chat completion, is an error not retried", async () => {
    const brokenBody = () => new Response(new ReadableStream({ pull: (controller) => controller.error(new Error("connection reset")) }), { headers: { "content-type": "application/json" } });
    const broken = answering(brokenBody, completion({ content: "después" }));
    expect(await createModelClient({ apiKey: "sk", baseURL: "http://model.invalid/v1", model: "m", fetch: broken.fetch }).complete([], [], policy())).toMatchObject({ text: "después" });
    expect(broken.calls).toHaveBeenCalledTimes(2);
    for (const answer of [new Response("{not json", { headers: { "content-type": "application/json" } }), Response.json({ object: "list", data: [] }), new Response("hola", { headers: { "content-type": "text/plain" } })]) {
      const once = answering(answer, completion({ content: "never" }));
      const error = await createModelClient({ apiKey: "sk", baseURL: "http://model.invalid/v1", model: "m", fetch: once.fetch }).complete([], [], policy()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(classifyOpenAIError(error)).toEqual({ retry: false });
      expect(once.calls).toHaveBeenCalledTimes(1);
    }
  });
});

describe("what an attempt hands back, as ADR 024 decides it", () => {
  const connection = (fetch: typeof globalThis.fetch) => ({ apiKey: "sk", baseURL: "http://model.invalid/v1", fetch });

  it("ADR-024.3 at its timeout an attempt aborts its request; an attempt answered in time is never aborted afterwards", async () => {
    const signals: AbortSignal[] = [];
    const hangs = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      signals.push(init!.signal!);
      return new Promise<Response>(() => undefined);
    }) as typeof globalThis.fetch;
    await expect(postToOpenAI(connection(hangs), "/chat/completions", {}, 30)).rejects.toMatchObject({ status: 0, timedOut: true });
    expect(signals[0]!.aborted).toBe(true);
    const answers = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      signals.push(init!.signal!);
      return Response.json({ choices: [] });
    }) as typeof globalThis.fetch;
    expect(await postToOpenAI(connection(answers), "/chat/completions", {}, 30)).toEqual({ choices: [] });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(signals[1]!.aborted).toBe(false);
  });

  it("ADR-024.4 a refused connection is an OpenAIError of status 0, not timed out, and the model_failed log line names it and its cause", async () => {
    const { fetch } = scriptedFetch(new TypeError("fetch failed"));
    const error = await createModelClient({ apiKey: "sk", baseURL: "http://model.invalid/v1", model: "m", fetch }).complete([], [], { ...policy(), attempts: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAIError);
    expect([(error as OpenAIError).status, (error as OpenAIError).timedOut]).toEqual([0, false]);
    expect(String(error)).toBe("OpenAIError: connection error: fetch failed");
  });

  it("ADR-024.4 a 2xx that is no chat completion (JSON without choices, JSON null, an empty JSON body, plain text) fails as such, once", async () => {
    const json = { "content-type": "application/json" };
    for (const answer of [Response.json({ object: "list", data: [] }), new Response("null", { headers: json }), new Response("", { headers: json }), new Response("hola", { headers: { "content-type": "text/plain" } })]) {
      const once = scriptedFetch(answer, completion({ content: "never" }));
      const error = await createModelClient({ apiKey: "sk", baseURL: "http://model.invalid/v1", model: "m", fetch: once.fetch }).complete([], [], policy()).catch((e: unknown) => e);
      expect(String(error)).toBe("Error: the chat completion has no choices");
      expect(once.calls).toHaveLength(1);
    }
  });

  it("ADR-024.4 an answer is JSON when its content type says so (with parameters, or a +json type), its text otherwise", async () => {
    const read = (contentType: string, body: string) => postToOpenAI(connection(scriptedFetch(new Response(body, { headers: { "content-type": contentType } })).fetch), "/audio/transcriptions", {}, 1_000);
    expect(await read("application/json; charset=utf-8", '{"text":"hola"}')).toEqual({ text: "hola" });
    expect(await read("application/vnd.example+json", '{"text":"hola"}')).toEqual({ text: "hola" });
    expect(await read("text/plain; charset=utf-8", '{"text":"hola"}')).toBe('{"text":"hola"}');
  });
});

describe("the transcriber", () => {
  it("ADR-006.9 a transcription that hangs is given up after 10 s", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const hanging = (async (_url: RequestInfo | URL, init?: RequestInit) =>
        init?.method !== "POST" ? new Response("") : new Promise<Response>((_, reject) => init.signal?.addEventListener("abort", () => reject(new Error("aborted"))))) as typeof globalThis.fetch;
      const transcribe = createTranscriber({ apiKey: "sk", baseURL: "http://model.invalid/v1", model: "w", fetch: hanging });
      const outcome = transcribe({ bytes: new Uint8Array([1]), contentType: "audio/ogg", filename: "a.ogg" }, { attempts: 1, baseDelayMs: 1, deadline: Date.now() + 60_000 }).then(
        () => "answered",
        () => "given up",
      );
      await vi.advanceTimersByTimeAsync(10_500);
      expect(await Promise.race([outcome, new Promise((resolve) => queueMicrotask(() => resolve("still waiting")))])).toBe("given up");
    } finally {
      vi.useRealTimers();
    }
  });

  it("ADR-006.7 sends the file to the configured model and returns the trimmed words; no words is an error", async () => {
    const requests: Request[] = [];
    const fetch = (async (url: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method !== "POST") return new Response(""); // only the POST is the API call
      requests.push(new Request(url, { ...init, duplex: "half" } as RequestInit));
      return requests.length === 1 ? Response.json({ text: "  me lavo el pelo  " }) : Response.json({ text: "   " });
    }) as typeof globalThis.fetch;
    const transcribe = createTranscriber({ apiKey: "sk", baseURL: "http://model.invalid/v1", model: "whisper-x", fetch });
    const audio = { bytes: new TextEncoder().encode("OggS"), contentType: "audio/ogg", filename: "voice-note-1.ogg" };
    expect(await transcribe(audio, policy())).toBe("me lavo el pelo");
    const form = await requests[0]!.formData();
    expect(form.get("model")).toBe("whisper-x");
    const file = form.get("file") as File;
    expect([file.name, file.type, await file.text()]).toEqual(["voice-note-1.ogg", "audio/ogg", "OggS"]);
    await expect(transcribe(audio, policy())).rejects.toThrow("the transcription is empty");
    expect(requests[1]!.headers.get("authorization")).toBe("Bearer sk");
    expect(() => createTranscriber({ apiKey: "sk", baseURL: "http://x", model: "", fetch })).toThrow("transcriber needs a model name");
  });

  it("ADR-006.7 a transcription answered in plain text, not JSON, is those words, trimmed", async () => {
    const { fetch } = scriptedFetch(new Response("  me lavo el pelo \n", { headers: { "content-type": "text/plain; charset=utf-8" } }));
    const transcribe = createTranscriber({ apiKey: "sk", baseURL: "http://model.invalid/v1", model: "w", fetch });
    expect(await transcribe({ bytes: new Uint8Array([1]), contentType: "audio/ogg", filename: "a.ogg" }, policy())).toBe("me lavo el pelo");
  });
});
