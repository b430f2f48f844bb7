/**
 * ADR 005.3: the consultant's answer in a completion (src/conversation/consultant-prompt.ts): the
 * hand-off when the model called `conclude_consultation` with a summary, else its text.
 */
import { describe, expect, it } from "vitest";
import { consultantAnswerOf, HANDOFF_TOOL_NAME } from "../../../src/conversation/consultant-prompt";

const handoff = (args: unknown) => ({ name: HANDOFF_TOOL_NAME, arguments: typeof args === "string" ? args : JSON.stringify(args) });

describe("the consultant's answer", () => {
  it("ADR-005.3 a call of conclude_consultation with a summary is the hand-off: its message to the client and its summary, trimmed", () => {
    const completion = { text: "", toolCalls: [handoff({ summary: "  Rizos 3B, resequedad en puntas.  ", message: " ¡Gracias! Tata te escribirá. " })] };
    expect(consultantAnswerOf(completion)).toEqual({ text: "¡Gracias! Tata te escribirá.", handoffSummary: "Rizos 3B, resequedad en puntas." });
  });

  it("ADR-005.3 a hand-off without a message to the client (absent, blank or not a text) says the model's own text", () => {
    for (const args of [{ summary: "Rizos 3B." }, { summary: "Rizos 3B.", message: "   " }, { summary: "Rizos 3B.", message: 7 }]) {
      expect(consultantAnswerOf({ text: "Listo, gracias.", toolCalls: [handoff(args)] })).toEqual({ text: "Listo, gracias.", handoffSummary: "Rizos 3B." });
    }
  });

  it("ADR-005.3 a call without a usable summary, or of another tool, is no hand-off: the model's text is the answer", () => {
    const calls = [
      handoff({ summary: 5, message: "Gracias" }),
      handoff({ summary: "  ", message: "Gracias" }),
      handoff("{ not json"),
      handoff("null"),
      { name: "other_tool", arguments: JSON.stringify({ summary: "Rizos 3B.", message: "Gracias" }) },
    ];
    for (const call of calls) expect(consultantAnswerOf({ text: "¿Me cuentas de tu rutina?", toolCalls: [call] })).toEqual({ text: "¿Me cuentas de tu rutina?" });
  });

  it("ADR-005.3 the first usable hand-off call wins over a later one", () => {
    const completion = { text: "", toolCalls: [handoff({ summary: "" }), handoff({ summary: "Primero.", message: "Uno" }), handoff({ summary: "Segundo.", message: "Dos" })] };
    expect(consultantAnswerOf(completion)).toEqual({ text: "Uno", handoffSummary: "Primero." });
  });

  it("ADR-005.3 no text and no hand-off is a failure the operator's log names", () => {
    expect(() => consultantAnswerOf({ text: "", toolCalls: [] })).toThrow(new Error("the model returned no text"));
    expect(() => consultantAnswerOf({ text: "", toolCalls: [handoff({ message: "Gracias" })] })).toThrow(new Error("the model returned no text"));
  });
});
