/**
 * What every step of the reply path works with (ADR 004, ADR 016): the collaborators (`deps`),
 * the burst timings, and one job: the background work started for one recorded message.
 */
import type { Config } from "../config/settings";
import type { AttachmentOutcome } from "../media/ingest";
import type { ModelClient } from "../openai/client";
import type { Storage } from "../storage/bucket";
import type { ClientKey } from "../storage/keys";
import type { InboundRecord } from "../storage/records";
import type { DeletionClient } from "../twilio/deletion-client";
import type { MessagesClient } from "../twilio/messages-client";
import type { TypingIndicator } from "../twilio/typing-indicator";
import type { Clock } from "../utils/clock";
import type { RetryPolicy } from "../utils/retry";
import type { Gate } from "./gate-contract";

/** The burst's timings (ADR 016.1, 016.4): measured in docs/benchmarks.md. */
export interface BurstTiming {
  /** Quiet time after a message before its job looks for newer ones. */
  settleMs: number;
  /** Counted from the oldest unanswered message: past it, the answer goes out even if the client keeps writing. */
  capMs: number;
  /** Longest an answer waits for its messages' photos and voice notes. */
  mediaWaitMs: number;
  /** Longest an answer waits for an earlier answer still being sent, and a reset for a send in flight. */
  orderWaitMs: number;
  /** How often a waiting job looks again. */
  pollMs: number;
}

export const burstTiming: BurstTiming = { settleMs: 1000, capMs: 15_000, mediaWaitMs: 8000, orderWaitMs: 12_000, pollMs: 150 };

export interface ReplyDeps {
  store: Storage;
  config: Config;
  model: ModelClient;
  messages: MessagesClient;
  /** "typing…" while the model works (ADR 016.6); absent, nothing is shown. */
  typing?: TypingIndicator;
  /** Origin for links in replies and for Twilio's status callbacks: PUBLIC_BASE_URL, or the webhook request's own origin. */
  publicOrigin: string;
  /** Stores the message's media and transcribes voice notes (ADR 006). */
  ingestMedia?: (store: Storage, client: ClientKey, message: InboundRecord, mayTranscribe?: (sid: string, index: number) => Promise<boolean>) => Promise<AttachmentOutcome[]>;
  /** Deletes Twilio's copies of the client's messages and media ("delete my data", ADR 020.7). */
  deletions?: DeletionClient;
  /** Checks run before "typing…" and before the model; any of them can answer by code or keep silent. */
  gates?: readonly Gate[];
  clock: Clock;
  timing?: BurstTiming;
}

/** One message's background work. Its writes go through the fence (ADR 016.8). */
export interface ReplyJob {
  /** The collaborators but the unfenced store: a step has `store` alone. */
  deps: Omit<ReplyDeps, "store">;
  client: ClientKey;
  message: InboundRecord;
  /** The storage for this job's writes: every write is checked against the consultation it started under. */
  store: Storage;
  timing: BurstTiming;
  policies: { model: RetryPolicy; send: RetryPolicy };
  /** Epoch ms by which the job must have finished (inside the 30 s `waitUntil` allows). */
  deadline: number;
}

export const isoAt = (job: ReplyJob): string => new Date(job.deps.clock.now()).toISOString();
