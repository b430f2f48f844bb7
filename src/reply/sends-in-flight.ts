/**
 * A reset or "delete my data" waits (bounded) for the parts already on their way to the client
 * (ADR 016.8): nothing from before it is sent after its confirmation.
 */
import { answersInFlight } from "../storage/conversation-page";
import type { ReplyJob } from "./reply-job";

/**
 * Waits (bounded) while answers have parts marked as about to be sent without an outcome yet: they
 * are on their way to Twilio. `inFlight`: those found by the caller's last look. True when it waited.
 */
export async function awaitSendsInFlight(job: ReplyJob, inFlight: readonly number[]): Promise<boolean> {
  const { clock } = job.deps;
  const until = Math.min(clock.now() + job.timing.orderWaitMs, job.deadline);
  let waited = false;
  while (inFlight.length > 0 && clock.now() < until) {
    waited = true;
    await clock.sleep(job.timing.pollMs);
    inFlight = await answersInFlight(job.store, job.client);
  }
  return waited;
}
