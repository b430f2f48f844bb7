/** ADR 003.5, the consultation record's KV key read back (src/storage/consultation.ts), in node: the doctor's look at the deployed KV. */
import { describe, expect, it } from "vitest";
import { clientOfConsultationKey, consultationOf } from "../../../src/storage/consultation";

describe("the client a consultation key names", () => {
  it("ADR-003.5 `whatsapp:+{E164}/consultation` names its client; any other key names none", () => {
    expect(clientOfConsultationKey("whatsapp:+34600000001/consultation")).toBe("whatsapp:+34600000001");
    // "/conversation" is as long as "/consultation": cut blindly, it would leave a client's address.
    for (const name of ["whatsapp:+34600000001/conversation", "whatsapp:+34600000001/consultations", "whatsapp:+34600000001", "/consultation", "whatsapp:+34600000001/x/consultation", "whatsapp:34600000001/consultation"]) {
      expect(clientOfConsultationKey(name), name).toBeNull();
    }
  });
});

describe("a consultation record's text, as the doctor reads it", () => {
  it("ADR-030.10 is the record when the Worker would read it so; text that is not JSON, or JSON that is not a record, is none", () => {
    const record = { v: 1, id: "a".repeat(22), startedAt: "2026-12-07T10:00:00.000Z" };
    expect(consultationOf(JSON.stringify(record))).toEqual(record);
    for (const raw of ["", "{", JSON.stringify({ ...record, id: "short" }), JSON.stringify({ ...record, v: 2 }), "null", JSON.stringify([record])]) {
      expect(consultationOf(raw), raw).toBeNull();
    }
  });
});
