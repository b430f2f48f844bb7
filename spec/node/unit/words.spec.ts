/**
 * ADR 005.4 and ADR 004.9, what the client's words decide, in node: their language
 * (src/utils/language.ts) and whether a message is a command (src/conversation/commands.ts).
 */
import { describe, expect, it } from "vitest";
import { commandOf } from "../../../src/conversation/commands";
import { clientLanguage } from "../../../src/conversation/timeline";
import { detectLanguage } from "../../../src/utils/language";
import { message, state } from "../../support/written-state";

describe("detectLanguage", () => {
  it("ADR-005.4 Spanish words or letters make Spanish; English words or nothing make English", () => {
    expect(detectLanguage([])).toBe("en");
    expect(detectLanguage([""])).toBe("en");
    expect(detectLanguage(["12345 :)"])).toBe("en");
    const spanish = ["hola", "¿y entonces?", "mañana", "tengo rizos", "Buenas", "buena", "bueno", "QUÉ tal", "que", "como", "cómo", "resumen", "reiniciar", "empezar", "sí", "rizo", "rizado", "rizada", "pelo", "cabello", "quiero", "gracias", "soy", "es", "mi", "mis", "por favor", "para"];
    for (const es of spanish) expect(detectLanguage([es]), es).toBe("es");
    const english = ["hello", "hi", "hey", "my curls", "curl", "curly", "Thank you", "thanks", "what now", "how", "start over", "summary", "reset", "want", "have", "hair", "is", "am", "please", "for", "yes"];
    for (const en of english) expect(detectLanguage([`${en} ${en}`, "hola"]), en).toBe("en");
    expect(detectLanguage(["hola hola", "hello"])).toBe("es"); // more Spanish signals than English
    expect(detectLanguage(["hola", "hello"])).toBe("en"); // as many: the later message weighs more
    expect(detectLanguage(["hello", "hola"])).toBe("es");
  });

  it("ADR-005.4 only the last six messages count, the later ones more", () => {
    const english = Array.from({ length: 6 }, () => "hello");
    const many = Array.from({ length: 20 }, () => "hola").join(" ");
    expect(detectLanguage([many, ...english])).toBe("en");
    expect(detectLanguage([many, ...english.slice(1)])).toBe("es");
    expect(detectLanguage(["hola hola", "hello", "hello"])).toBe("en");
    expect(detectLanguage(["hello hello", "hola", "hola"])).toBe("es");
  });

  it("ADR-005.4 a client's language is from what they wrote or said: six photos sent without words after Spanish leave it Spanish", () => {
    const photoAlone = (n: number) => message({ Body: "", NumMedia: "1", MediaUrl0: "https://api.twilio.com/x/Media/ME0", MediaContentType0: "image/jpeg" }, `SM${String(n).padStart(32, "0")}`);
    const spanish = message({ Body: "Hola, tengo el cabello muy rizado y seco" }, `SM${"f".repeat(32)}`);
    expect(clientLanguage(state([spanish, ...[1, 2, 3, 4, 5, 6].map(photoAlone)]))).toBe("es");
  });

  it("ADR-005.4 signals are whole words, in any case", () => {
    expect(detectLanguage(["history"])).toBe("en"); // "is" inside a word is no signal: nothing says, so English
    expect(detectLanguage(["mismo"])).toBe("en");
    expect(detectLanguage(["MIS RIZOS"])).toBe("es");
    expect(detectLanguage(["HAIR"])).toBe("en");
    expect(detectLanguage(["la mis"])).toBe("es");
  });
});

describe("commandOf", () => {
  it("ADR-004.9 the whole message, any case, any spacing, is a command; anything more is not", () => {
    const table: Record<string, "reset" | "summary"> = {
      reset: "reset", "  RESET ": "reset", "start   over": "reset", "New\tConsultation": "reset", reiniciar: "reset", "Empezar de Nuevo": "reset",
      summary: "summary", Resumen: "summary",
    };
    for (const [body, command] of Object.entries(table)) expect(commandOf(body), body).toBe(command);
    for (const body of ["", "reset please", "resetear", "start again", "constructor", "toString", "__proto__"]) expect(commandOf(body), body).toBeNull();
  });

});
