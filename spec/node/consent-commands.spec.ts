/**
 * ADR 020.3: the consent commands are whole messages, in any case, surrounding spaces ignored
 * (as reset and summary are): STOP, BAJA, PARAR, CANCELAR, UNSUBSCRIBE opt out; START and
 * INICIAR resume; "delete my data" and "borrar mis datos" delete everything. The reset words keep
 * meaning "start over", and a sentence that only contains a command word is not a command.
 */
import { describe, expect, it } from "vitest";
import { commandOf, deleteDataConfirmation, optOutConfirmation, resumeConfirmation } from "../../src/conversation/commands";

describe("the consent commands", () => {
  for (const body of ["STOP", "stop", "  Stop ", "BAJA", "baja", "PARAR", "Parar", "CANCELAR", "cancelar ", "UNSUBSCRIBE", "Unsubscribe"]) {
    it(`ADR-020.3 ${JSON.stringify(body)} opts the client out`, () => {
      expect(commandOf(body)).toBe("opt-out");
    });
  }

  for (const body of ["START", "start", " Start", "INICIAR", "iniciar", "Iniciar  "]) {
    it(`ADR-020.3 ${JSON.stringify(body)} resumes`, () => {
      expect(commandOf(body)).toBe("resume");
    });
  }

  for (const body of ["delete my data", "DELETE MY DATA", "  Delete   my data ", "borrar mis datos", "Borrar Mis Datos", "BORRAR  MIS DATOS"]) {
    it(`ADR-020.3 ${JSON.stringify(body)} deletes the client's data`, () => {
      expect(commandOf(body)).toBe("delete-data");
    });
  }

  it("ADR-020.3 the reset words still start over, and do not delete data", () => {
    for (const body of ["reset", "start over", "new consultation", "reiniciar", "empezar de nuevo"]) expect(commandOf(body)).toBe("reset");
  });

  it("ADR-020.3 a sentence that contains a command word is not a command", () => {
    for (const body of ["please stop sending photos", "no pares", "quiero borrar mis datos ya", "start my consultation", "delete my data please"]) {
      expect(commandOf(body)).toBeNull();
    }
  });

  it("ADR-020.3 every confirmation exists in Spanish and English, and they differ", () => {
    for (const texts of [optOutConfirmation, resumeConfirmation, deleteDataConfirmation]) {
      expect(texts.es.length).toBeGreaterThan(20);
      expect(texts.en.length).toBeGreaterThan(20);
      expect(texts.es).not.toBe(texts.en);
    }
    expect(optOutConfirmation.en).toMatch(/START/);
    expect(optOutConfirmation.es).toMatch(/INICIAR/);
  });
});
