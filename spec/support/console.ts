/** The console's specs: a client's conversation id once the reply path has started their consultation, and messages with fresh SIDs. */
import { env } from "cloudflare:workers";
import { webhooks } from "../../fixtures/twilio/webhooks";
import { loadConfig } from "../../src/config/settings";
import { storageOf } from "../../src/storage/bucket";
import { readConsultation } from "../../src/storage/consultation";
import type { ClientKey } from "../../src/storage/keys";
import { conversationIdFor } from "../../src/summary/conversation-id";
import { parseHtml } from "./html";
import { messageSid, withSid } from "./twilio";

export const CONSOLE_CLIENT = webhooks["text-es"].From as ClientKey;

let sequence = 0x5000;
/** A message from the Spanish-speaking client with a fresh SID. */
export const clientMessage = (body: string) => ({ ...withSid(webhooks["text-es"], messageSid(++sequence)), Body: body });

export async function conversationIdOf(client: ClientKey = CONSOLE_CLIENT): Promise<string> {
  const { consultation } = await readConsultation(storageOf(env), client);
  if (!consultation) throw new Error(`no consultation for ${client}`);
  return conversationIdFor(loadConfig(env).linkSigningSecret, client, consultation);
}

/** A console notice (a refusal or a missing setting): its status, title and sentence. */
export async function consoleNotice(response: Response) {
  const { texts } = await parseHtml(await response.text(), ["h1", "main > p:first-of-type"]);
  return { status: response.status, title: texts.h1?.[0], text: texts["main > p:first-of-type"]?.[0] };
}
