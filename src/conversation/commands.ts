/**
 * Client commands (docs/interface.md): the whole message, any case, surrounding spaces and
 * trailing punctuation or emoji ignored (ADR 029.1). Commands never reach the model.
 */
import type { Language } from "../utils/language";

export type Command = "reset" | "summary" | "opt-out" | "resume" | "delete-data";

const commands: Record<string, Command> = {
  reset: "reset",
  "start over": "reset",
  "new consultation": "reset",
  reiniciar: "reset",
  "empezar de nuevo": "reset",
  summary: "summary",
  resumen: "summary",
  // Consent (ADR 020.3): the words WhatsApp users expect in both languages.
  stop: "opt-out",
  baja: "opt-out",
  parar: "opt-out",
  cancelar: "opt-out",
  unsubscribe: "opt-out",
  start: "resume",
  iniciar: "resume",
  "delete my data": "delete-data",
  "borrar mis datos": "delete-data",
};

/** The exact words of each command, for the model to quote (ADR 029.1). */
export const commandWords: Readonly<Record<Command, readonly string[]>> = Object.freeze(
  Object.entries(commands).reduce<Record<Command, string[]>>(
    (words, [word, command]) => ({ ...words, [command]: [...words[command], word] }),
    { reset: [], summary: [], "opt-out": [], resume: [], "delete-data": [] },
  ),
);

/** Trailing punctuation, symbols and emoji (with their joiners and variation selectors), and Spanish's opening marks. */
const TRAILING = /[\s\p{P}\p{S}\u200d\ufe0f]+$/u;
const LEADING = /^[\s¿¡]+/u;

export function commandOf(body: string): Command | null {
  const words = body.replace(TRAILING, "").replace(LEADING, "").trim().replace(/\s+/g, " ").toLowerCase();
  // Own entries only: "constructor" or "toString" are a client's words, not commands.
  return Object.hasOwn(commands, words) ? commands[words]! : null;
}

export const resetConfirmation: Record<Language, string> = {
  en: "Done: your consultation has been cleared, photos included. Whenever you are ready, tell me about your hair and we will start fresh.",
  es: "Listo: borré tu consulta, fotos incluidas. Cuando quieras, cuéntame sobre tu cabello y empezamos de nuevo.",
};

export const summaryLinkText: Record<Language, (link: string) => string> = {
  en: (link) => `Here is your consultation summary, always up to date: ${link}`,
  es: (link) => `Aquí está el resumen de tu consulta, siempre actualizado: ${link}`,
};

export const optOutConfirmation: Record<Language, string> = {
  en: "Done: you will not get any more messages from me. Whenever you want to continue, write START.",
  es: "Listo: no te enviaré más mensajes. Cuando quieras continuar, escribe INICIAR.",
};

export const resumeConfirmation: Record<Language, string> = {
  en: "Welcome back! We can pick up your consultation where we left it: tell me about your hair whenever you are ready.",
  es: "¡Qué gusto tenerte de vuelta! Retomamos tu consulta donde la dejamos: cuéntame de tu cabello cuando quieras.",
};

/** "Delete my data" when Twilio confirmed the deletion of every copy (ADR 029.9). */
export const deleteDataConfirmation: Record<Language, string> = {
  en: "Done: I deleted your consultation, your messages, photos and voice notes, here and at our messaging provider. If you write again, we start from zero.",
  es: "Listo: borré tu consulta, tus mensajes, fotos y notas de voz, aquí y en nuestro proveedor de mensajería. Si vuelves a escribir, empezamos desde cero.",
};

/** "Delete my data" when Twilio has not deleted every copy yet (ADR 029.9): what was done here, and what was asked. */
export const deleteDataAskedConfirmation: Record<Language, string> = {
  en: "Done: I deleted your consultation, your messages, photos and voice notes here, and I asked our messaging provider to delete its copies; it has not deleted all of them yet, and our team has been told to finish it. If you write again, we start from zero.",
  es: "Listo: borré aquí tu consulta, tus mensajes, fotos y notas de voz, y le pedí a nuestro proveedor de mensajería que borre sus copias; aún no las ha borrado todas, y nuestro equipo ya está avisado para terminarlo. Si vuelves a escribir, empezamos desde cero.",
};
