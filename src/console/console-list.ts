/**
 * The console's list (ADR 028.3): every client, most recent message first, 25 a page, derived when
 * asked from the list's index, the consultation records, the consent and pause events, and one
 * listing of each shown client's records. Nothing here is stored.
 */
import { answerDelivery, type DeliveryState } from "../conversation/answers";
import type { Storage } from "../storage/bucket";
import { readActivities, readAnswersAndReceipts, readPausedClients, type ClientActivity } from "../storage/console-records";
import { readConsultations } from "../storage/consultation";
import type { ClientKey } from "../storage/keys";
import { readOptedOutClients } from "../storage/outside-client";
import { conversationIdFor } from "../summary/conversation-id";
import { seal, unseal } from "../utils/sealed-token";

export const CONSOLE_PAGE_ROWS = 25;

/** WhatsApp's customer-service window: the business may write freely this long after the client's last message. */
export const WINDOW_MS = 24 * 3600_000;

export type ConsoleState = "in progress" | "concluded" | "stalled" | "opted out" | "paused";

export interface ConsoleRow {
  /** The summary page's id; absent while the client has no consultation record. */
  conversationId?: string;
  name: string;
  /** The number with all but its last 4 digits hidden. */
  masked: string;
  lastActivity: string;
  state: ConsoleState;
  /** The last answer's delivery (the assistant's or the stylist's); absent when nothing was sent yet. */
  delivery?: DeliveryState;
  windowOpen: boolean;
}

export interface ConsoleList {
  rows: ConsoleRow[];
  /** The next page's `?before=`. */
  next?: string;
}

const CURSOR_PURPOSE = "console-cursor";

export const maskNumber = (client: ClientKey) => `•••• ${client.slice(-4)}`;

/** A search matches the profile name (any case) or, when it has digits, the digits of the number. */
function matches(activity: ClientActivity, query: string): boolean {
  const words = query.trim().toLowerCase();
  if (!words) return true;
  const digits = words.replace(/\D/g, "");
  if (digits && digits.length === words.replace(/[\s()+.-]/g, "").length) return activity.client.includes(digits);
  return activity.name.toLowerCase().includes(words);
}

/** Ordinal comparisons (ISO times and keys sort as strings): `localeCompare` costs a list of hundreds milliseconds. */
const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const newestFirst = (a: ClientActivity, b: ClientActivity) => order(b.at, a.at) || order(a.client, b.client);

export interface ConsoleListDeps {
  store: Storage;
  secret: string;
  now: number;
}

/** The page of the list after `before` (a cursor from an earlier page; null: not one of ours), matching `query`. */
export async function loadConsoleList(deps: ConsoleListDeps, options: { before?: string; query?: string }): Promise<ConsoleList | null> {
  const { store } = deps;
  let after: ClientActivity | undefined;
  if (options.before !== undefined) {
    const payload = /^[A-Za-z0-9_-]{20,200}$/.test(options.before) ? await unseal(deps.secret, CURSOR_PURPOSE, options.before) : null;
    const [at, client] = payload?.split("|") ?? [];
    if (!at || !client) return null;
    after = { at, client: client as ClientKey, name: "" };
  }
  const all = (await readActivities(store)).filter((a) => matches(a, options.query ?? "")).sort(newestFirst);
  const start = after ? all.findIndex((a) => newestFirst(a, after) > 0) : 0;
  const shown = start === -1 ? [] : all.slice(start, start + CONSOLE_PAGE_ROWS);
  const clients = shown.map((a) => a.client);
  const [consultations, optedOut, paused, records] = await Promise.all([
    readConsultations(store, clients),
    readOptedOutClients(store),
    readPausedClients(store),
    // One listing of each client; only the answers and receipts are read (from their inline copies).
    Promise.all(clients.map((client) => readAnswersAndReceipts(store, client))),
  ]);
  const rows = await Promise.all(
    shown.map(async (activity, i): Promise<ConsoleRow> => {
      const state = records[i]!;
      const consultation = consultations.get(activity.client);
      const concluded = state.answers.some((a) => a.reply?.outcome === "send" && a.reply.handoffSummary);
      const sent = state.answers.filter((a) => a.parts.some((p) => p.status === "sent") || a.parts.some((p) => p.status === "failed"));
      const last = sent.at(-1);
      const windowOpen = deps.now - Date.parse(activity.at) < WINDOW_MS;
      return {
        ...(consultation ? { conversationId: await conversationIdFor(deps.secret, activity.client, consultation) } : {}),
        name: activity.name,
        masked: maskNumber(activity.client),
        lastActivity: activity.at,
        state: optedOut.has(activity.client) ? "opted out" : paused.has(activity.client) ? "paused" : concluded ? "concluded" : windowOpen ? "in progress" : "stalled",
        ...(last ? { delivery: last.parts.some((p) => p.status === "failed") && !last.parts.some((p) => p.status === "sent") ? { state: "failed" } : answerDelivery(last, state.receipts) } : {}),
        windowOpen,
      };
    }),
  );
  const end = shown.at(-1);
  const more = start !== -1 && start + CONSOLE_PAGE_ROWS < all.length;
  return { rows, ...(more && end ? { next: await seal(deps.secret, CURSOR_PURPOSE, `${end.at}|${end.client}`) } : {}) };
}
