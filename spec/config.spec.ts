/**
 * ADR 015.1: configuration comes from the Worker's env with the defaults of docs/interface.md. When a
 * setting the webhook needs is missing, it answers 503 naming the setting, and changes nothing.
 */
import { env } from "cloudflare:workers";
import { dispatchWith } from "./support/worker";
import { describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { loadConfig } from "../src/config/settings";
import { expectNoEffect } from "./support/effects";
import { webhookRequest } from "./support/twilio";

async function respondWith(overrides: Record<string, string>, request: Request): Promise<Response> {
  const response = await dispatchWith({ ...env, ...overrides }, request);
  return response;
}

describe("a webhook when the Worker is not configured", () => {
  for (const name of ["TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID", "TWILIO_WHATSAPP_NUMBER", "LINK_SIGNING_SECRET"]) {
    it(`ADR-015.1 without ${JSON.stringify(name)} answers 503 naming it, and changes nothing`, async () => {
      const response = await expectNoEffect(async () => respondWith({ [name]: "" }, await webhookRequest(webhooks["text-es"])), 503);
      expect(await response.json()).toMatchObject({ error: `not configured: ${name} (missing)` });
    });
  }

  it("ADR-015.1 names every missing setting at once", async () => {
    const response = await respondWith({ TWILIO_AUTH_TOKEN: " ", TWILIO_ACCOUNT_SID: "" }, await webhookRequest(webhooks["text-es"]));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: "not configured: TWILIO_ACCOUNT_SID (missing), TWILIO_AUTH_TOKEN (missing)" });
  });

  it("ADR-015.1 a LINK_SIGNING_SECRET shorter than 16 characters counts as missing", async () => {
    const response = await respondWith({ LINK_SIGNING_SECRET: "short" }, await webhookRequest(webhooks["text-es"]));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: "not configured: LINK_SIGNING_SECRET (too short (at least 16 characters))" });
  });
});

describe("loadConfig", () => {
  it("ADR-015.1 fills the defaults of docs/interface.md for settings that are unset or blank", () => {
    const config = loadConfig({ OPENAI_BASE_URL: "", OPENAI_MODEL: "  ", TWILIO_API_BASE_URL: "", PUBLIC_BASE_URL: "" });
    expect(config.openai.baseURL).toBe("https://api.openai.com/v1");
    expect(config.openai.model).toBe("gpt-6-luna");
    expect(config.twilio.apiBaseUrl).toBe("https://api.twilio.com");
    expect(config.publicBaseUrl).toBeUndefined();
    expect(config.stylist.name).toBe("Tata Oro");
  });

  it("ADR-015.1 takes provider base URLs from env, without a trailing slash", () => {
    const config = loadConfig({ OPENAI_BASE_URL: "http://127.0.0.1:9000/v1/", TWILIO_API_BASE_URL: "http://127.0.0.1:9001/", PUBLIC_BASE_URL: "https://wa.example.com/" });
    expect(config.openai.baseURL).toBe("http://127.0.0.1:9000/v1");
    expect(config.twilio.apiBaseUrl).toBe("http://127.0.0.1:9001");
    expect(config.publicBaseUrl).toBe("https://wa.example.com");
  });
});
