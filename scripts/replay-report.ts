/**
 * Replay (ADR 010.5, ADR 012): from current KV and R2 alone, what the Worker would send to the
 * model next, the consultation's derived status and the summary page's data. The Worker's own
 * modules compose all three; the storage handed in refuses writes and the model is never called:
 * the request body is taken from the real model client, whose `fetch` only records it.
 */
import type { Config } from "../src/config/settings";
import { consultantRequest } from "../src/conversation/compose";
import type { Storage } from "../src/storage/bucket";
import { readConversation } from "../src/storage/conversation";
import { clientKeyOf, type ClientKey } from "../src/storage/keys";
import { createModelClient } from "../src/openai/client";
import { replyPolicies } from "../src/utils/retry";
import { conversationIdFor, resolveConversationId } from "../src/summary/conversation-id";
import { loadSummaryView, type SummaryView } from "../src/summary/summary-view";

export interface ReplayReport {
  client: ClientKey;
  conversationId: string | null;
  summaryPageUrl: string | null;
  /** The summary page's derived status; null when the client has no consultation (e.g. after a reset). */
  status: SummaryView["status"] | null;
  /** The exact JSON body of the next `POST {OPENAI_BASE_URL}/chat/completions`. */
  modelRequestBody: string;
  summaryView: SummaryView | null;
  problems: Array<{ key: string; reason: string }>;
}

/** A client number (`+52…`, `52…` or `whatsapp:+52…`) or a conversation id, to the client's key. */
export async function resolveTarget(target: string, config: Config, store: Storage): Promise<ClientKey | null> {
  const digits = target.trim().replace(/^whatsapp:/, "").replace(/[\s()-]/g, "");
  if (/^\+?[1-9]\d{6,14}$/.test(digits)) return clientKeyOf(`whatsapp:+${digits.replace(/^\+/, "")}`);
  return (await resolveConversationId(config.linkSigningSecret, store, target.trim()))?.client ?? null;
}

function refusingWrites<T extends object>(binding: T, name: string): T {
  const writes = new Set(["put", "delete", "createMultipartUpload", "resumeMultipartUpload"]);
  return new Proxy(binding, {
    get(target, property, receiver) {
      if (typeof property === "string" && writes.has(property)) {
        return () => Promise.reject(new Error(`replay never writes (${name}.${property} was called)`));
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export function readOnlyStorage(store: Storage): Storage {
  return { ...store, kv: refusingWrites(store.kv, "KV"), r2: refusingWrites(store.r2, "R2") };
}

/** The next model request body, exactly as the Worker's model client would send it at `now`. */
async function nextModelRequestBody(config: Config, store: Storage, client: ClientKey, origin: string, now: Date): Promise<string> {
  const state = await readConversation(store, client);
  const request = await consultantRequest(state, config, origin, now);
  let body: string | null = null;
  const model = createModelClient({
    ...config.openai,
    // The SDK refuses to start without a key; the key is a header, never part of the body.
    apiKey: config.openai.apiKey || "replay-has-no-key",
    fetch: async (_input, init) => {
      body = String(init?.body);
      throw new Error("replay does not call the model");
    },
  });
  await model.complete(request.messages, request.tools, { ...replyPolicies().model, attempts: 1 }, { maxCompletionTokens: request.maxCompletionTokens }).catch(() => undefined);
  if (body === null) throw new Error("the model client sent no request");
  return body;
}

export async function replayReport(options: { config: Config; store: Storage; client: ClientKey; now: Date }): Promise<ReplayReport> {
  const { config, client, now } = options;
  const store = readOnlyStorage(options.store);
  const origin = config.publicBaseUrl ?? "";
  const state = await readConversation(store, client);
  const conversationId = state.consultation ? await conversationIdFor(config.linkSigningSecret, client, state.consultation) : null;
  const summaryView = conversationId ? await loadSummaryView({ store, config, publicOrigin: origin, now }, conversationId) : null;
  return {
    client,
    conversationId,
    summaryPageUrl: conversationId ? `${origin}/summary/${conversationId}` : null,
    status: summaryView?.status ?? null,
    modelRequestBody: await nextModelRequestBody(config, store, client, origin, now),
    summaryView,
    problems: state.problems,
  };
}
