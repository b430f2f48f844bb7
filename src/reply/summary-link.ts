/** The link to the client's live summary page (ADR 007): starts the consultation record when there is none. */
import { ensureConsultation } from "../storage/store";
import { conversationIdFor } from "../summary/conversation-id";
import type { ReplyJob } from "./reply-job";

export async function summaryPageUrl(job: ReplyJob, now: string): Promise<string> {
  const consultation = await ensureConsultation(job.store, job.client, now);
  return `${job.deps.publicOrigin}/summary/${await conversationIdFor(job.deps.config.linkSigningSecret, job.client, consultation)}`;
}
