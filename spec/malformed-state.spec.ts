/**
 * ADR 010.7 and ADR 013.3: property tests over malformed stored state, inside workerd with real
 * KV and R2. fast-check writes an arbitrary state for one client (spec/support/malformed-state.ts),
 * then the webhook and the summary page are run over it (the media route and reset: in
 * spec/malformed-state-media-and-reset.spec.ts; more than 1000 objects: in
 * spec/malformed-state-crowded.spec.ts; all three run side by side, ADR 022.3).
 *
 * Every run empties storage, then writes its state for a client number of its own, so runs stay
 * independent (spec/support/malformed-state-runs.ts). Runs per property: 50, or PROPERTY_RUNS
 * (e.g. `PROPERTY_RUNS=2000 npx vitest run --project workers spec/malformed-state`). On a failure
 * fast-check prints the counterexample with its `seed` and `path`: replay it by passing
 * `{ seed, path, endOnFailure: true }` to that `fc.assert`.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandOf } from "../src/conversation/commands";
import { conversationIdFor } from "../src/summary/conversation-id";
import { storedState } from "./support/malformed-state";
import {
  clientWith,
  consultationOf,
  expectLedgerKept,
  expectModelCallsKept,
  expectQuarantined,
  expectReadOnly,
  expectRecordedAndAnswered,
  newMessage,
  RUNS,
  SECRET,
  send,
  TIMEOUT,
  watchRejections,
} from "./support/malformed-state-runs";
import { get } from "./support/worker";

watchRejections();

describe("malformed stored state", () => {
  it(
    "ADR-003.5 a malformed consultation record is kept under quarantine/ before it is replaced, and a valid new message is recorded and answered whatever is stored",
    async () => {
      await fc.assert(
        fc.asyncProperty(storedState(), fc.string({ minLength: 1, maxLength: 200 }).filter((b) => commandOf(b) === null), async (state, body) => {
          const client = await clientWith(state);
          const message = newMessage(client, body);
          await expectRecordedAndAnswered(client, message, await send(message));
          // The model call is recorded once, beside whatever lay where such records go (ADR 018.4).
          expect(await expectModelCallsKept(client, state)).toEqual([expect.stringMatching(/^\d{13}-\d{6}$/)]);
          // The ledger of Twilio's copies gains the message and the part sent, beside whatever lay there (ADR 032.1).
          expect(await expectLedgerKept(client, state)).toEqual(
            expect.arrayContaining([expect.stringMatching(new RegExp(`^\\d{13}-${message.MessageSid}$`)), expect.stringMatching(/^\d{13}-SM[0-9a-f]{32}$/)]),
          );
          expect(await expectLedgerKept(client, state)).toHaveLength(2);
          if (state.consultation.kind === "malformed") await expectQuarantined(client, state.consultation.raw, "consultation");
          expect(JSON.parse((await env.CHAT_HISTORY.get(`${client}/consultation`))!).v).toBe(1);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "ADR-003.3 the summary page renders or answers 404 for any stored state, and changes nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(storedState(), async (state) => {
          const client = await clientWith(state);
          const id = await conversationIdFor(SECRET, client, consultationOf(state));
          const page = await expectReadOnly(client, () => get(`/summary/${id}`));
          expect(page.status).toBe(state.consultation.kind === "valid" ? 200 : 404);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
