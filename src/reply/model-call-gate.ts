/**
 * The gate of ADR 018.3: before "typing…" and before the model, the client's model calls are
 * counted from their stored answers. Every answer claimed for the model counts when it was claimed
 * (answered by the model or its fallback, superseded, or still in flight); commands and what a
 * gate answered or kept silent do not. The limit notes sent are told apart by their text.
 */
import { isLimitNote, limitNote, modelCallVerdict } from "../conversation/model-call-limits";
import type { Gate } from "./gates";

export const modelCallGate: Gate = {
  name: "model-call-limits",
  async check({ state, messages, language, now }) {
    const answering = new Set(messages.map((m) => m.sid));
    const calls: number[] = [];
    const notes: number[] = [];
    for (const { claim, reply } of state.answers) {
      if (!claim || claim.command) continue;
      // The claim of the burst being answered now is no earlier call.
      if (!reply && claim.covers.some((sid) => answering.has(sid))) continue;
      if (reply?.outcome === "silent") continue;
      if (reply?.outcome === "send" && reply.source === "gate") {
        if (isLimitNote(reply.text)) notes.push(Date.parse(reply.decidedAt));
        continue;
      }
      calls.push(Date.parse(claim.claimedAt));
    }
    const verdict = modelCallVerdict({ calls, notes }, now);
    if (verdict.kind === "call") return { kind: "continue" };
    if (verdict.kind === "note") return { kind: "answer", text: limitNote[verdict.window][language] };
    return { kind: "silent", reason: "model-call limit" };
  },
};
