/** The answer that covers a message, read back through the storage module: what the reply path recorded. */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { answerCovering, answerStatus } from "../../src/conversation/answers";
import { storageOf } from "../../src/storage/bucket";
import { readConversation } from "../../src/storage/conversation";
import type { ClientKey } from "../../src/storage/keys";
export { sentAnswer } from "./sent-answer";

export async function answerFor(client: string, sid: string) {
  const state = await readConversation(storageOf(env), client as ClientKey);
  const answer = answerCovering(state, sid);
  if (!answer) throw new Error(`no answer covers ${sid}`);
  const reply = answer.reply?.outcome === "send" ? answer.reply : undefined;
  return {
    seq: answer.seq,
    covers: answer.claim!.covers,
    status: answerStatus(answer),
    source: reply?.source,
    text: reply?.text,
    handoffSummary: reply?.handoffSummary,
    parts: answer.parts,
    error: answer.parts.find((p) => p.status === "failed")?.error,
  };
}

/** What a reset leaves of the client: its own message (so a retry is recognised) and its confirmation, the next answer of the chain. */
export const resetLeaves = (client: string, sid: string): unknown[] => [
  expect.stringMatching(new RegExp(`^${escaped(client)}/answers/\\d{6}/claim\\.json$`)),
  expect.stringMatching(new RegExp(`^${escaped(client)}/answers/\\d{6}/reply\\.json$`)),
  expect.stringMatching(new RegExp(`^${escaped(client)}/answers/\\d{6}/sending-0\\.json$`)),
  expect.stringMatching(new RegExp(`^${escaped(client)}/answers/\\d{6}/sent-0\\.json$`)),
  `${client}/messages/${sid}.json`,
];
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

