/**
 * ADR 010.7 and ADR 013.3, continued from spec/malformed-state.spec.ts (same arbitrary states, same
 * runs per property, replayed the same way): the media route and reset over any stored state. Its
 * own file so that it runs beside the others (ADR 022.3).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { ledgerEntryOf, pendingDeletionOf, type ClientKey } from "../src/storage/keys";
import { mediaLink } from "../src/media/signed-links";
import { sentMessages, twilioDeletions } from "./support/network";
import { ledgerKey, storedState, writeState } from "./support/malformed-state";
import {
  afterReset,
  clientWith,
  consultationOf,
  expectLedgerKept,
  expectModelCallsKept,
  expectReadOnly,
  newMessage,
  rejections,
  RUNS,
  SECRET,
  send,
  TIMEOUT,
  watchRejections,
} from "./support/malformed-state-runs";
import { copyStorage } from "./support/storage";
import { clock, get, runCron } from "./support/worker";

watchRejections();

describe("malformed stored state: media links and reset", () => {
  it(
    "ADR-010.7 a signed link to any stored media object serves it (or 404 once the consultation is gone), never a 5xx, and changes nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(storedState().filter((s) => s.objects.some((o) => o.key.startsWith("media/"))), async (state) => {
          const client = await clientWith(state);
          const consultation = consultationOf(state);
          const expiry = Math.floor(clock.now() / 1000) + 3600;
          for (const object of state.objects.filter((o) => o.key.startsWith("media/")).slice(0, 4)) {
            const link = await mediaLink(SECRET, "https://wa.example.com", client, consultation, `${client}/${object.key}`, expiry);
            const response = await expectReadOnly(client, () => get(new URL(link).pathname));
            expect(response.status).toBe(state.consultation.kind === "valid" ? 200 : 404);
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "ADR-003.4 reset deletes everything of the client, whatever it is, and nothing of anyone else",
    async () => {
      await fc.assert(
        fc.asyncProperty(storedState(), async (state) => {
          const client = await clientWith(state);
          // A neighbour whose number extends the client's: a prefix match without the "/" would take it too.
          const neighbour = `${client}9` as ClientKey;
          await writeState(neighbour, state);
          const neighbourBefore = await copyStorage(`${neighbour}/`);
          const message = newMessage(client, "reset");
          const response = await send(message);
          expect(response.status).toBe(200);
          const after = await copyStorage(`${client}/`);
          expect(Object.keys(after.r2)).toEqual(afterReset(client, message.MessageSid));
          expect(after.kv).toEqual({});
          // The records of their model calls, whatever lies there, outlive the reset untouched (ADR 018.4).
          expect(await expectModelCallsKept(client, state)).toEqual([]);
          // So does the ledger of Twilio's copies (ADR 032.1), which gains the reset and its confirmation.
          expect(await expectLedgerKept(client, state)).toHaveLength(2);
          expect(await copyStorage(`${neighbour}/`)).toEqual(neighbourBefore);
          expect(sentMessages().filter((m) => m.To === client)).toHaveLength(1);
          expect(rejections).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "ADR-032.4 a run of the Cron Trigger over any ledger asks Twilio only for the copies a marker covers, and leaves every key it does not write as it was",
    async () => {
      await fc.assert(
        fc.asyncProperty(storedState(), async (state) => {
          const client = await clientWith(state);
          const stored = state.ledger.map((o) => ledgerKey(client, o.key));
          const upTo = Math.max(-Infinity, ...stored.map((key) => pendingDeletionOf(key)?.at ?? -Infinity));
          const covered = stored.filter((key) => (ledgerEntryOf(key)?.at ?? Infinity) <= upTo);
          await runCron();
          const asked = new Set(twilioDeletions());
          const expected = new Set(covered.map((key) => ledgerEntryOf(key)!).map((e) => (e.mediaSid ? `Messages/${e.messageSid}/Media/${e.mediaSid}.json` : `Messages/${e.messageSid}.json`)));
          expect(asked).toEqual(expected);
          for (const key of stored) {
            // Twilio (the stand-in) deleted every covered copy: its entry goes, then the markers; nothing else.
            const gone = covered.includes(key) || pendingDeletionOf(key) !== null;
            expect(await env.MEDIA_BUCKET.head(key), key).toEqual(gone ? null : expect.anything());
          }
          expect(rejections).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
