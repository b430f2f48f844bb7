/**
 * ADR 015.1, typed config from env (src/config/settings.ts), in node: defaults, trimming,
 * origins without a trailing slash, on/off and day-count settings, and the middleware that
 * answers 503 naming what is missing.
 */
import { Hono } from "hono";
import { describe, expect, it, vi } from "vitest";
import { configured, DEFAULT_RETENTION_DAYS, loadConfig, retentionDaysOf, type ConfigVariables } from "../../../src/config/settings";

describe("loadConfig", () => {
  it("ADR-015.1 an empty env gives the documented defaults and empty secrets", () => {
    const config = loadConfig({});
    expect({ ...config, fetch: undefined }).toEqual({
      openai: { apiKey: "", baseURL: "https://api.openai.com/v1", model: "gpt-6-luna", transcriptionModel: "gpt-transcribe", dailyCallCap: 2000 },
      twilio: { accountSid: "", authToken: "", secondaryAuthToken: "", whatsappNumber: "", apiBaseUrl: "https://api.twilio.com", deleteMediaAfterIngest: true, messagingBaseUrl: "https://messaging.twilio.com", contentBaseUrl: "https://content.twilio.com", followUpContentSid: "" },
      access: { teamDomain: "", aud: "" },
      publicBaseUrl: undefined,
      stylist: { name: "Tata Oro", city: "", bookingUrl: "", whatsappNumber: "" },
      linkSigningSecret: "",
      retentionDays: 180,
      fetch: undefined,
    });
    expect(DEFAULT_RETENTION_DAYS).toBe(180);
  });

  it("ADR-015.1 values are trimmed, blank means unset, origins lose trailing slashes, the stylist's number keeps its digits", () => {
    const config = loadConfig({
      OPENAI_BASE_URL: " https://openai.test/v1/// ",
      OPENAI_MODEL: "   ",
      TWILIO_API_BASE_URL: "https://twilio.test/",
      PUBLIC_BASE_URL: "https://wa.example.com/",
      STYLIST_WHATSAPP_NUMBER: "+1 (555) 000-1111",
      STYLIST_NAME: " Ana ",
      LINK_SIGNING_SECRET: "  s3cret-of-sixteen-chars  ",
      TWILIO_DELETE_MEDIA_AFTER_INGEST: "OFF",
      RETENTION_DAYS: "30",
    } as Partial<Env>);
    expect(config.openai.baseURL).toBe("https://openai.test/v1");
    expect(config.openai.model).toBe("gpt-6-luna");
    expect(config.twilio.apiBaseUrl).toBe("https://twilio.test");
    expect(config.publicBaseUrl).toBe("https://wa.example.com");
    expect(config.stylist).toEqual({ name: "Ana", city: "", bookingUrl: "", whatsappNumber: "15550001111" });
    expect(config.linkSigningSecret).toBe("s3cret-of-sixteen-chars");
    expect(config.twilio.deleteMediaAfterIngest).toBe(false);
    expect(config.retentionDays).toBe(30);
    expect(loadConfig({ PUBLIC_BASE_URL: "  " } as Partial<Env>).publicBaseUrl).toBeUndefined();
  });

  it("ADR-015.1 an on/off setting takes false/off/no/0 and true/on/yes/1 in any case; anything else is its default", () => {
    const deletes = (value: string) => loadConfig({ TWILIO_DELETE_MEDIA_AFTER_INGEST: value } as Partial<Env>).twilio.deleteMediaAfterIngest;
    for (const off of ["false", "OFF", " no ", "0"]) expect(deletes(off), off).toBe(false);
    for (const on of ["true", "On", "YES", "1", "maybe", ""]) expect(deletes(on), on).toBe(true);
  });

  it("ADR-015.1 RETENTION_DAYS is a whole number of days from 1 to 99999; anything else is the default", () => {
    for (const [value, days] of [["1", 1], ["180", 180], ["99999", 99999], [" 7 ", 7]] as const) expect(retentionDaysOf(value), value).toBe(days);
    for (const value of ["0", "-1", "1.5", "100000", "07", "1e3", "", "ninety", undefined, 30]) expect(retentionDaysOf(value), String(value)).toBe(180);
  });

  it("ADR-029.6 OPENAI_DAILY_CALL_CAP is a whole number of calls from 1 to 9,999,999; anything else is the default 2000", () => {
    const cap = (value: string) => loadConfig({ OPENAI_DAILY_CALL_CAP: value } as Partial<Env>).openai.dailyCallCap;
    for (const [value, calls] of [["1", 1], ["500", 500], ["9999999", 9999999], [" 40 ", 40]] as const) expect(cap(value), value).toBe(calls);
    for (const value of ["0", "-5", "07", "12x", "x12", "10000000", "1.5", "1e3", "", "many"]) expect(cap(value), value).toBe(2000);
  });

  it("ADR-015.1 the fetch used is looked up at call time, or the one given", async () => {
    const given = (async () => new Response("given")) as unknown as typeof fetch;
    expect(loadConfig({}, given).fetch).toBe(given);
    const original = globalThis.fetch;
    globalThis.fetch = (async () => new Response("patched later")) as typeof fetch;
    try {
      expect(await (await loadConfig({}).fetch("https://x.test")).text()).toBe("patched later");
    } finally {
      globalThis.fetch = original;
    }
  });
});

describe("the configured middleware", () => {
  it("ADR-015.1 answers 503 naming every required setting that is missing, or hands the route its config", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const app = new Hono<{ Bindings: Env; Variables: ConfigVariables }>();
    app.get("/x/:id", configured(["TWILIO_AUTH_TOKEN", "LINK_SIGNING_SECRET"]), (c) => c.text(c.get("config").twilio.authToken));
    const missing = await app.request("/x/1", {}, {} as Env);
    expect(JSON.parse(logged.mock.calls[0]![0] as string)).toEqual({
      event: "config_invalid",
      path: "/x/:id",
      settings: [
        { name: "TWILIO_AUTH_TOKEN", problem: "missing" },
        { name: "LINK_SIGNING_SECRET", problem: "missing" },
      ],
    });
    logged.mockRestore();
    expect(missing.status).toBe(503);
    const body = (await missing.json()) as { error: string; settings: Array<{ name: string }> };
    expect(body.error).toMatch(/^not configured: .*TWILIO_AUTH_TOKEN.*LINK_SIGNING_SECRET/);
    expect(body.settings.map((s) => s.name)).toEqual(["TWILIO_AUTH_TOKEN", "LINK_SIGNING_SECRET"]);
    const ok = await app.request("/x/2", {}, { TWILIO_AUTH_TOKEN: " tok ", LINK_SIGNING_SECRET: "spec-link-signing-secret-0123456789" } as Env);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("tok");
  });
});
