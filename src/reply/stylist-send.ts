/**
 * The stylist's own messages from the console (ADR 028.5, 028.7): a text or the follow-up
 * template, sent once per idempotency key, as an answer of the client's chain that covers no
 * message (claimed like any other, so answers keep their order, a reset waits for it, and its
 * delivery receipts are recorded and shown). Recorded as hers: `source: "stylist"`, her email on the claim.
 */
import { capToMessages } from "../conversation/answer-limits";
import { nextSeq } from "../conversation/answers";
import { takeSendKey } from "../storage/console-records";
import { claimAnswer, decideAnswer, readAnswers } from "../storage/conversation";
import type { AnswerClaim } from "../storage/records";
import { splitMessage } from "../twilio/messages-client";
import { sendParts, type PartSender } from "./deliver";

/** Enough for every answer racing for the same number, and then some. */
const MAX_ATTEMPTS = 25;

export type StylistMessage = { text: string } | { template: { contentSid: string; variables: Record<string, string> } };

export type StylistSendOutcome = "sent" | "failed" | "repeated";

/** Sends the stylist's message once per `key`: "repeated" when a send with that key was already made. */
export async function sendAsStylist(sender: PartSender, by: string, key: string, message: StylistMessage): Promise<StylistSendOutcome> {
  if (!(await takeSendKey(sender.store, sender.client, key))) return "repeated";
  const claim = await claimStylistAnswer(sender, by);
  const text = "text" in message ? capToMessages(message.text.trim(), { notice: "…" }).text : templateText(message.template);
  const parts = "text" in message ? splitMessage(text).map((body) => ({ body })) : [{ contentSid: message.template.contentSid, contentVariables: JSON.stringify(message.template.variables) }];
  await decideAnswer(sender.store, sender.client, { v: 1, seq: claim.seq, outcome: "send", decidedAt: sender.at(), source: "stylist", text, parts: parts.length });
  return (await sendParts(sender, claim, parts)).length === parts.length ? "sent" : "failed";
}

/** How a template send reads in the conversation: its SID and variables, as sent. */
const templateText = (template: { contentSid: string; variables: Record<string, string> }) =>
  `[follow-up template ${template.contentSid} ${JSON.stringify(template.variables)}]`;

async function claimStylistAnswer(sender: PartSender, by: string): Promise<AnswerClaim> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const claim: AnswerClaim = { v: 1, seq: nextSeq({ answers: await readAnswers(sender.store, sender.client) }), covers: [], claimedAt: sender.at(), stylist: by };
    if (await claimAnswer(sender.store, sender.client, claim)) return claim;
  }
  throw new Error("no answer number left to claim");
}
