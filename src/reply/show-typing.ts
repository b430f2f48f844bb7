/**
 * "typing…" once per burst (ADR 016.6): the job of a burst's first message shows Twilio's typing
 * indicator on it, unless a gate would keep the model from answering. The indicator is bounded by
 * its client's timeout and never fails the answer: a failure is logged once.
 */
import { unansweredMessages } from "../conversation/answers";
import { clientLanguage } from "../conversation/timeline";
import { readFolders } from "../storage/conversation";
import { redact } from "../utils/redact";
import { runGates } from "./gate-contract";
import type { ReplyJob } from "./reply-job";
import { logEvent } from "../utils/log";

export async function showTyping(job: ReplyJob): Promise<void> {
  const typing = job.deps.typing;
  if (!typing) return;
  // Messages and answers only: a photo's bytes or a receipt say nothing about who starts a burst.
  const state = await readFolders(job.store, job.client, ["messages/", "answers/"]);
  const waiting = unansweredMessages(state);
  // Only the first message of a burst: nothing older is still waiting for an answer.
  if (waiting[0]?.sid !== job.message.sid) return;
  const verdict = await runGates(job.deps.gates, {
    client: job.client,
    state,
    messages: [job.message],
    language: clientLanguage(state),
    now: job.deps.clock.now(),
  });
  if (verdict.kind !== "continue") return;
  const result = await typing.show(job.message.sid);
  if (!result.ok) {
    logEvent("typing_indicator_failed", { client: redact(job.client), sid: job.message.sid, reason: result.reason }, "warn");
  }
}
