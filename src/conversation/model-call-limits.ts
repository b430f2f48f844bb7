/**
 * How many model calls one client may cause (ADR 018.3): 20 a minute and 200 a day, counted at
 * the moment of asking from the times in the client's stored log, never from a counter. Over a
 * limit the client gets one note, then silence until the window has passed: a note already sent
 * after the last model call means this streak was told.
 */
import type { Language } from "../utils/language";

export interface ModelCallLimit {
  window: "minute" | "day";
  windowMs: number;
  max: number;
}

export const modelCallLimits: readonly ModelCallLimit[] = [
  { window: "minute", windowMs: 60_000, max: 20 },
  { window: "day", windowMs: 24 * 60 * 60_000, max: 200 },
];

/** The one note a client gets on reaching a limit (theirs, or the deployment's daily cap, ADR 029.6), in their language. */
export const limitNote: Record<ModelCallLimit["window"] | "deployment", Record<Language, string>> = {
  minute: {
    en: "You are writing faster than I can answer well. Give me a minute, then write again: your messages are saved.",
    es: "Me escribes más rápido de lo que puedo responder bien. Dame un minuto y vuelve a escribirme: tus mensajes quedan guardados.",
  },
  day: {
    en: "We have talked a lot today and I have reached my limit of answers for now. Your messages are saved: write again tomorrow and we will go on from here.",
    es: "Hoy hemos hablado mucho y llegué a mi límite de respuestas por ahora. Tus mensajes quedan guardados: escríbeme mañana y seguimos desde aquí.",
  },
  deployment: {
    en: "Thank you for writing! I cannot answer automatically right now, but your messages are saved and Tata Oro will answer you personally.",
    es: "¡Gracias por escribir! Ahora no puedo responderte automáticamente, pero tus mensajes quedan guardados y Tata Oro te responderá personalmente.",
  },
};

/** Whether a text the client was sent is one of the limit notes: how the log tells them from other answers. */
export function isLimitNote(text: string): boolean {
  return Object.values(limitNote).some((byLanguage) => Object.values(byLanguage).includes(text));
}

export type ModelCallVerdict = { kind: "call" } | { kind: "note"; window: ModelCallLimit["window"] | "deployment" } | { kind: "silent" };

/**
 * `calls`: when the client's earlier model calls were made; `notes`: when they were told of a
 * limit (epoch milliseconds, any order). A window holds what happened after `now - windowMs`.
 * `deploymentFull`: the deployment's daily cap is reached (ADR 029.6), which the client's own
 * limits, when reached too, take precedence over.
 */
export function modelCallVerdict(
  log: { calls: readonly number[]; notes: readonly number[] },
  now: number,
  limits: readonly ModelCallLimit[] = modelCallLimits,
  deploymentFull = false,
): ModelCallVerdict {
  const reached = limits.filter((limit) => callsWithin(log.calls, limit, now) >= limit.max);
  if (reached.length === 0 && !deploymentFull) return { kind: "call" };
  // A call dated after now (a record this Worker did not write, a clock far ahead) is no call yet.
  const lastCall = Math.max(...log.calls.filter((at) => at <= now));
  if (log.notes.some((at) => at >= lastCall)) return { kind: "silent" };
  if (reached.length === 0) return { kind: "note", window: "deployment" };
  // The longest window reached says how long the client will wait.
  return { kind: "note", window: reached.reduce((a, b) => (b.windowMs > a.windowMs ? b : a)).window };
}

/** The client's calls that a window counts at `now`. */
export function callsWithin(calls: readonly number[], limit: ModelCallLimit, now: number): number {
  return calls.filter((at) => at > now - limit.windowMs && at <= now).length;
}

/** How many more calls the client's limits allow at `now` (0 at a limit). */
export function callsLeft(calls: readonly number[], now: number, limits: readonly ModelCallLimit[] = modelCallLimits): number {
  return Math.max(0, Math.min(...limits.map((limit) => limit.max - callsWithin(calls, limit, now))));
}
