/**
 * The doctor's checks that need a network and keys (ADR 021): OpenAI accepts the key and knows
 * the configured models (and when they shut down), Twilio accepts the account SID and auth
 * token, and PUBLIC_BASE_URL answers /health. Every base URL comes from the settings, so a spec
 * points them at local stand-ins. What cannot be checked is said, in one line each.
 */
import { loadConfig } from "../src/config/settings";
import { isPlaceholder, settingProblems, type SettingName } from "../src/config/setting-forms";
import { retirementOf, shutdownDateOf } from "./model-retirement";
import { replacementAdvice, retiringModelFinding } from "./retiring-models";
import type { Finding } from "./preflight-settings";
import { createContentClient } from "../src/twilio/content-client";

const TIMEOUT_MS = 8_000;

type Reached = { response: Response; body: unknown } | { unreachable: string };

async function reach(url: string, init: RequestInit = {}): Promise<Reached> {
  try {
    const response = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    return { response, body };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { unreachable: cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)) };
  }
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/** The configured models, as the doctor names them. */
function configuredModels(settings: Record<string, unknown>) {
  const { openai } = loadConfig(settings);
  return [
    { setting: "OPENAI_MODEL", model: openai.model },
    { setting: "OPENAI_TRANSCRIPTION_MODEL", model: openai.transcriptionModel },
  ];
}

/** Without OpenAI's answer: what the table of retiring models says of each configured model (ADR 026.6). */
export function offlineModelFindings(settings: Record<string, unknown>, now = new Date()): Finding[] {
  return configuredModels(settings).flatMap(({ setting, model }) => retiringModelFinding(setting, model, now) ?? []);
}

async function modelFindings(settings: Record<string, unknown>, now: Date): Promise<Finding[]> {
  const config = loadConfig(settings);
  const models = configuredModels(settings);
  if (!config.openai.apiKey || isPlaceholder(config.openai.apiKey)) {
    return [{ verdict: "skip", subject: "OpenAI", detail: `not checked: no OPENAI_API_KEY value here (key, ${models.map((m) => m.model).join(" and ")} and their shutdown dates unverified)` }, ...offlineModelFindings(settings, now)];
  }
  const findings: Finding[] = [];
  for (const { setting, model } of models) {
    const subject = `OpenAI ${setting}`;
    const reached = await reach(`${config.openai.baseURL}/models/${encodeURIComponent(model)}`, { headers: { authorization: `Bearer ${config.openai.apiKey}` } });
    if ("unreachable" in reached) {
      findings.push({ verdict: "skip", subject: "OpenAI", detail: `not checked: could not reach ${hostOf(config.openai.baseURL)} (${reached.unreachable}); the key and the models' shutdown dates are unverified` }, ...offlineModelFindings(settings, now));
      return findings;
    }
    const { status } = reached.response;
    if (status === 401 || status === 403) {
      findings.push({ verdict: "fail", subject: "OpenAI", detail: `refused OPENAI_API_KEY (HTTP ${status})` });
      return findings;
    }
    if (status === 404) {
      findings.push({ verdict: "fail", subject, detail: `OpenAI does not know the model "${model}" (HTTP 404): set ${setting} to a current model` });
      continue;
    }
    if (status !== 200) {
      findings.push({ verdict: "warn", subject, detail: `OpenAI answered HTTP ${status} for "${model}": not checked` });
      continue;
    }
    const shutdown = shutdownDateOf(reached.body);
    if (!shutdown) {
      findings.push({ verdict: "ok", subject, detail: `"${model}" is available; no shutdown date announced` });
      continue;
    }
    const retirement = retirementOf(shutdown, now);
    findings.push(
      retirement.verdict === "retired"
        ? { verdict: "fail", subject, detail: `"${model}" was shut down on ${retirement.date}: ${replacementAdvice(setting, model)}` }
        : retirement.verdict === "soon"
          ? { verdict: "warn", subject, detail: `"${model}" shuts down on ${retirement.date} (in ${retirement.days} days): ${replacementAdvice(setting, model)}` }
          : { verdict: "ok", subject, detail: `"${model}" is available; shutdown announced for ${retirement.date}` },
    );
  }
  return findings;
}

async function twilioFinding(settings: Record<string, unknown>): Promise<Finding> {
  const { twilio } = loadConfig(settings);
  if (!twilio.accountSid || !twilio.authToken || isPlaceholder(twilio.authToken)) {
    return { verdict: "skip", subject: "Twilio", detail: "not checked: no TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN values here" };
  }
  const basic = btoa(`${twilio.accountSid}:${twilio.authToken}`);
  const reached = await reach(`${twilio.apiBaseUrl}/2010-04-01/Accounts/${encodeURIComponent(twilio.accountSid)}.json`, { headers: { authorization: `Basic ${basic}` } });
  if ("unreachable" in reached) return { verdict: "skip", subject: "Twilio", detail: `not checked: could not reach ${hostOf(twilio.apiBaseUrl)} (${reached.unreachable})` };
  const { status } = reached.response;
  if (status === 200) return { verdict: "ok", subject: "Twilio", detail: `accepts the account SID and auth token` };
  if (status === 401 || status === 403) return { verdict: "fail", subject: "Twilio", detail: `refused TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (HTTP ${status}, Twilio error 20003: authentication)` };
  if (status === 404) return { verdict: "fail", subject: "Twilio", detail: `no account ${twilio.accountSid} (HTTP 404)` };
  return { verdict: "warn", subject: "Twilio", detail: `answered HTTP ${status}: not checked` };
}

async function healthFinding(settings: Record<string, unknown>): Promise<Finding> {
  const { publicBaseUrl } = loadConfig(settings);
  if (!publicBaseUrl) return { verdict: "skip", subject: "PUBLIC_BASE_URL /health", detail: "not checked: PUBLIC_BASE_URL is unset" };
  const reached = await reach(`${publicBaseUrl}/health`);
  if ("unreachable" in reached) {
    return { verdict: "warn", subject: "PUBLIC_BASE_URL /health", detail: `could not reach ${publicBaseUrl} (${reached.unreachable}): expected before the first deploy, or when its DNS route is missing` };
  }
  const body = reached.body as { status?: unknown; version?: unknown } | null;
  if (reached.response.status === 200 && body?.status === "ok") {
    return { verdict: "ok", subject: "PUBLIC_BASE_URL /health", detail: `${publicBaseUrl} answers, version ${String(body.version)}` };
  }
  return { verdict: "warn", subject: "PUBLIC_BASE_URL /health", detail: `${publicBaseUrl}/health answered HTTP ${reached.response.status}, not this Worker's health: is the route pointing at it?` };
}

/**
 * A provider is not called when a setting its call uses failed the form check (ADR 030.2): no key
 * or token goes to a base URL reported "not https", nor to an account that is not one.
 */
function formRefused(settings: Record<string, unknown>, subject: string, names: readonly SettingName[]): Finding | null {
  const problems = settingProblems(settings, [], names);
  if (!problems.length) return null;
  return { verdict: "skip", subject, detail: `not checked: ${problems.map((p) => p.name).join(" and ")} failed the form check (above), so nothing was sent` };
}

/** ADR 028.7: the console's follow-up template must be approved for WhatsApp before the stylist can send it. */
async function followUpTemplateFinding(settings: Record<string, unknown>): Promise<Finding> {
  const { twilio } = loadConfig(settings);
  const subject = "follow-up template";
  if (!twilio.followUpContentSid) return { verdict: "skip", subject, detail: "unset: the console offers no follow-up template" };
  if (!twilio.accountSid || !twilio.authToken || isPlaceholder(twilio.authToken)) {
    return { verdict: "skip", subject, detail: "not checked: no TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN values here" };
  }
  const content = createContentClient({ baseUrl: twilio.contentBaseUrl, accountSid: twilio.accountSid, authToken: twilio.authToken, fetch, timeoutMs: TIMEOUT_MS });
  const approval = await content.approval(twilio.followUpContentSid);
  if ("error" in approval) return { verdict: "warn", subject, detail: `approval not read from ${hostOf(twilio.contentBaseUrl)}: ${approval.error}` };
  if (approval.status === "approved") return { verdict: "ok", subject, detail: `${twilio.followUpContentSid} is approved for WhatsApp` };
  return {
    verdict: "warn",
    subject,
    detail: `${twilio.followUpContentSid} is ${approval.status} for WhatsApp, not approved${approval.rejectionReason ? ` (${approval.rejectionReason})` : ""}: WhatsApp refuses it until it is`,
  };
}

/** Runs every network check; `settings` are the Worker's values (vars and whatever secrets are known here). */
export async function networkFindings(settings: Record<string, unknown>, now = new Date()): Promise<Finding[]> {
  const openai = formRefused(settings, "OpenAI", ["OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL", "OPENAI_TRANSCRIPTION_MODEL"]);
  const twilio = formRefused(settings, "Twilio", ["TWILIO_API_BASE_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"]);
  const health = formRefused(settings, "PUBLIC_BASE_URL /health", ["PUBLIC_BASE_URL"]);
  const [models, twilioChecked, healthChecked, template] = await Promise.all([
    openai ? [openai] : modelFindings(settings, now),
    twilio ?? twilioFinding(settings),
    health ?? healthFinding(settings),
    twilio ? { ...twilio, subject: "follow-up template" } : followUpTemplateFinding(settings),
  ]);
  return [...models, twilioChecked, healthChecked, template];
}
