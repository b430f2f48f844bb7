/** ADR 003.5, the consultation record's KV key read back (src/storage/consultation.ts), in node: the doctor's look at the deployed KV. */
import { describe, expect, it } from "vitest";
import { clientOfConsultationKey } from "../../../src/storage/consultation";

describe("the client a consultation key names", () => {
  it("ADR-003.5 `whatsapp:+{E164}/consultation` names its client; any other key names none", () => {
    expect(clientOfConsultationKey("whatsapp:+34600000001/consultation")).toBe("whatsapp:+34600000001");
    for (const name of ["whatsapp:+34600000001/consultations", "whatsapp:+34600000001", "/consultation", "whatsapp:+34600000001/x/consultation", "whatsapp:34600000001/consultation"]) {
      expect(clientOfConsultationKey(name), name).toBeNull();
    }
  });
});
