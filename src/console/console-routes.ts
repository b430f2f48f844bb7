/**
 * The stylist's console (ADR 028, docs/interface.md): `GET /console`, `GET /console/c/:conversationId`
 * and its actions (pause, resume, reply, follow-up), all behind Cloudflare Access (`accessAuth`).
 * Every action is logged with the stylist's email and recorded with it; a refused one changes nothing.
 */
import { Hono, type Context } from "hono";
import { loadConfig, type Config } from "../config/settings";
import { readPause, recordPause, IDEMPOTENCY_KEY, type PauseChoice } from "../storage/console-records";
import { storageOf } from "../storage/bucket";
import { readFolders } from "../storage/conversation";
import type { ClientKey } from "../storage/keys";
import { readConsent } from "../storage/outside-client";
import { resolveConversationId } from "../summary/conversation-id";
import { summaryNotFoundHtml, summaryPageHtml, summaryBadPageLinkHtml } from "../summary/page";
import { summaryPageHeaders } from "../summary/page-headers";
import { isPageCursor, loadSummaryView } from "../summary/summary-view";
import { sendAsStylist, type StylistMessage } from "../reply/stylist-send";
import { createMessagesClient } from "../twilio/messages-client";
import { base64url } from "../utils/encoding";
import type { Clock } from "../utils/clock";
import { logEvent } from "../utils/log";
import { redact } from "../utils/redact";
import { defaultRetryPolicy } from "../utils/retry";
import { accessAuth, type AccessVariables } from "./access";
import { loadConsoleList, WINDOW_MS } from "./console-list";
import { consoleListHtml, consoleNoticeHtml, Controls } from "./console-pages";

/** A console form is a few kilobytes at most: the reply's text is under 4,800 characters. */
const MAX_FORM_BYTES = 32 * 1024;

/** An unknown `kid` refetches the team's keys at most this often (a forged header must not make every request fetch). */
const KEYS_REFETCH_COOLDOWN_MS = 10_000;

const publicOrigin = (config: Config, c: Context) => config.publicBaseUrl ?? new URL(c.req.url).origin;

/** The console's routes, mounted at the root by the Worker's app. */
export function consoleApp(clock: Clock) {
  const app = new Hono<{ Bindings: Env; Variables: AccessVariables }>();
  const access = accessAuth({
    clock,
    refetchCooldownMs: KEYS_REFETCH_COOLDOWN_MS,
    settings: (c) => {
      const config = loadConfig(c.env as Env);
      if (!config.access.teamDomain || !config.access.aud) return null;
      return { teamDomain: config.access.teamDomain, aud: config.access.aud, publicOrigin: publicOrigin(config, c), fetch: config.fetch };
    },
  });
  app.use("/console", access, summaryPageHeaders("'self'"));
  app.use("/console/*", access, summaryPageHeaders("'self'"));

  const secretOf = (c: Context) => loadConfig(c.env as Env).linkSigningSecret;
  const needsSecret = (c: Context) => (secretOf(c) ? null : c.html(consoleNoticeHtml("Not configured", "LINK_SIGNING_SECRET is not set."), 503));

  app.get("/console", async (c) => {
    const missing = needsSecret(c);
    if (missing) return missing;
    const query = (c.req.query("q") ?? "").slice(0, 100);
    const list = await loadConsoleList({ store: storageOf(c.env), secret: secretOf(c), now: clock.now() }, { before: c.req.query("before"), query });
    if (!list) return c.html(consoleNoticeHtml("Page link not valid", 'The part after "?before=" was changed or cut.'), 400);
    return c.html(consoleListHtml(list, query));
  });

  /** The client a console URL's id stands for, or null (unknown, forged or revoked: 404). */
  const clientOf = async (c: Context): Promise<ClientKey | null> => {
    const resolved = await resolveConversationId(secretOf(c), storageOf(c.env as Env), c.req.param("conversationId") ?? "");
    return resolved?.client ?? null;
  };

  app.get("/console/c/:conversationId", async (c) => {
    const missing = needsSecret(c);
    if (missing) return missing;
    const config = loadConfig(c.env);
    const before = c.req.query("before");
    if (before !== undefined && !isPageCursor(before)) return c.html(summaryBadPageLinkHtml(), 400);
    const store = storageOf(c.env);
    const id = c.req.param("conversationId");
    const view = await loadSummaryView({ store, config, publicOrigin: publicOrigin(config, c), now: new Date(clock.now()) }, id, before);
    const client = view && (await clientOf(c));
    if (!view || !client) return c.html(summaryNotFoundHtml(), 404);
    const [pause, lastMessage] = await Promise.all([readPause(store, client), lastClientMessageAt(c, client)]);
    const controls = Controls({
      view: {
        conversationId: id,
        paused: pause.paused,
        optedOut: view.optedOutSince !== undefined,
        windowOpen: lastMessage !== null && clock.now() - lastMessage < WINDOW_MS,
        followUp: config.twilio.followUpContentSid !== "",
        key: base64url(crypto.getRandomValues(new Uint8Array(18))),
      },
    });
    return c.html(summaryPageHtml(view, controls as never));
  });

  const lastClientMessageAt = async (c: Context, client: ClientKey): Promise<number | null> => {
    const { inbound } = await readFolders(storageOf(c.env as Env), client, ["messages/"]);
    const last = inbound.at(-1);
    return last ? Date.parse(last.receivedAt) : null;
  };

  const setPause = (choice: PauseChoice) => async (c: Context<{ Bindings: Env; Variables: AccessVariables }>) => {
    const missing = needsSecret(c);
    if (missing) return missing;
    const client = await clientOf(c);
    if (!client) return c.html(summaryNotFoundHtml(), 404);
    const store = storageOf(c.env);
    if ((await readPause(store, client)).paused !== (choice === "paused")) {
      const at = new Date(clock.now()).toISOString();
      await recordPause(store, client, { at, id: base64url(crypto.getRandomValues(new Uint8Array(9))), choice, by: c.get("stylist") });
      logEvent("console_action", { action: choice, client: redact(client), by: c.get("stylist") });
    }
    return c.redirect(`/console/c/${c.req.param("conversationId")}`, 303);
  };
  app.post("/console/c/:conversationId/pause", setPause("paused"));
  app.post("/console/c/:conversationId/resume", setPause("resumed"));

  /** The form's fields, or null when the body is too large or not a form. */
  const formOf = async (c: Context): Promise<Record<string, string> | null> => {
    if (Number(c.req.header("content-length") ?? "0") > MAX_FORM_BYTES) return null;
    const body = await c.req.parseBody().catch(() => null);
    if (!body) return null;
    return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string"));
  };

  const send = (kind: "reply" | "follow-up") => async (c: Context<{ Bindings: Env; Variables: AccessVariables }>) => {
    const missing = needsSecret(c);
    if (missing) return missing;
    const client = await clientOf(c);
    if (!client) return c.html(summaryNotFoundHtml(), 404);
    const config = loadConfig(c.env);
    const form = await formOf(c);
    if (!form) return c.html(consoleNoticeHtml("Not sent", "The form could not be read."), 400);
    const idempotencyKey = c.req.header("idempotency-key") ?? form.key ?? (kind === "follow-up" ? base64url(crypto.getRandomValues(new Uint8Array(18))) : "");
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) return c.html(consoleNoticeHtml("Not sent", "An idempotency key (8 to 128 letters, digits, - or _) is needed."), 400);
    const text = (form.text ?? "").trim();
    if (kind === "reply" && !text) return c.html(consoleNoticeHtml("Not sent", "The message is empty."), 400);
    const unconfigured = [
      ...(!config.twilio.accountSid || !config.twilio.authToken || !config.twilio.whatsappNumber ? ["TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_NUMBER"] : []),
      ...(kind === "follow-up" && !config.twilio.followUpContentSid ? ["TWILIO_FOLLOW_UP_CONTENT_SID"] : []),
    ];
    if (unconfigured.length) return c.html(consoleNoticeHtml("Not configured", `Not set: ${unconfigured.join(", ")}.`), 503);
    const store = storageOf(c.env);
    if ((await readConsent(store, client)).optedOut) return c.html(consoleNoticeHtml("Not sent", "The client opted out of messages: nothing was sent."), 409);
    if (kind === "reply") {
      const last = await lastClientMessageAt(c, client);
      if (last === null || clock.now() - last >= WINDOW_MS) {
        return c.html(consoleNoticeHtml("Not sent", "The client's last message is more than 24 hours old: WhatsApp allows only an approved template. Nothing was sent."), 409);
      }
    }
    const message: StylistMessage =
      kind === "reply" ? { text } : { template: { contentSid: config.twilio.followUpContentSid, variables: { "1": await firstNameOf(c, client) } } };
    const sender = {
      store,
      client,
      messages: createMessagesClient({ ...config.twilio, fetch: config.fetch }),
      from: config.twilio.whatsappNumber,
      publicOrigin: publicOrigin(config, c),
      policy: defaultRetryPolicy(),
      at: () => new Date(clock.now()).toISOString(),
    };
    const outcome = await sendAsStylist(sender, c.get("stylist"), idempotencyKey, message);
    logEvent("console_action", { action: kind, client: redact(client), by: c.get("stylist"), outcome });
    return c.redirect(`/console/c/${c.req.param("conversationId")}`, 303);
  };

  /** The follow-up template's variable: the client's first name as WhatsApp gave it, or a friendly word. */
  const firstNameOf = async (c: Context, client: ClientKey): Promise<string> => {
    const { inbound } = await readFolders(storageOf(c.env as Env), client, ["messages/"]);
    const name = [...inbound].reverse().find((m) => m.params.ProfileName?.trim())?.params.ProfileName?.trim() ?? "";
    return name.split(/\s+/)[0] || "hola";
  };

  app.post("/console/c/:conversationId/reply", send("reply"));
  app.post("/console/c/:conversationId/follow-up", send("follow-up"));
  return app;
}
