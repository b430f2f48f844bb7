/**
 * How far an answer got, as the summary page says it (ADR 016.7): Twilio's receipts give the
 * furthest state reached, a refused send or a failed delivery always shows with its code, and the
 * codes a stylist meets most often are said in plain words.
 */
import type { AssistantTurn } from "../conversation/timeline";
import type { Language } from "../utils/language";

export type DeliveryOnPage =
  | { state: "read" | "delivered" | "sent" | "sending" }
  | { state: "not-sent" | "not-delivered"; errorCode?: string; explanation?: string };

/** Twilio's error codes for WhatsApp deliveries, in plain words. */
const explanations: Record<string, Record<Language, string>> = {
  "63016": {
    en: "outside WhatsApp's 24-hour window: the client has to write first",
    es: "fuera de la ventana de 24 horas de WhatsApp: la clienta tiene que escribir primero",
  },
  "63024": { en: "WhatsApp does not accept messages for this number", es: "WhatsApp no acepta mensajes para este número" },
  "63003": { en: "the number could not be reached on WhatsApp", es: "no se pudo encontrar el número en WhatsApp" },
  "63018": { en: "too many messages to WhatsApp in a short time", es: "demasiados mensajes a WhatsApp en poco tiempo" },
  "63032": { en: "the client chose not to receive messages from businesses", es: "la clienta eligió no recibir mensajes de empresas" },
  "30008": { en: "an unknown error at the carrier", es: "un error desconocido del operador" },
};

export function deliveryOnPage(turn: Pick<AssistantTurn, "status" | "delivery">, language: Language): DeliveryOnPage {
  const failure = (state: "not-sent" | "not-delivered", errorCode?: string): DeliveryOnPage => {
    const explanation = errorCode ? explanations[errorCode]?.[language] : undefined;
    return { state, ...(errorCode ? { errorCode } : {}), ...(explanation ? { explanation } : {}) };
  };
  if (turn.delivery.state === "failed" || turn.delivery.state === "undelivered") return failure("not-delivered", turn.delivery.errorCode);
  if (turn.status === "failed") return failure("not-sent");
  if (turn.delivery.state === "read" || turn.delivery.state === "delivered" || turn.delivery.state === "sent") return { state: turn.delivery.state };
  return { state: turn.status === "sent" ? "sent" : "sending" };
}
