/**
 * `npm run forget -- <+E164 client number> [--remote] [--dry-run] [--yes] [--persist-to DIR]`
 *
 * The operator deletes one client's data (ADR 021.8, ADR 030.6): every KV entry and R2 object
 * under the client's prefix (messages, replies, photos, voice notes, transcripts, the consultation
 * record) through the storage module's own deletion, the one a client's `reset` uses, and the
 * records of their model calls (ADR 018.4), as "delete my data" deletes them; and Twilio's copies
 * of their messages and media, found (in the ledger of copies, ADR 032, and in what the conversation
 * still shows) and deleted by the same code as the client's command (src/conversation/twilio-copies.ts,
 * src/reply/delete-my-data.ts), when TWILIO_AUTH_TOKEN is in the environment (secrets cannot be
 * read back from Cloudflare); what Twilio refused is left to the Worker's Cron Trigger (ADR 032.4).
 * Their summary link dies with it.
 *
 * `--dry-run` says what would be deleted and changes nothing. `--remote` works on the deployed KV
 * and R2 (`npx wrangler login` or CLOUDFLARE_API_TOKEN, and a network) and asks for the client's
 * number to be typed before it deletes anything; without a terminal it needs `--yes`.
 * Content-free records outside the client's prefix (seen message SIDs, consent events) stay.
 */
import { loadConfig } from "../../src/config/settings";
import { twilioCopiesOf, withLedger, type TwilioCopies } from "../../src/conversation/twilio-copies";
import { deleteRecordedCopies } from "../../src/reply/delete-my-data";
import { markDeletionPending, readTwilioCopies } from "../../src/storage/twilio-ledger";
import { storageOf, type Storage } from "../../src/storage/bucket";
import { clientDataKeys, deleteClient, readConversation } from "../../src/storage/conversation";
import type { ClientKey } from "../../src/storage/keys";
import { deleteModelCalls } from "../../src/storage/outside-client";
import { createDeletionClient } from "../../src/twilio/deletion-client";
import { deleteConsoleRecords } from "../../src/storage/console-records";
import type { CliEnv, CliIo, Command } from "../cli";
import { clientArguments, onBindings } from "../storage-bindings";

const USAGE = "usage: npm run forget -- <client number in E.164, e.g. +5215512345678> [--remote] [--dry-run] [--yes] [--persist-to DIR]";

const OPTIONS = {
  remote: { type: "boolean", default: false },
  "dry-run": { type: "boolean", default: false },
  yes: { type: "boolean", default: false },
  "persist-to": { type: "string", default: ".wrangler/state" },
} as const;

const TWILIO_SETTINGS = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_BASE_URL"] as const;

/** The deletion client for Twilio's copies, or why there is none: wrangler.toml's vars, then the environment's. */
function twilioDeletions(vars: Record<string, unknown>, env: CliEnv, io: CliIo) {
  const overrides = Object.fromEntries(TWILIO_SETTINGS.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
  const { twilio } = loadConfig({ ...vars, ...overrides });
  if (!twilio.accountSid || !twilio.authToken) return { why: "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are needed in the environment (secrets cannot be read back)" };
  return { accountSid: twilio.accountSid, client: createDeletionClient({ apiBaseUrl: twilio.apiBaseUrl, accountSid: twilio.accountSid, authToken: twilio.authToken, fetch: io.fetch ?? fetch }) };
}

const countOf = (copies: TwilioCopies) => `${copies.messages.length} message(s) and ${copies.media.length} media file(s)`;

interface Run {
  remote: boolean;
  dryRun: boolean;
  yes: boolean;
  where: string;
  env: CliEnv;
  io: CliIo;
}

async function confirmed(run: Run, client: ClientKey, summary: string): Promise<boolean> {
  if (run.yes) return true;
  const typed = (await run.io.ask?.(`forget: about to delete ${summary}.\nType the client's number (${client.slice("whatsapp:".length)}) to confirm: `)) ?? "";
  return typed.trim() === client.slice("whatsapp:".length);
}

async function forgetClient(run: Run, store: Storage, vars: Record<string, unknown>, client: ClientKey): Promise<number> {
  const { io, where } = run;
  const stored = await clientDataKeys(store, client);
  const items = stored.r2.length + stored.kv.length + stored.modelCalls.length;
  const deletions = twilioDeletions(vars, run.env, io);
  const accountSid = "accountSid" in deletions ? deletions.accountSid! : loadConfig(vars).twilio.accountSid;
  const fromConversation = twilioCopiesOf(await readConversation(store, client), accountSid);
  const ledger = await readTwilioCopies(store, client);
  const copies = withLedger(fromConversation, ledger);
  const twilioPart = copies.messages.length + copies.media.length ? `; Twilio's copies: ${countOf(copies)}` : "";
  const summary = `${items} stored item(s) of ${client} from ${where}${twilioPart}`;
  if (run.dryRun) {
    io.stdout(`forget --dry-run: would delete ${summary}${"why" in deletions && twilioPart ? ` (not without: ${deletions.why})` : ""}. Nothing was changed.`);
    return 0;
  }
  if (!items && !twilioPart) {
    io.stdout(`forget: nothing stored for ${client} in ${where}.`);
    return 0;
  }
  if (run.remote && !(await confirmed(run, client, summary))) {
    io.stderr("forget: not confirmed; nothing was deleted.");
    return 1;
  }
  // Twilio's first, while the SIDs are still stored: a run that Twilio partly refused can be repeated.
  let twilioOutcome = "";
  if (twilioPart) {
    if ("why" in deletions) {
      twilioOutcome = ` Twilio's copies (${countOf(copies)}) were not deleted: ${deletions.why}; the ledger of copies keeps them (\`npm run forget -- ${client.slice(9)} --dry-run\` lists them): run it again with the token, or delete them in Twilio's console.`;
    } else {
      const asked = Date.now();
      const left = await deleteRecordedCopies(store, deletions.client!, client, fromConversation, ledger, { attempts: 4, baseDelayMs: 1000, deadline: asked + 60_000 });
      if (left.messages.length + left.media.length) await markDeletionPending(store, client, asked);
      twilioOutcome = left.messages.length + left.media.length
        ? ` Twilio would not delete ${countOf(left)} (a message is refused in its first minute): ${[...left.messages, ...left.media.map((m) => m.mediaSid)].join(", ")}; with --remote the Worker's Cron Trigger asks again every 10 minutes for a day (\`twilio_copies_still_refused\` in its logs if it gives up), or delete them in Twilio's console.`
        : ` Twilio deleted its copies (${countOf(copies)}).`;
    }
  }
  // Their model-call records too (ADR 018.4): outside the prefix, but they say when the client wrote.
  const deleted = (await deleteClient(store, client)) + (await deleteModelCalls(store, client)) + (await deleteConsoleRecords(store, client));
  io.stdout(`forget: deleted ${deleted} stored item(s) of ${client} from ${where}; their summary link is dead.${twilioOutcome}`);
  return 0;
}

export const forget: Command = async (argv, env, io) => {
  const parsed = clientArguments("forget", USAGE, argv, OPTIONS, io);
  if (!parsed) return 2;
  const { values, client } = parsed;
  const run: Run = {
    remote: values.remote!,
    dryRun: values["dry-run"]!,
    yes: values.yes!,
    where: values.remote ? "the deployed KV and R2" : `the local KV and R2 in ${values["persist-to"]}`,
    env,
    io,
  };
  if (run.remote && !run.dryRun && !run.yes && !io.isTTY) {
    io.stderr("forget: --remote deletes production data and asks you to type the client's number first; without a terminal, pass --yes (try --dry-run first).");
    return 2;
  }
  return onBindings("forget", run.remote, values["persist-to"]!, env, io, (proxy) => forgetClient(run, storageOf(proxy.env), proxy.env as unknown as Record<string, unknown>, client));
};
