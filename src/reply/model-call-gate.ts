/**
 * The gate of ADR 018.3: before "typing…" and before the model, the client's model calls are
 * counted from their stored answers. Every answer claimed for the model counts when it was claimed
 * (answered by the model or its fallback, superseded, or still in flight); commands and what a
 * gate answered or kept silent do not. The limit notes sent are told apart by their text.
 * A reset deletes the answers but not the record of each model call (ADR 018.4): those count too,
 * once each, the record and the claim of one call being the same answer claimed at the same time.
 */
import { isLimitNote, limitNote, modelCallLimits, modelCallVerdict } from "../conversation/model-call-limits";
import type { Storage } from "../storage/bucket";
import { readModelCalls } from "../storage/outside-client";
import type { Gate } from "./gate-contract";

const longestWindowMs = Math.max(...modelCallLimits.map((limit) => limit.windowMs));

export function modelCallGate(store: Storage): Gate {
  return {
    name: "model-call-limits",
    async check({ client, state, messages, language, now }) {
      const answering = new Set(messages.map((m) => m.sid));
      const calls = new Map<string, number>();
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
        const at = Date.parse(claim.claimedAt);
        calls.set(`${at}-${claim.seq}`, at);
      }
      for (const call of await readModelCalls(store, client, now - longestWindowMs)) calls.set(`${call.claimedAt}-${call.seq}`, call.claimedAt);
      const verdict = modelCallVerdict({ calls: [...calls.values()], notes }, now);
      if (verdict.kind === "call") return { kind: "continue" };
      if (verdict.kind === "note") return { kind: "answer", text: limitNote[verdict.window][language] };
      return { kind: "silent", reason: "model-call limit" };
    },
  };
}
