/** The client's language, derived from their own words at the moment it is needed (never stored). */

export type Language = "es" | "en";

const spanishSignals =
  /[ñ¿¡áéíóú]|\b(hola|buen[oa]s?|gracias|quiero|tengo|pelo|cabello|rizos?|rizad[oa]|mi|mis|es|soy|por favor|qu[eé]|c[oó]mo|para|sí|resumen|reiniciar|empezar)\b/gi;
const englishSignals =
  /\b(hi|hello|hey|thanks|thank you|want|have|hair|curls?|curly|my|is|am|please|what|how|for|yes|summary|reset|start over)\b/gi;

/** Spanish or English from the given texts (most recent last); English when nothing says. */
export function detectLanguage(texts: readonly string[]): Language {
  let score = 0;
  // Recent messages weigh more: a client who switches language is followed.
  texts.slice(-6).forEach((text, i, recent) => {
    const weight = 1 + i / recent.length;
    score += weight * ((text.match(spanishSignals)?.length ?? 0) - (text.match(englishSignals)?.length ?? 0));
  });
  return score > 0 ? "es" : "en";
}
