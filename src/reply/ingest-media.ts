/**
 * A message's photos, voice notes and files, fetched and kept as soon as it arrives (ADR 006),
 * its photos looked at once (ADR-019.3), then what became of each recorded once (`ingested/`):
 * the burst's answer waits for these records rather than saying it cannot see a photo still
 * downloading (ADR 016.5), and so finds the photos' observations already recorded.
 */
import { observeMessagePhotos } from "../conversation/photo-observation";
import { ensureConsultation } from "../storage/consultation";
import { readConversation, recordIngested } from "../storage/conversation";
import { logEvent } from "../utils/log";
import { redact } from "../utils/redact";
import { isOvertakenByReset } from "./fenced-storage";
import { mediaOf } from "../twilio/webhook-form";
import { openaiAllowance, type CallAllowance } from "./openai-allowance";
import { isoAt, type ReplyJob } from "./reply-job";

export async function ingestMedia(job: ReplyJob): Promise<void> {
  if (!job.deps.ingestMedia || mediaOf(job.message.params).length === 0) return;
  const allowance = openaiAllowance(job);
  const outcomes = await job.deps.ingestMedia(job.store, job.client, job.message, allowance);
  if (outcomes.some((o) => o.kind === "photo" && o.result === "stored")) await observeJobPhotos(job, allowance);
  await recordIngested(job.store, job.client, {
    v: 1,
    sid: job.message.sid,
    attachments: outcomes.map((o) => ({ index: o.index, contentType: o.contentType?.essence ?? null, result: o.result })),
  });
}

/**
 * ADR-019.3: the message's stored photos, looked at once before the answer can be composed. The
 * photo links are sealed with the consultation, so a first message starts it here (a refused
 * write only means the photo goes to the answer as an image instead).
 */
async function observeJobPhotos(job: ReplyJob, mayCall: CallAllowance): Promise<void> {
  const { deps } = job;
  const state = await readConversation(job.store, job.client);
  const consultation =
    state.consultation ??
    (await ensureConsultation(job.store, job.client, isoAt(job)).catch((error: unknown) => {
      if (isOvertakenByReset(error)) throw error;
      logEvent("consultation_write_failed", { client: redact(job.client), sid: job.message.sid, error: String(error) });
      return null;
    }));
  if (!consultation) return;
  const observer = { store: job.store, model: deps.model, config: deps.config, publicOrigin: deps.publicOrigin, now: () => new Date(deps.clock.now()), mayCall };
  await observeMessagePhotos(observer, { ...state, consultation }, job.message.sid);
}
