/**
 * A message's photos, voice notes and files, fetched and kept as soon as it arrives (ADR 006),
 * then what became of each recorded once (`ingested/`): the burst's answer waits for these
 * records rather than saying it cannot see a photo still downloading (ADR 016.5).
 */
import { recordIngested } from "../storage/store";
import { mediaOf } from "../twilio/webhook-form";
import type { ReplyJob } from "./reply-job";

export async function ingestMedia(job: ReplyJob): Promise<void> {
  if (!job.deps.ingestMedia || mediaOf(job.message.params).length === 0) return;
  const outcomes = await job.deps.ingestMedia(job.store, job.client, job.message);
  await recordIngested(job.store, job.client, {
    v: 1,
    sid: job.message.sid,
    attachments: outcomes.map((o) => ({ index: o.index, contentType: o.contentType?.essence ?? null, result: o.result })),
  });
}
