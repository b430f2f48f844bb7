/**
 * ADR 010.5: debuggable by default. At every model request of a whole consultation, KV and R2
 * are copied out as plain data; later, storage is emptied and the copy restored, and the
 * request composed from it (store.readConversation + compose.ts, sent through the same model
 * client) is byte-for-byte the body the Worker actually sent.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import chatCompletion from "../fixtures/openai/chat-completion.json";
import { loadConfig } from "../src/config/settings";
import { consultantRequest } from "../src/conversation/compose";
import { storageOf } from "../src/storage/bucket";
import { readConversation } from "../src/storage/conversation";
import { clientKeyOf } from "../src/storage/keys";
import { createModelClient } from "../src/openai/client";
import { replyPolicies } from "../src/utils/retry";
import { CLIENT, consultationMessages, runFullConsultation } from "./support/full-consultation";
import { copyStorage, emptyStorage, restoreStorage, type StorageCopy } from "./support/storage";
import { clock, dispatch } from "./support/worker";

const send = async (request: Request) => {
  const { response, settled } = await dispatch(request);
  await settled;
  return response;
};

/** What an operator runs: the next model request of the client, composed from storage as it is now. */
async function replayModelRequest(at: Date): Promise<string> {
  const config = loadConfig(env);
  const state = await readConversation(storageOf(env), clientKeyOf(CLIENT)!);
  const request = await consultantRequest(state, config, config.publicBaseUrl!, at);
  let body = "";
  const model = createModelClient({
    ...config.openai,
    fetch: async (_input, init) => {
      body = String(init?.body);
      return Response.json(chatCompletion);
    },
  });
  await model.complete(request.messages, request.tools, replyPolicies().model, { maxCompletionTokens: request.maxCompletionTokens });
  return body;
}

describe("replay from KV and R2 alone", () => {
  it("ADR-010.5 every model request of a consultation is rebuilt byte-for-byte from a plain copy of storage", async () => {
    const observed: Array<{ body: string; at: Date; copy: StorageCopy }> = [];
    await runFullConsultation(send, async (body) => {
      observed.push({ body, at: new Date(clock.now()), copy: await copyStorage() });
    });
    expect(observed).toHaveLength(consultationMessages.length);
    expect(observed.some(({ body }) => body.includes("Photo 1: curls "))).toBe(true); // what the photo showed is part of what is replayed (ADR-019.5)

    for (const { body, at, copy } of observed) {
      await emptyStorage();
      expect((await env.MEDIA_BUCKET.list()).objects).toEqual([]);
      expect((await env.CHAT_HISTORY.list()).keys).toEqual([]);
      await restoreStorage(copy);
      expect(await replayModelRequest(at)).toBe(body);
    }
  });
});
