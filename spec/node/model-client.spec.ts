/**
 * ADR 014.3: the OpenAI client knows nothing of consultations. It sends the tools (and the
 * output cap, ADR 018.1) its caller gives, and hands back the text and every tool call as they
 * came; what a call means is the consultant prompt's business.
 */
import { describe, expect, it } from "vitest";
import { createModelClient, type ChatCompletionTool } from "../../src/openai/client";

const weatherTool: ChatCompletionTool = {
  type: "function",
  function: { name: "weather", description: "any tool at all", parameters: { type: "object", properties: {} } },
};

function clientAnswering(message: Record<string, unknown>) {
  const bodies: Array<Record<string, unknown>> = [];
  const model = createModelClient({
    apiKey: "sk-test",
    baseURL: "http://model.invalid/v1",
    model: "some-model",
    fetch: async (_input, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      return Response.json({ id: "c", object: "chat.completion", created: 0, model: "some-model", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", ...message } }] });
    },
  });
  return { model, bodies };
}

const policy = () => ({ attempts: 1, baseDelayMs: 1, deadline: Date.now() + 5_000 });

describe("the OpenAI client", () => {
  it("ADR-014.3 sends exactly the tools its caller gives, and none when given none", async () => {
    const { model, bodies } = clientAnswering({ content: "hola" });
    await model.complete([{ role: "user", content: "hi" }], [weatherTool], policy());
    await model.complete([{ role: "user", content: "hi" }], [], policy());
    expect(bodies[0]!.tools).toEqual([weatherTool]);
    expect(bodies[1]).not.toHaveProperty("tools");
  });

  it("ADR-014.3 returns the text and every function call untouched, whatever their names", async () => {
    const { model } = clientAnswering({
      content: "  texto  ",
      tool_calls: [{ id: "t1", type: "function", function: { name: "weather", arguments: "{not json" } }],
    });
    expect(await model.complete([{ role: "user", content: "hi" }], [weatherTool], policy())).toEqual({
      text: "texto",
      toolCalls: [{ name: "weather", arguments: "{not json" }],
    });
  });

  it("ADR-018.1 sends max_completion_tokens when its caller gives a cap, and none when not", async () => {
    const { model, bodies } = clientAnswering({ content: "hola" });
    await model.complete([{ role: "user", content: "hi" }], [], policy(), { maxCompletionTokens: 321 });
    await model.complete([{ role: "user", content: "hi" }], [], policy());
    expect(bodies[0]!.max_completion_tokens).toBe(321);
    expect(bodies[1]).not.toHaveProperty("max_completion_tokens");
  });
});
