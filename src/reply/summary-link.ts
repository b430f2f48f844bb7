/**
 * The link to the client's live summary page (ADR 007): of the consultation already read when
 * there is one (ADR 022.7), else of the stored one, started when there is none.
 */
import { ensureConsultation } from "../storage/consultation";
import type { Consultation } from "../storage/records";
import { conversationIdFor } from "../summary/conversation-id";
import type { ReplyJob } from "./reply-job";

export async function summaryPageUrl(job: ReplyJob, now: string, known?: Consultation | null): Promise<string> {
  const consultation = known ?? (await ensureConsultation(job.store, job.client, now));
  return `${job.deps.publicOrigin}/summary/${await conversationIdFor(job.deps.config.linkSigningSecret, job.client, consultation)}`;
}
