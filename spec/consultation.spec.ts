/**
 * ADR 005: the consultation the model is asked to run, where its stylist facts come from,
 * how the code learns that it concluded, and how the client's language is derived.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { consultantPrompt } from "../src/conversation/consultant-prompt";
import { detectLanguage } from "../src/utils/language";
import { loadConfig } from "../src/config/settings";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import handoff from "../fixtures/openai/chat-completion-handoff.json";
import { webhooks } from "../fixtures/twilio/webhooks";
import { answer, chatRequests, network, OPENAI, sentMessages } from "./support/network";
import { webhookRequest } from "./support/twilio";
import { sendWebhook, dispatchWith } from "./support/worker";
import { answerFor } from "./support/answers";

describe("the consultant's instructions", () => {
  it("ADR-005.1 ask one question at a time, in the client's language, over the five topics, honestly", () => {
    const prompt = consultantPrompt(loadConfig({}).stylist);
    expect(prompt).toMatch(/exactly one question/i);
    expect(prompt).toMatch(/Spanish or English/);
    for (const topic of [/photos/i, /history/i, /routine and products/i, /goals/i, /expectations/i]) expect(prompt).toMatch(topic);
    expect(prompt).toMatch(/cannot book/i);
    expect(prompt).toMatch(/cannot promise curls/i);
  });

  it("ADR-005.2 stylist facts come from config, and the prompt holds none of its own", async () => {
    const stylist = { STYLIST_NAME: "Ana Rizos", STYLIST_CITY: "Medellín", STYLIST_BOOKING_URL: "https://book.example.org/ana" };
    await dispatchWith({ ...env, ...stylist }, await webhookRequest(webhooks["text-es"]));
    const system = String(chatRequests()[0]!.messages[0]!.content);
    expect(system).toContain("Ana Rizos");
    expect(system).toContain("Medellín");
    expect(system).toContain("https://book.example.org/ana");
    expect(system).not.toContain("Tata Oro");
    const unconfigured = consultantPrompt(loadConfig({}).stylist);
    expect(unconfigured).not.toMatch(/https?:\/\//);
  });

  it("ADR-005.2 the prompt's rule on links names the booking link itself, and only when one is set", () => {
    const withBooking = consultantPrompt(loadConfig({ STYLIST_BOOKING_URL: "https://book.example.org/ana" }).stylist);
    const rule = (prompt: string) => prompt.split("\n").find((line) => line.startsWith("- Plain text only"))!;
    expect(rule(withBooking)).toContain("https://book.example.org/ana");
    expect(rule(withBooking)).not.toMatch(/\babove\b|\bbelow\b/);
    const withoutBooking = rule(consultantPrompt(loadConfig({}).stylist));
    expect(withoutBooking).toMatch(/never a URL/);
    expect(withoutBooking).not.toMatch(/booking link/);
  });
});

describe("strictly on topic", () => {
  it("ADR-019.1 the consultant declines unrelated requests in one kind sentence and steers back to the consultation", () => {
    const prompt = consultantPrompt(loadConfig({ STYLIST_NAME: "Ana Rizos" }).stylist);
    expect(prompt).toMatch(/Strictly on topic: you are not a general-purpose assistant/);
    expect(prompt).toMatch(/unrelated to their hair, this consultation or an appointment with Ana Rizos, you do not do, not even partly/);
    expect(prompt).toMatch(/decline in one kind sentence and steer back with your next question/);
  });
});

describe("the conclusion", () => {
  it("ADR-005.3 a conclude_consultation tool call stores the summary and sends links built by code", async () => {
    network.use(answer("post", `${OPENAI}/chat/completions`, () => Response.json(handoff)));
    await sendWebhook(webhooks["text-es"]);
    const [request] = chatRequests();
    expect(request!.tools).toEqual([expect.objectContaining({ type: "function", function: expect.objectContaining({ name: "conclude_consultation" }) })]);
    const reply = await answerFor("whatsapp:+5215512345678", webhooks["text-es"].MessageSid);
    const summary = JSON.parse(handoff.choices[0]!.message.tool_calls[0]!.function.arguments).summary;
    expect(reply.handoffSummary).toBe(summary);
    const body = sentMessages()[0]!.Body;
    expect(body).toMatch(/https:\/\/wa\.example\.com\/summary\/[A-Za-z0-9_-]{40,}/);
    expect(body).toMatch(/https:\/\/wa\.me\/15550001111\?text=/);
  });
});

describe("the client's language", () => {
  it("ADR-005.4 is derived from the client's own words, recent ones weighing more", () => {
    expect(detectLanguage(["Hola, quiero una consulta para mis rizos"])).toBe("es");
    expect(detectLanguage(["Hi, I would like a consultation for my curls"])).toBe("en");
    expect(detectLanguage(["Hi, I want help with my hair", "Perdón, mejor en español: tengo el pelo rizado"])).toBe("es");
    expect(detectLanguage([])).toBe("en");
  });
});

describe("provider clients", () => {
  it("ADR-001.3 take their base URLs from config, so every outbound call can be pointed elsewhere", async () => {
    const elsewhere = { OPENAI_BASE_URL: "https://openai.stand-in.test/v1", TWILIO_API_BASE_URL: "https://twilio.stand-in.test" };
    const seen: string[] = [];
    network.use(
      answer("post", "https://openai.stand-in.test/v1/chat/completions", ({ request }) => {
        seen.push(request.url);
        return Response.json(chatCompletion);
      }),
      answer("post", "https://twilio.stand-in.test/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json", ({ request }) => {
        seen.push(request.url);
        return Response.json({ sid: "SM00000000000000000000000000000042", status: "queued" }, { status: 201 });
      }),
    );
    await dispatchWith({ ...env, ...elsewhere }, await webhookRequest(webhooks["text-es"]));
    expect(seen).toEqual([
      "https://openai.stand-in.test/v1/chat/completions",
      "https://twilio.stand-in.test/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json",
    ]);
  });
});
