/**
 * Twilio's delivery receipts (ADR 016.7): `POST /whatsapp/status` for each message the Worker
 * sent. A receipt is recorded once per (message, status) under the client's prefix, create-only;
 * one for a message we did not send is acknowledged and dropped. Twilio may call back before the
 * send's own outcome is recorded: while a part of the client's is on its way, the receipt waits
 * for it (bounded).
 */
import type { Storage } from "../storage/bucket";
import { readAnswers, recordReceipt } from "../storage/conversation";
import { clientKeyOf, type ClientKey } from "../storage/keys";
import type { StoredAnswer } from "../storage/records";
import type { Clock } from "../utils/clock";
import { MESSAGE_SID } from "../utils/twilio-identifiers";

export const MESSAGE_STATUSES = ["accepted", "queued", "sending", "sent", "delivered", "undelivered", "failed", "read"] as const;

export type ReceiptParams = { twilioSid: string; status: string; errorCode?: string; client: ClientKey };

/** The receipt a status callback describes, or null when it is not one of ours to record. */
export function readReceipt(params: Record<string, string>): ReceiptParams | null {
  const twilioSid = params.MessageSid ?? params.SmsSid ?? "";
  const status = (params.MessageStatus ?? params.SmsStatus ?? "").toLowerCase();
  const client = clientKeyOf((params.To ?? "").trim());
  if (!MESSAGE_SID.test(twilioSid) || !(MESSAGE_STATUSES as readonly string[]).includes(status) || !client) return null;
  const errorCode = params.ErrorCode?.trim();
  return { twilioSid, status, client, ...(errorCode && /^\d{1,6}$/.test(errorCode) ? { errorCode } : {}) };
}

const sentByUs = (answers: StoredAnswer[], twilioSid: string) => answers.some((a) => a.parts.some((p) => p.twilioSid === twilioSid));
const partsInFlight = (answers: StoredAnswer[]) => answers.some((a) => a.sending.some((i) => !a.parts.some((p) => p.index === i)));

/** Records the receipt if the message is one of ours; true when it was recorded (or already was). */
export async function recordDeliveryReceipt(
  deps: { store: Storage; clock: Clock; waitMs: number; pollMs: number },
  receipt: ReceiptParams,
): Promise<boolean> {
  const until = deps.clock.now() + deps.waitMs;
  for (;;) {
    const answers = await readAnswers(deps.store, receipt.client);
    if (sentByUs(answers, receipt.twilioSid)) {
      await recordReceipt(deps.store, receipt.client, {
        v: 1,
        twilioSid: receipt.twilioSid,
        status: receipt.status,
        ...(receipt.errorCode ? { errorCode: receipt.errorCode } : {}),
        at: new Date(deps.clock.now()).toISOString(),
      });
      return true;
    }
    if (!partsInFlight(answers) || deps.clock.now() >= until) return false;
    await deps.clock.sleep(deps.pollMs);
  }
}
