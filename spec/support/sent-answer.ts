/** Answers built by hand, as `readConversation` returns them: for specs (node or workers) that compose a state in memory. */
import type { StoredAnswer } from "../../src/storage/records";

/** An answer as `readConversation` returns it, sent in one part: for specs that build a state by hand. */
export function sentAnswer(seq: number, covers: string[], at: string, text: string): StoredAnswer {
  return {
    seq,
    claim: { v: 1, seq, covers, claimedAt: at },
    reply: { v: 1, seq, outcome: "send", decidedAt: at, source: "model", text, parts: 1 },
    sending: [0],
    parts: [{ v: 1, seq, index: 0, status: "sent", twilioSid: `SM${String(seq).padStart(32, "f")}`, at }],
  };
}
