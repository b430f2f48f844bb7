/**
 * What the client reads about their attachments (ADR 006), in their language, at the top of the
 * reply to that message: which attachment did not come through and why, and that videos and
 * documents are kept for the stylist while only photos can be looked at. The model's answer
 * follows in the same reply, so the conversation goes on.
 */
import type { Language } from "../utils/language";
import type { ContentType } from "./content-type";
import type { AttachmentOutcome } from "./ingest";

type Label = "photo" | "voice" | "video" | "document" | "file";

const DOCUMENT_TYPES = new Set(["application", "text"]);

function labelOf(contentType: ContentType | null): Label {
  if (contentType?.type === "image") return "photo";
  if (contentType?.type === "audio") return "voice";
  if (contentType?.type === "video") return "video";
  return contentType && DOCUMENT_TYPES.has(contentType.type) ? "document" : "file";
}

// Spanish needs the noun's gender for the pronoun ("enviarla" / "enviarlo").
const names: Record<Language, Record<Label, { your: string; it: string }>> = {
  en: {
    photo: { your: "your photo", it: "it" },
    voice: { your: "your voice note", it: "it" },
    video: { your: "your video", it: "it" },
    document: { your: "your document", it: "it" },
    file: { your: "your file", it: "it" },
  },
  es: {
    photo: { your: "tu foto", it: "la" },
    voice: { your: "tu nota de voz", it: "la" },
    video: { your: "tu video", it: "lo" },
    document: { your: "tu documento", it: "lo" },
    file: { your: "tu archivo", it: "lo" },
  },
};

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function attachmentNotes(outcomes: readonly AttachmentOutcome[], language: Language, stylist: string): string[] {
  const notes: string[] = [];
  for (const outcome of outcomes) {
    const label = labelOf(outcome.contentType);
    const name = names[language][label];
    const which = outcomes.length > 1 ? (language === "es" ? ` (adjunto ${outcome.index + 1})` : ` (attachment ${outcome.index + 1})`) : "";
    const your = `${name.your}${which}`;
    if (outcome.result === "not-received") {
      notes.push(
        language === "es"
          ? `${capitalized(your)} no me llegó. ¿Puedes enviar${name.it} de nuevo?`
          : `${capitalized(your)} did not come through. Could you send ${name.it} again?`,
      );
    } else if (outcome.result === "too-large") {
      notes.push(
        language === "es"
          ? `${capitalized(your)} pesa demasiado para recibir${name.it} (el límite es 5 MB por foto y 16 MB por mensaje). ¿Puedes enviar una versión más ligera?`
          : `${capitalized(your)} is too large for me to receive (the limit is 5 MB a photo and 16 MB a message). Could you send a smaller version?`,
      );
    } else if (outcome.result === "too-long") {
      notes.push(
        language === "es"
          ? `${capitalized(your)} es demasiado larga para que la escuche (hasta unos 10 minutos). La guardé para ${stylist}; ¿me escribes lo esencial o me envías una más corta?`
          : `${capitalized(your)} is too long for me to listen to (up to about 10 minutes). I saved it for ${stylist}; could you write me the gist, or send a shorter one?`,
      );
    } else if (outcome.result === "not-transcribed") {
      notes.push(
        language === "es"
          ? `No pude escuchar ${your}. ¿Puedes enviar${name.it} de nuevo o escribirme lo que decías?`
          : `I could not listen to ${your}. Could you send ${name.it} again, or write what you said?`,
      );
    } else if (outcome.result === "stored" && outcome.kind === "other") {
      notes.push(
        language === "es"
          ? `Guardé ${your} para ${stylist}, pero yo solo puedo mirar fotos. Si quieres que vea tu cabello, envíame una foto.`
          : `I saved ${your} for ${stylist}, but I can only look at photos. If you want me to see your hair, send me a photo.`,
      );
    }
  }
  return notes;
}
