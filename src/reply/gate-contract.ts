/**
 * The contract every gate keeps (the gates themselves are opt-out-gate.ts and model-call-gate.ts):
 * a check that may stop the model from answering. Each sees the messages about to be answered
 * and says: go on, answer by code with this text, or stay silent. They run before "typing…" is
 * shown and again on the claimed burst, before the model.
 */
import type { ClientKey } from "../storage/keys";
import type { ConversationState, InboundRecord } from "../storage/records";
import type { Language } from "../utils/language";

export interface GateInput {
  client: ClientKey;
  state: ConversationState;
  /** The messages about to be answered, oldest first. */
  messages: InboundRecord[];
  language: Language;
  now: number;
}

export type GateVerdict = { kind: "continue" } | { kind: "answer"; text: string } | { kind: "silent"; reason: string };

export interface Gate {
  name: string;
  check(input: GateInput): Promise<GateVerdict>;
}

/** The first verdict that is not "continue", or "continue". */
export async function runGates(gates: readonly Gate[] | undefined, input: GateInput): Promise<GateVerdict> {
  for (const gate of gates ?? []) {
    const verdict = await gate.check(input);
    if (verdict.kind !== "continue") return verdict;
  }
  return { kind: "continue" };
}
