/**
 * The gate of ADR 018.3: before "typing…" and before the model, the client's model calls are
 * counted from their stored answers. Every answer claimed for the model counts when it was claimed
 * (answered by the model or its fallback, superseded, or still in flight); commands and what a
 * gate answered or kept silent do not. The limit notes sent are told apart by their text.
 * A reset deletes the answers but not the record of each model call (ADR 018.4): those count too,
 * once each, the record and the claim of one call being the same answer claimed at the same time.
 * So do the records of the client's photo looks and transcriptions (ADR 029.4), and the
 * deployment's daily cap holds every client (ADR 029.6).
 */
import { isLimitNote, limitNote, modelCallLimits, modelCallVerdict } from "../conversation/model-call-limits";
import type { Storage } from "../storage/bucket";
import { countDeploymentCalls, readClientCalls } from "../storage/openai-calls";
import { logEvent } from "../utils/log";
import type { Gate } from "./gate-contract";

export const longestWindowMs = Math.max(...modelCallLimits.map((limit) => limit.windowMs));
export const DEPLOYMENT_WINDOW_MS = 24 * 60 * 60_000;

/** Whether the deployment made its daily cap of OpenAI calls in the last 24 hours (ADR 029.6). */
export async function deploymentCapReached(store: Storage, cap: number, now: number): Promise<boolean> {
  return (await countDeploymentCalls(store, now - DEPLOYMENT_WINDOW_MS)) >= cap;
}

export function modelCallGate(store: Storage, dailyCallCap: number): Gate {
  return {
    name: "model-call-limits",
    async check({ client, state, messages, language, now }) {
      const answering = new Set(messages.map((m) => m.sid));
      const calls = new Map<string, number>();
      const notes: number[] = [];
      for (const { claim, reply } of state.answers) {
        if (!claim || claim.command || claim.stylist) continue;
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
      for (const call of await readClientCalls(store, client, now - longestWindowMs)) calls.set(call.id, call.at);
      const deploymentFull = await deploymentCapReached(store, dailyCallCap, now);
      if (deploymentFull) logEvent("openai_daily_cap_reached", { cap: dailyCallCap }, "warn");
      const verdict = modelCallVerdict({ calls: [...calls.values()], notes }, now, modelCallLimits, deploymentFull);
      if (verdict.kind === "call") return { kind: "continue" };
      if (verdict.kind === "note") return { kind: "answer", text: limitNote[verdict.window][language] };
      return { kind: "silent", reason: "model-call limit" };
    },
  };
}
