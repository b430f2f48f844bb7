/**
 * The records kept outside every client's prefix (src/storage/outside-client.ts, openai-calls.ts)
 * read in node from an in-memory bucket that lists keys in order, as R2 does: which opt-outs are in
 * force across clients (ADR 028.3), which calls count against the deployment's daily cap (ADR 029.6)
 * and which of Twilio's copies the ledger records (ADR 032.1).
 */
import { describe, expect, it } from "vitest";
import type { Storage } from "../../../src/storage/bucket";
import { keys, type ClientKey, type ConsentEvent } from "../../../src/storage/keys";
import { countDeploymentCalls } from "../../../src/storage/openai-calls";
import { readConsent, readOptedOutClients } from "../../../src/storage/outside-client";
import { recordTwilioCopies } from "../../../src/storage/twilio-ledger";

/** An R2 stand-in holding keys alone: `list` honours prefix and startAfter, in the order given (R2's is by key; the readers must not depend on it), one page. */
function bucket(keyList: string[]): Storage {
  const list = async (options: { prefix?: string; startAfter?: string } = {}) => ({
    objects: keyList
      .filter((key) => key.startsWith(options.prefix ?? "") && (options.startAfter === undefined || key > options.startAfter))
      .map((key) => ({ key })),
    truncated: false,
  });
  return { r2: { list }, kv: {}, kvExpirationTtl: 60 } as unknown as Storage;
}

const A = "whatsapp:+34600000001" as ClientKey;
const B = "whatsapp:+34600000002" as ClientKey;
const C = "whatsapp:+34600000003" as ClientKey;
const sid = (last: string) => `SM${"0".repeat(31)}${last}`;
const consent = (client: ClientKey, at: string, last: string, choice: ConsentEvent["choice"]) =>
  keys.consent(client, { at, sid: sid(last), choice });

describe("the opt-outs in force across clients", () => {
  it("ADR-028.3 a client's latest consent event decides: a later resume lifts an opt-out, a later opt-out holds, whatever order the listing gives", async () => {
    const store = bucket([
      consent(A, "2026-12-02T10:00:00.000Z", "1", "resumed"),
      consent(A, "2026-12-01T10:00:00.000Z", "2", "opted-out"),
      consent(B, "2026-12-01T10:00:00.000Z", "3", "resumed"),
      consent(B, "2026-12-02T10:00:00.000Z", "4", "opted-out"),
      "twilio-copies/whatsapp:+34600000001/1764583200000-SM00000000000000000000000000000001",
      consent(C, "2026-12-03T10:00:00.000Z", "5", "opted-out"),
    ]);
    expect([...(await readOptedOutClients(store))].sort()).toEqual([B, C]);
  });

  it("ADR-028.3 two events of one client in the same millisecond are ordered by their SIDs", async () => {
    const at = "2026-12-01T10:00:00.000Z";
    const store = bucket([consent(A, at, "2", "opted-out"), consent(A, at, "1", "resumed"), consent(B, at, "1", "opted-out"), consent(B, at, "2", "resumed")]);
    expect([...(await readOptedOutClients(store))]).toEqual([A]);
  });
});

describe("one client's consent", () => {
  it("ADR-020.2 is its latest event's, its events oldest first, whatever order the listing gives", async () => {
    const store = bucket([consent(A, "2026-12-02T10:00:00.000Z", "1", "opted-out"), consent(A, "2026-12-03T10:00:00.000Z", "0", "resumed"), consent(A, "2026-12-01T10:00:00.000Z", "2", "opted-out")]);
    const read = await readConsent(store, A);
    expect(read.optedOut).toBe(false);
    expect(read.events.map((event) => event.at)).toEqual(["2026-12-01T10:00:00.000Z", "2026-12-02T10:00:00.000Z", "2026-12-03T10:00:00.000Z"]);
  });
});

describe("the deployment's daily count", () => {
  const since = Date.parse("2026-12-07T00:00:00.000Z");
  const call = (at: number, n: number) => keys.deploymentCall(at, `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`);

  it("ADR-029.6 counts the calls at or after `since`, not those before, nor keys this Worker did not write", async () => {
    const store = bucket([call(since - 86_400_000, 1), call(since - 1, 2), call(since, 3), call(since + 1, 4), `${keys.deploymentCalls()}stray`, `${keys.deploymentCalls()}9999999999999-x`]);
    expect(await countDeploymentCalls(store, since)).toBe(2);
  });
});

describe("the ledger of Twilio's copies", () => {
  it("ADR-032.1 records a copy only when its message SID and its media SID (when it has one) are of a known form", async () => {
    const written: string[] = [];
    const store = { r2: { put: async (key: string) => void written.push(key) } } as unknown as Storage;
    const message = `SM${"a".repeat(32)}`;
    const media = `ME${"b".repeat(32)}`;
    await recordTwilioCopies(store, A, Date.parse("2026-12-07T10:00:00.000Z"), [
      { messageSid: message },
      { messageSid: message, mediaSid: media },
      { messageSid: "SM../x" },
      { messageSid: message, mediaSid: "ME../x" },
      { messageSid: "SM../x", mediaSid: media },
    ]);
    expect(written.sort()).toEqual([keys.twilioCopy(A, Date.parse("2026-12-07T10:00:00.000Z"), { messageSid: message }), keys.twilioCopy(A, Date.parse("2026-12-07T10:00:00.000Z"), { messageSid: message, mediaSid: media })].sort());
  });
});
