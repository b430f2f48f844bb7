/**
 * `npm run forget -- <+E164 client number> [--remote] [--persist-to DIR]`
 *
 * The operator deletes one client's data (ADR 021.8): every KV entry and R2 object under the
 * client's prefix (messages, replies, photos, voice notes, transcripts, the consultation record),
 * through the storage module's own deletion, the one a client's `reset` uses, and the records of
 * their model calls (ADR 018.4), as "delete my data" deletes them. Their summary
 * link dies with it. Local by default (the state `npm start` persisted); `--remote` deletes from
 * the deployed KV and R2 (`npx wrangler login` or CLOUDFLARE_API_TOKEN, and a network).
 * Content-free records outside the client's prefix (seen message SIDs, consent events) stay, and
 * Twilio keeps its own copies of the messages (docs/operations.md says how to delete those).
 */
import { parseArgs } from "node:util";
import { storageOf } from "../src/storage/bucket";
import { deleteClient } from "../src/storage/conversation";
import { clientKeyOf } from "../src/storage/keys";
import { deleteModelCalls } from "../src/storage/outside-client";
import { openStorageBindings } from "./storage-bindings";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string", default: ".wrangler/state" },
  },
});

const number = positionals[0]?.trim().replace(/^whatsapp:/, "");
const client = number ? clientKeyOf(`whatsapp:${number}`) : null;
if (!client || positionals.length !== 1) {
  console.error("usage: npm run forget -- <client number in E.164, e.g. +5215512345678> [--remote] [--persist-to DIR]");
  process.exit(2);
}

const where = values.remote ? "the deployed KV and R2" : `the local KV and R2 in ${values["persist-to"]}`;
const proxy = await openStorageBindings("forget", values.remote!, values["persist-to"]!);
try {
  const store = storageOf(proxy.env);
  // Their model-call records too (ADR 018.4): outside the prefix, but they say when the client wrote.
  const deleted = (await deleteClient(store, client)) + (await deleteModelCalls(store, client));
  console.log(deleted ? `forget: deleted ${deleted} stored item(s) of ${client} from ${where}; their summary link is dead.` : `forget: nothing stored for ${client} in ${where}.`);
} catch (error) {
  console.error(`forget: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await proxy.dispose();
}
