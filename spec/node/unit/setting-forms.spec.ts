/**
 * The form of every setting (src/config/setting-forms.ts), in node: each form's `problem()` with
 * values at its edges (junk before or after the pattern, counts, the first character), the
 * placeholders that count as missing, and the exact words the operator reads (ADR 015.3, with the
 * clauses that added settings since: ADR 020, 028, 029).
 */
import { describe, expect, it } from "vitest";
import { isPlaceholder, SETTING_FORMS, settingProblems, type SettingName } from "../../../src/config/setting-forms";

const problem = (name: SettingName, value: string) => SETTING_FORMS[name].problem(value);
/** Each value's problem, keyed by the value: one failure names every value that reads wrong. */
const problems = (name: SettingName, values: readonly string[]) => Object.fromEntries(values.map((v) => [v, problem(name, v)]));
const each = <T,>(values: readonly string[], answer: T) => Object.fromEntries(values.map((v) => [v, answer]));

const HEX32 = "0123456789abcdef".repeat(2);
const HEX64 = HEX32.repeat(2);

describe("placeholders", () => {
  it("ADR-015.3 a value that only stands for one (sk-..., <your key>, your-token, changeme) is a placeholder, trimmed, in any case", () => {
    const placeholders = ["sk-...", "sk-…", "<your key>", "{token}", "your-token", "your_key", "your key", "Your-Token", "changeme", "change-me", "replaceme", "replace-me", "TODO", "xxx", "xxxxxx", "placeholder", " changeme ", "\tyour-token\n", " xxxx "];
    const real = ["yourself", "your", "notyour-token", "mychangeme", "changeme2", "todolist", "xx", "replace--me", "sk-live-123", "placeholders", "AC" + HEX32];
    expect(Object.fromEntries([...placeholders, ...real].map((v) => [v, isPlaceholder(v)]))).toEqual({ ...each(placeholders, true), ...each(real, false) });
    expect(settingProblems({ OPENAI_API_KEY: " your-key " }, ["OPENAI_API_KEY"], [])).toEqual([{ name: "OPENAI_API_KEY", problem: "a placeholder, not a real value" }]);
  });
});

describe("the answer's settings (ADR 015.3)", () => {
  it("ADR-015.3 a base URL is an http(s) URL, https unless its host is this machine (127.0.0.1, localhost, [::1])", () => {
    for (const name of ["OPENAI_BASE_URL", "TWILIO_API_BASE_URL", "TWILIO_MESSAGING_BASE_URL"] as const) {
      const ok = ["https://api.openai.com/v1", "https://api.example.com/", "http://127.0.0.1:8787/v1", "http://localhost:8788", "http://[::1]:9000"];
      const notHttps = ["http://api.example.com", "http://127.0.0.2:8787", "http://localhost.example.com"];
      const notHttp = ["git+https://api.example.com", "xhttps://localhost", "ftp://localhost/", "api.example.com", "https//api.example.com", "localhost:8787"];
      expect(problems(name, [...ok, ...notHttps, ...notHttp]), name).toEqual({ ...each(ok, null), ...each(notHttps, "not https"), ...each(notHttp, "not an http(s) URL") });
    }
  });

  it("ADR-015.3 PUBLIC_BASE_URL is an https origin (http on this machine), trailing slashes allowed, no path, query or fragment", () => {
    const ok = ["https://wa.example.com", "https://wa.example.com/", "https://wa.example.com//", "https://wa.example.com:8443///", "http://localhost:8787", "http://127.0.0.1:8787/"];
    const notOrigin = ["https://wa.example.com/whatsapp", "https://wa.example.com/a/", "https://wa.example.com//a", "https://wa.example.com/?x=1", "https://wa.example.com/#top"];
    const notHttps = ["http://wa.example.com", "ftp://localhost", "ftp://wa.example.com", "wa.example.com", "mailto:localhost"];
    expect(problems("PUBLIC_BASE_URL", [...ok, ...notOrigin, ...notHttps])).toEqual({
      ...each(ok, null),
      ...each(notOrigin, "not an origin (it has a path)"),
      ...each(notHttps, "not an https origin"),
    });
  });

  it("ADR-015.3 a secret has no spaces; LINK_SIGNING_SECRET also has at least 16 characters", () => {
    for (const name of ["OPENAI_API_KEY", "TWILIO_AUTH_TOKEN", "TWILIO_AUTH_TOKEN_SECONDARY"] as const) {
      expect(problems(name, ["sk-proj-abc_123", "x", "sk proj", "sk\tproj", "a\nb"]), name).toEqual({ "sk-proj-abc_123": null, x: null, ...each(["sk proj", "sk\tproj", "a\nb"], "contains spaces") });
    }
    const sixteen = "0123456789abcdef";
    expect(problems("LINK_SIGNING_SECRET", [sixteen, `${sixteen}!`, sixteen.slice(1), `${sixteen.slice(1)} `, "a secret of many characters"])).toEqual({
      [sixteen]: null,
      [`${sixteen}!`]: null,
      [sixteen.slice(1)]: "too short (at least 16 characters)",
      [`${sixteen.slice(1)} `]: "contains spaces",
      "a secret of many characters": "contains spaces",
    });
  });

  it("ADR-015.3 a model name is letters, digits, _ . : - and nothing else, from its first character to its last", () => {
    for (const name of ["OPENAI_MODEL", "OPENAI_TRANSCRIPTION_MODEL"] as const) {
      const ok = ["gpt-6-luna", "gpt-transcribe", "ft:gpt-4o-mini:org:custom_suffix:id", "o4.1"];
      const wrong = ["gpt 6", "gpt-6 luna", " gpt-6", "gpt-6 ", "models/gpt-6", "gpt-6/latest", "gpt-6?", "¿gpt-6"];
      expect(problems(name, [...ok, ...wrong]), name).toEqual({ ...each(ok, null), ...each(wrong, "not a model name") });
    }
  });

  it("ADR-015.3 STYLIST_WHATSAPP_NUMBER is E.164 digits: one leading +, spaces, dots, dashes and brackets allowed between them", () => {
    const ok = ["+5215512345678", "5215512345678", "+52 1 55 1234 5678", "+1 (555) 000-1111", "1.555.000.1111", "+1234567"];
    const wrong = ["52+15512345678", "+52+15512345678", "++5215512345678", "0215512345678", "+123456", "+1234567890123456", "whatsapp:+5215512345678", "+52 1 55 1234 567x"];
    expect(problems("STYLIST_WHATSAPP_NUMBER", [...ok, ...wrong])).toEqual({ ...each(ok, null), ...each(wrong, "not an E.164 number (digits, e.g. +5215512345678)") });
  });
});

describe("the settings added since", () => {
  it("ADR-020.5 TWILIO_DELETE_MEDIA_AFTER_INGEST is one word of true/false, on/off, yes/no, 1/0, in any case", () => {
    const ok = ["true", "false", "ON", "Off", "yes", "NO", "1", "0"];
    const wrong = ["maybe", "not true", "true!", "truefalse", "10", "on off", "y", "enabled"];
    expect(problems("TWILIO_DELETE_MEDIA_AFTER_INGEST", [...ok, ...wrong])).toEqual({ ...each(ok, null), ...each(wrong, "not true or false") });
  });

  it("ADR-020.4 RETENTION_DAYS is a whole number of days from 1 to 99999, nothing before or after it", () => {
    const ok = ["1", "9", "10", "180", "9999", "99999"];
    const wrong = ["0", "07", "100000", "-1", "1.5", "1e3", "x1", "1x", "180 days", "1a", "1abcd", "a1"];
    expect(problems("RETENTION_DAYS", [...ok, ...wrong])).toEqual({ ...each(ok, null), ...each(wrong, "not a whole number of days") });
  });

  it("ADR-029.6 OPENAI_DAILY_CALL_CAP is a whole number of calls from 1 to 9999999, nothing before or after it", () => {
    const ok = ["1", "2000", "9999999"];
    const wrong = ["0", "02000", "10000000", "x2000", "2000x", "-2000", "2,000", "2000 calls"];
    expect(problems("OPENAI_DAILY_CALL_CAP", [...ok, ...wrong])).toEqual({ ...each(ok, null), ...each(wrong, "not a whole number of calls (1 to 9999999)") });
  });

  it("ADR-028.1 CF_ACCESS_TEAM_DOMAIN is an https origin and says what one looks like; CF_ACCESS_AUD is 64 lowercase hex digits, nothing around them", () => {
    expect(problems("CF_ACCESS_TEAM_DOMAIN", ["https://tata.cloudflareaccess.com", "https://tata.cloudflareaccess.com/", "tata.cloudflareaccess.com", "https://tata.cloudflareaccess.com/cdn-cgi/access/certs"])).toEqual({
      "https://tata.cloudflareaccess.com": null,
      "https://tata.cloudflareaccess.com/": null,
      "tata.cloudflareaccess.com": "not an https origin (e.g. https://tata.cloudflareaccess.com)",
      "https://tata.cloudflareaccess.com/cdn-cgi/access/certs": "not an origin (it has a path)",
    });
    const wrong = [`x${HEX64}`, `${HEX64}x`, `${HEX64}0`, HEX64.slice(1), HEX64.toUpperCase(), "0", "g".repeat(64), "-".repeat(64)];
    expect(problems("CF_ACCESS_AUD", [HEX64, ...wrong])).toEqual({ [HEX64]: null, ...each(wrong, "not an Access audience tag (64 hex digits)") });
  });

  it("ADR-028.7 TWILIO_FOLLOW_UP_CONTENT_SID is HX and 32 lowercase hex digits, nothing around them; TWILIO_CONTENT_BASE_URL is a base URL", () => {
    const sid = `HX${HEX32}`;
    const wrong = [`x${sid}`, `${sid}x`, `${sid}0`, `HX${HEX32.slice(1)}`, "HX0", `HX${"g".repeat(32)}`, `HX${"-".repeat(32)}`, `hx${HEX32}`, `MG${HEX32}`];
    expect(problems("TWILIO_FOLLOW_UP_CONTENT_SID", [sid, ...wrong])).toEqual({ [sid]: null, ...each(wrong, "not HX followed by 32 hex digits") });
    expect(problems("TWILIO_CONTENT_BASE_URL", ["https://content.twilio.com", "http://127.0.0.1:8790", "http://content.twilio.com", "content.twilio.com"])).toEqual({
      "https://content.twilio.com": null,
      "http://127.0.0.1:8790": null,
      "http://content.twilio.com": "not https",
      "content.twilio.com": "not an http(s) URL",
    });
  });
});
