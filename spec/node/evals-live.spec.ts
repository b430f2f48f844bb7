/**
 * ADR 027.2 and 027.6: the live tier end to end, with no network. A stand-in OpenAI-compatible
 * server (a key required, usage reported) serves two "models": one runs the offline consultant's
 * consultation, the other concludes at once. The eval runs both side by side through the Worker,
 * k times each, and reports pass^1 and pass^k, the tokens the endpoint reported, their cost at
 * list price, and latency. Without a key, `npm run eval -- --live` says it skipped, and why.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { personaById } from "../../evals/personas";
import { liveReport, passAt } from "../../evals/report";
import { runEvals, type EvalRun } from "../../evals/runner";
import { offlineConsultant } from "../../playground/offline-consultant";
import { HANDOFF_TOOL_NAME } from "../../src/conversation/consultant-prompt";
import { operatorCommand } from "../support/operator";
import { specHangMsFor } from "../support/patience";

const run = promisify(execFile);
const KEY = "sk-eval-spec-key";
let server: Server;
let baseUrl: string;
let dir: string;
let evals: EvalRun;
const received: Array<{ authorization: string | undefined; body: { model: string; messages: Array<{ content: unknown }> } }> = [];

/** A chat completion from the stand-in endpoint: `eval-good` consults, `eval-hasty` concludes at once; both report usage. */
async function answer(body: { model: string; messages: Array<{ role: string; content: unknown }>; response_format?: unknown }) {
  const completion = (await offlineConsultant(body)) as Record<string, unknown>;
  const usage = { prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050, prompt_tokens_details: { cached_tokens: 400 } };
  if (body.model !== "eval-hasty" || body.response_format) return { ...completion, model: body.model, usage };
  const call = { id: "call_hasty", type: "function", function: { name: HANDOFF_TOOL_NAME, arguments: JSON.stringify({ summary: "Nothing asked yet.", message: "Thanks, that is all!" }) } };
  return { ...completion, model: body.model, usage, choices: [{ index: 0, message: { role: "assistant", content: null, refusal: null, tool_calls: [call] }, logprobs: null, finish_reason: "tool_calls" }] };
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    request.on("end", async () => {
      if (request.url !== "/v1/chat/completions" || request.headers.authorization !== `Bearer ${KEY}`) {
        response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } }));
        return;
      }
      const body = JSON.parse(text);
      received.push({ authorization: request.headers.authorization, body });
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(await answer(body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  dir = mkdtempSync(join(tmpdir(), "evals-live-spec-"));
  evals = await runEvals({
    personas: [personaById("english")],
    tier: "live",
    models: ["eval-good", "eval-hasty"],
    k: 2,
    live: { baseUrl, apiKey: KEY },
    prices: { "eval-good": { input: 1, cachedInput: 0.5, output: 10 } },
    evidenceDir: dir,
  });
}, specHangMsFor(4)); // one persona, two models, two runs each

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the live tier", () => {
  it("ADR-027.2 sends the Worker's requests to the OpenAI-compatible endpoint with the key, each with the model under test, photos inline", () => {
    expect(received.length).toBeGreaterThan(0);
    expect(new Set(received.map((r) => r.body.model))).toEqual(new Set(["eval-good", "eval-hasty"]));
    const images = received.flatMap((r) => r.body.messages.flatMap((m) => (Array.isArray(m.content) ? (m.content as Array<{ type: string; image_url?: { url: string } }>) : [])).filter((p) => p.type === "image_url"));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image.image_url!.url).toMatch(/^data:image\/png;base64,/);
  });

  it("ADR-027.6 reports each model side by side: pass^1 and pass^k per persona and overall, reported tokens, cost at list price, latency", () => {
    const good = evals.results.filter((r) => r.model === "eval-good");
    const hasty = evals.results.filter((r) => r.model === "eval-hasty");
    expect([good.length, hasty.length]).toEqual([2, 2]);
    expect(passAt(good)).toEqual({ pass1: 1, passK: 1 });
    expect(passAt(hasty)).toEqual({ pass1: 0, passK: 0 });
    for (const result of good) {
      const consultantCalls = result.calls.filter((c) => c.kind !== "transcription");
      expect(consultantCalls.every((c) => !c.estimated && c.promptTokens === 1000 && c.completionTokens === 50 && c.cachedTokens === 400)).toBe(true);
      expect(result.metrics.find((m) => m.id === "tokens")!.value).toBe(`${(1050 * consultantCalls.length).toLocaleString("en")}, $${((600 * 1 + 400 * 0.5 + 50 * 10) * consultantCalls.length / 1e6).toFixed(4)}`);
    }
    expect(hasty[0]!.metrics.filter((m) => m.status === "fail").map((m) => m.id)).toEqual(["topics"]);
    const report = liveReport(evals, baseUrl);
    expect(report).toContain("| model | pass^1 | pass^2 | tokens per consultation (mean) | cost per consultation (mean) | latency p50 | latency p95 |");
    expect(report).toMatch(/\| eval-good \| 1\.00 \| 1\.00 \| [\d,]+ \| \$0\.\d{4} \| \d+ ms \| \d+ ms \|/);
    expect(report).toMatch(/\| eval-hasty \| 0\.00 \| 0\.00 \| [\d,]+ \| no list price \| \d+ ms \| \d+ ms \|/);
    expect(report).toContain("| english | 0.00 | 0.00 | topics (2) |");
    expect(hasty.every((r) => r.evidence?.startsWith(dir))).toBe(true);
  });

  it("ADR-027.2 without OPENAI_API_KEY, `npm run eval -- --live` prints one line saying it skipped and why, and exits 0", async () => {
    const { OPENAI_API_KEY: _, ...env } = process.env;
    const { stdout, stderr } = await run(...operatorCommand("evals/cli.ts", ["--live", "--model", "gpt-6-luna"]), { env: { ...env, OPENAI_API_KEY: "" } });
    expect(stdout.trim().split("\n")).toHaveLength(1);
    expect(stdout).toMatch(/^eval --live skipped: OPENAI_API_KEY is not set/);
    expect(stderr).toBe("");
  });
});
