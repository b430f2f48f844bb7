/**
 * ADR 029.1: a command is the whole message, any case, surrounding spaces and trailing
 * punctuation or emoji ignored ("STOP.", "BAJA 🛑", "borrar mis datos."); a message with words
 * beyond the command ("Stop please") is not one, and the model is told the exact words instead.
 */
import { describe, expect, it } from "vitest";
import { commandOf } from "../../src/conversation/commands";
import { consultantPrompt } from "../../src/conversation/consultant-prompt";

const stylist = { name: "Tata Oro", city: "", bookingUrl: "", whatsappNumber: "" } as unknown as Parameters<typeof consultantPrompt>[0];

describe("command words with punctuation or emoji", () => {
  const table: Record<string, string> = {
    "STOP.": "opt-out",
    "BAJA 🛑": "opt-out",
    "stop!!!": "opt-out",
    "Parar 🙏🏽": "opt-out",
    "  cancelar… ": "opt-out",
    "borrar mis datos.": "delete-data",
    "Delete my data!": "delete-data",
    "START 👍": "resume",
    "summary?": "summary",
    "¿resumen?": "summary",
    "reset ❤️": "reset",
    "empezar de nuevo!": "reset",
  };
  for (const [body, command] of Object.entries(table)) {
    it(`ADR-029.1 ${JSON.stringify(body)} is the command ${command}`, () => {
      expect(commandOf(body)).toBe(command);
    });
  }

  it("ADR-029.1 words beyond the command, or punctuation inside it, make an ordinary message", () => {
    for (const body of ["Stop please", "please stop", "stop sending photos.", "delete my data please!", "s.t.o.p", "st op", "reset, then summary", ".", "🛑", "!!!"]) {
      expect(commandOf(body), body).toBeNull();
    }
  });

  it("ADR-029.1 the model is told every command word and never to claim it unsubscribed or deleted anything", () => {
    const prompt = consultantPrompt(stylist);
    for (const word of ["STOP", "BAJA", "PARAR", "CANCELAR", "UNSUBSCRIBE", "START", "INICIAR", "delete my data", "borrar mis datos", "reset", "reiniciar", "summary", "resumen"]) {
      expect(prompt, word).toContain(word);
    }
    expect(prompt).toMatch(/never (say|claim)[^.]*(unsubscribed|opted)[^.]*deleted/i);
  });
});
