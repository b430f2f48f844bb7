/**
 * Client commands (docs/interface.md): the whole message, any case, surrounding spaces ignored.
 * Commands never reach the model.
 */
import type { Language } from "../utils/language";

export type Command = "reset" | "summary";

const commands: Record<string, Command> = {
  reset: "reset",
  "start over": "reset",
  "new consultation": "reset",
  reiniciar: "reset",
  "empezar de nuevo": "reset",
  summary: "summary",
  resumen: "summary",
};

export function commandOf(body: string): Command | null {
  return commands[body.trim().replace(/\s+/g, " ").toLowerCase()] ?? null;
}

export const resetConfirmation: Record<Language, string> = {
  en: "Done: your consultation has been cleared, photos included. Whenever you are ready, tell me about your hair and we will start fresh.",
  es: "Listo: borré tu consulta, fotos incluidas. Cuando quieras, cuéntame sobre tu cabello y empezamos de nuevo.",
};

export const summaryLinkText: Record<Language, (link: string) => string> = {
  en: (link) => `Here is your consultation summary, always up to date: ${link}`,
  es: (link) => `Aquí está el resumen de tu consulta, siempre actualizado: ${link}`,
};
