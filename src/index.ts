/**
 * The Worker's routes (docs/interface.md): the webhook records then replies in the
 * background; the summary page and media are read live from KV and R2.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { version } from "../package.json";
import { every } from "hono/combine";
import { ANSWER_SETTINGS, settingProblems, WEBHOOK_REQUIRED } from "./config/setting-forms";
import { configured, loadConfig, type ConfigVariables } from "./config/settings";
import { consoleApp } from "./console/console-routes";
import { answerInbound } from "./reply/answer-inbound";
import { optOutGate } from "./reply/opt-out-gate";
import { modelCallGate } from "./reply/model-call-gate";
import { pauseGate } from "./reply/pause";
import { readReceipt, recordDeliveryReceipt } from "./reply/delivery-receipt";
import { burstTiming, type BurstTiming } from "./reply/reply-job";
import { storageOf } from "./storage/bucket";
import { recordInbound } from "./storage/conversation";
import { clientKeyOf } from "./storage/keys";
import { getMedia } from "./storage/media";
import { ingestMediaWith } from "./media/ingest";
import { recordActivity } from "./storage/console-records";
import { mediaResponse } from "./media/media-response";
import { openMediaLink } from "./media/signed-links";
import { commandOf } from "./conversation/commands";
import { createModelClient } from "./openai/client";
import { summaryBadPageLinkHtml, summaryNotFoundHtml, summaryPageHtml } from "./summary/page";
import { summaryPageHeaders } from "./summary/page-headers";
import { isPageCursor, loadSummaryView } from "./summary/summary-view";
import { createMessagesClient } from "./twilio/messages-client";
import { createDeletionClient } from "./twilio/deletion-client";
import { createTypingIndicator } from "./twilio/typing-indicator";
import { systemClock, type Clock } from "./utils/clock";
import { misaddressed, paramsRecord, readInboundMessage, twilioWebhookForm, type TwilioFormVariables } from "./twilio/webhook-form";
import { logEvent } from "./utils/log";
import { copiesOfInbound } from "./conversation/twilio-copies";
import { recordCopiesOrLog, retryPendingDeletions } from "./reply/twilio-ledger";

type App = { Bindings: Env; Variables: TwilioFormVariables & ConfigVariables };

const EMPTY_TWIML = "<Response/>";

/** The typing indicator holds an answer up by at most this much (ADR 016.6). */
const TYPING_TIMEOUT_MS = 300;

/**
 * A webhook's settings are named only to a caller that proved it is Twilio (ADR 029.3): when the
 * two settings a signature depends on are usable (TWILIO_AUTH_TOKEN, and PUBLIC_BASE_URL unset or
 * well formed) the signature (`form`) comes first; otherwise nothing can be proved, and the
 * settings' 503 says what is wrong.
 */
function signatureFirst(form: MiddlewareHandler, settings: MiddlewareHandler): MiddlewareHandler<App> {
  const signable = (env: Env) => settingProblems(env as unknown as Record<string, unknown>, ["TWILIO_AUTH_TOKEN"], ["PUBLIC_BASE_URL"]).length === 0;
  return every(
    (c, next) => (signable(c.env) ? form(c, next) : settings(c, next)),
    (c, next) => (c.get("twilioForm") ? settings(c, next) : form(c, next)),
  );
}

export interface AppOptions {
  /** Time for the reply path's settling windows and caps, and for when a link expires (specs and benchmarks run them on their own clock). */
  clock?: Clock;
  timing?: BurstTiming;
}

export function createApp(options: AppOptions = {}) {
  const clock = options.clock ?? systemClock;
  const timing = options.timing ?? burstTiming;
  const app = new Hono<App>();

  app.get("/health", (c) => c.json({ status: "ok", version }));

  const twilioForm = twilioWebhookForm({
    maxBodyBytes: 64 * 1024,
    // From env, not the checked config: the signature is checked before the settings are (ADR 029.3).
    credentials: (c) => {
      const config = loadConfig(c.env as Partial<Env>);
      return { authTokens: [config.twilio.authToken, config.twilio.secondaryAuthToken].filter(Boolean), publicBaseUrl: config.publicBaseUrl };
    },
  });

  app.post(
    "/whatsapp/incoming",
    // Before the message is recorded: a refusal here stores nothing, so Twilio's retry is new once fixed.
    signatureFirst(twilioForm, configured(WEBHOOK_REQUIRED, ANSWER_SETTINGS)),
    async (c) => {
      const config = c.get("config");
      const params = paramsRecord(c.get("twilioForm"));
      const notForUs = misaddressed(params, config.twilio);
      if (notForUs) return c.json({ error: notForUs }, 403);
      const read = readInboundMessage(params);
      if ("error" in read) return c.json({ error: read.error }, 400);
      const client = clientKeyOf(read.message.from)!;
      const store = storageOf(c.env);
      const record = { v: 1 as const, sid: read.message.sid, receivedAt: new Date(clock.now()).toISOString(), params };
      const outcome = await recordInbound(store, client, record, commandOf(params.Body ?? ""));
      if (outcome === "recorded") {
        // Right after the message's record, never before it (ADR 032.1): what Twilio now keeps of it.
        await recordCopiesOrLog(store, client, Date.parse(record.receivedAt), copiesOfInbound(record.sid, params, config.twilio.accountSid));
        // The console's list finds the client by this (ADR 028.3); a failure costs the client nothing.
        c.executionCtx.waitUntil(
          recordActivity(store, { client, at: record.receivedAt, name: params.ProfileName ?? "" }).catch((error: unknown) =>
            logEvent("activity_not_recorded", { error: String(error) }, "warn"),
          ),
        );
        c.executionCtx.waitUntil(
          answerInbound(
            {
              store,
              config,
              model: createModelClient({ ...config.openai, fetch: config.fetch }),
              messages: createMessagesClient({ ...config.twilio, fetch: config.fetch }),
              typing: createTypingIndicator({ ...config.twilio, fetch: config.fetch, timeoutMs: TYPING_TIMEOUT_MS }),
              publicOrigin: config.publicBaseUrl ?? new URL(c.req.url).origin,
              ingestMedia: ingestMediaWith(config),
              deletions: createDeletionClient({ ...config.twilio, fetch: config.fetch }),
              // The opt-out first: a client who opted out gets silence, not even a note about limits.
              gates: [optOutGate(store), pauseGate(store), modelCallGate(store, config.openai.dailyCallCap)],
              clock,
              timing,
            },
            client,
            record,
          ),
        );
      }
      return c.body(EMPTY_TWIML, 200, { "content-type": "text/xml; charset=utf-8" });
    },
  );

  app.post("/whatsapp/status", signatureFirst(twilioForm, configured(["TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID"])), async (c) => {
    const params = paramsRecord(c.get("twilioForm"));
    if (params.AccountSid !== c.get("config").twilio.accountSid) return c.json({ error: "AccountSid is not this Worker's Twilio account (TWILIO_ACCOUNT_SID)" }, 403);
    const receipt = readReceipt(params);
    if (receipt) {
      const deps = { store: storageOf(c.env), clock, waitMs: timing.orderWaitMs, pollMs: timing.pollMs };
      c.executionCtx.waitUntil(recordDeliveryReceipt(deps, receipt).then(() => undefined, (error: unknown) =>
        logEvent("receipt_not_recorded", { error: String(error) }),
      ));
    }
    return c.body(null, 200);
  });

  app.get("/summary/:conversationId", summaryPageHeaders(), configured(["LINK_SIGNING_SECRET"]), async (c) => {
    const config = c.get("config");
    const before = c.req.query("before");
    if (before !== undefined && !isPageCursor(before)) return c.html(await summaryBadPageLinkHtml(), 400);
    const view = await loadSummaryView(
      { store: storageOf(c.env), config, publicOrigin: config.publicBaseUrl ?? new URL(c.req.url).origin, now: new Date(clock.now()) },
      c.req.param("conversationId"),
      before,
    );
    return view ? c.html(await summaryPageHtml(view)) : c.html(await summaryNotFoundHtml(), 404);
  });

  app.get("/media/:token", configured(["LINK_SIGNING_SECRET"]), async (c) => {
    const config = c.get("config");
    const store = storageOf(c.env);
    const grant = await openMediaLink(config.linkSigningSecret, store, c.req.param("token"), Math.floor(clock.now() / 1000));
    const object = grant && (await getMedia(store, grant.key));
    return object ? mediaResponse(object) : c.json({ error: "not found" }, 404);
  });

  app.route("/", consoleApp(clock));

  app.notFound((c) => c.json({ error: "not found" }, 404));

  app.onError((error, c) => {
    // The route's pattern, never its path: a summary or media path is a capability.
    logEvent("unhandled", { route: c.req.routePath, error: String(error) });
    return c.json({ error: "temporarily unavailable" }, 503);
  });

  return app;
}

/**
 * The Cron Trigger (wrangler.toml's `[triggers] crons`): retries the deletions of Twilio's copies
 * that Twilio refused (ADR 032.4). Without Twilio's credentials there is nothing it can do: logged.
 */
export function scheduledHandler(options: AppOptions = {}): ExportedHandlerScheduledHandler<Env> {
  const clock = options.clock ?? systemClock;
  return (_controller, env, ctx) => {
    const problems = settingProblems(env as unknown as Record<string, unknown>, ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"], ["TWILIO_API_BASE_URL"]);
    if (problems.length) {
      logEvent("config_invalid", { path: "scheduled", settings: problems });
      return;
    }
    const config = loadConfig(env);
    ctx.waitUntil(
      retryPendingDeletions(storageOf(env), createDeletionClient({ ...config.twilio, fetch: config.fetch }), clock.now()).catch((error: unknown) =>
        logEvent("unhandled", { route: "scheduled", error: String(error) }),
      ),
    );
  };
}

const app = createApp();

export default { fetch: app.fetch, scheduled: scheduledHandler() } satisfies ExportedHandler<Env>;
