/**
 * Silence after an opt-out (ADR 020.6): a client who opted out gets nothing until START. Their
 * messages are recorded (by the webhook) and each is closed with a silent answer, so that
 * nothing from that time is answered after they resume; no "typing…", download or model call.
 * The gate keeps an answer prepared before the opt-out from going out after it.
 */
import { readLatestMessages } from "../storage/conversation-page";
import type { Storage } from "../storage/bucket";
import { decideAnswer } from "../storage/conversation";
import { readConsent } from "../storage/outside-client";
import { claimOwnAnswer } from "./own-answer";
import type { Gate } from "./gate-contract";
import { isoAt, type ReplyJob } from "./reply-job";

export const OPTED_OUT = "opted out";

export async function isOptedOut(job: ReplyJob): Promise<boolean> {
  return (await readConsent(job.store, job.client)).optedOut;
}

/** Closes the job's message with a silent answer of its own. */
export async function keepSilent(job: ReplyJob): Promise<void> {
  const claim = await claimOwnAnswer(job, OPTED_OUT, (await readLatestMessages(job.store, job.client)).state);
  if (claim) await decideAnswer(job.store, job.client, { v: 1, seq: claim.seq, outcome: "silent", decidedAt: isoAt(job), reason: OPTED_OUT });
}

export function optOutGate(store: Storage): Gate {
  return {
    name: "opt-out",
    async check({ client }) {
      return (await readConsent(store, client)).optedOut ? { kind: "silent", reason: OPTED_OUT } : { kind: "continue" };
    },
  };
}
