/**
 * ADR 006.8-9 and ADR 029.5, what the client reads about their attachments, in node
 * (src/media/attachment-notes.ts): each note in both languages, word for word, written here
 * rather than built from the module's templates.
 */
import { describe, expect, it } from "vitest";
import { attachmentNotes } from "../../../src/media/attachment-notes";
import { mediaKindOf, parseContentType } from "../../../src/media/content-type";
import type { AttachmentResult } from "../../../src/media/ingest";

const STYLIST = "Tata Oro";

/** One attachment's outcome, as the ingest gives it for what Twilio declared. */
const outcome = (declared: string | undefined, result: AttachmentResult, index = 0) => {
  const contentType = parseContentType(declared);
  return { index, kind: mediaKindOf(contentType), contentType, result };
};

describe("the notes about attachments", () => {
  it("ADR-006.9 an attachment that did not come through is named in the client's language, by number when there were several", () => {
    expect(attachmentNotes([outcome("image/jpeg", "not-received")], "en", STYLIST)).toEqual(["Your photo did not come through. Could you send it again?"]);
    expect(attachmentNotes([outcome("image/jpeg", "not-received")], "es", STYLIST)).toEqual(["Tu foto no me llegó. ¿Puedes enviarla de nuevo?"]);
    const two = [outcome("image/jpeg", "stored", 0), outcome("video/mp4", "not-received", 1)];
    expect(attachmentNotes(two, "en", STYLIST)).toEqual(["Your video (attachment 2) did not come through. Could you send it again?"]);
    expect(attachmentNotes(two, "es", STYLIST)).toEqual(["Tu video (adjunto 2) no me llegó. ¿Puedes enviarlo de nuevo?"]);
  });

  it("ADR-006.9 a voice note that could not be transcribed asks, in the client's language, for it again or in writing", () => {
    expect(attachmentNotes([outcome("audio/ogg", "not-transcribed")], "en", STYLIST)).toEqual([
      "I could not listen to your voice note. Could you send it again, or write what you said?",
    ]);
    expect(attachmentNotes([outcome("audio/ogg", "not-transcribed")], "es", STYLIST)).toEqual([
      "No pude escuchar tu nota de voz. ¿Puedes enviarla de nuevo o escribirme lo que decías?",
    ]);
  });

  it("ADR-029.5 a voice note too long to listen to is said to be kept for the stylist, in the client's language, with a request for the gist", () => {
    expect(attachmentNotes([outcome("audio/ogg", "too-long")], "en", STYLIST)).toEqual([
      "Your voice note is too long for me to listen to (up to about 10 minutes). I saved it for Tata Oro; could you write me the gist, or send a shorter one?",
    ]);
    expect(attachmentNotes([outcome("audio/ogg", "too-long")], "es", STYLIST)).toEqual([
      "Tu nota de voz es demasiado larga para que la escuche (hasta unos 10 minutos). La guardé para Tata Oro; ¿me escribes lo esencial o me envías una más corta?",
    ]);
  });

  it("ADR-006.8 a kept file is a document only when it is declared as one (application/, text/); any other, or none usable, is a file", () => {
    const noteFor = (declared: string | undefined) => attachmentNotes([outcome(declared, "stored")], "en", STYLIST);
    const saved = (name: string) => [`I saved your ${name} for Tata Oro, but I can only look at photos. If you want me to see your hair, send me a photo.`];
    expect(noteFor("application/pdf")).toEqual(saved("document"));
    expect(noteFor("text/plain")).toEqual(saved("document"));
    expect(noteFor("font/woff2")).toEqual(saved("file"));
    expect(noteFor("model/gltf-binary")).toEqual(saved("file"));
    expect(noteFor("image/png; a=b, text/html")).toEqual(saved("file")); // no content type at all (ADR-006.3)
    expect(noteFor(undefined)).toEqual(saved("file"));
    expect(attachmentNotes([outcome(undefined, "stored")], "es", STYLIST)).toEqual([
      "Guardé tu archivo para Tata Oro, pero yo solo puedo mirar fotos. Si quieres que vea tu cabello, envíame una foto.",
    ]);
  });
});
