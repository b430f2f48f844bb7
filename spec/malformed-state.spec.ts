/**
 * ADR 010.7 and ADR 013.3: property tests over malformed stored state, inside workerd with real
 * KV and R2. fast-check writes an arbitrary state for one client (spec/support/malformed-state.ts),
 * then the webhook, the summary page, the media route and reset are run over it.
 *
 * Every run empties storage, then writes its state for a client number of its own, so runs stay
 * independent (spec/support/malformed-state-runs.ts). Runs per property: 200, or PROPERTY_RUNS
 * (e.g. `PROPERTY_RUNS=2000 npx vitest run --project workers spec/malformed-state`); the case with
 * more than 1000 objects is in spec/malformed-state-crowded.spec.ts, so that it runs beside these.
 * On a failure fast-check prints the counterexample with its `seed` and `path`: replay it by
 * passing `{ seed, path, endOnFailure: true }` to that `fc.assert`.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandOf } from "../src/conversation/commands";
import type { ClientKey } from "../src/storage/store";
import { mediaLink } from "../src/media/signed-links";
import { conversationIdFor } from "../src/summary/conversation-id";
import { sentMessages } from "./support/network";
import { storedState, writeState } from "./support/malformed-state";
import {
  afterReset,
  clientWith,
  consultationOf,
  expectQuarantined,
  expectReadOnly,
  expectRecordedAndAnswered,
  newMessage,
  rejections,
  RUNS,
  SECRET,
  send,
  TIMEOUT,
  watchRejections,
} from "./support/malformed-state-runs";
import { copyStorage } from "./support/storage";
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
          if (state.consultation.kind === "malformed") await expectQuarantined(client, state.consultation.raw);
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

  it(
    "ADR-010.7 a signed link to any stored media object serves it (or 404 once the consultation is gone), never a 5xx, and changes nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(storedState().filter((s) => s.objects.some((o) => o.key.startsWith("media/"))), async (state) => {
          const client = await clientWith(state);
          const consultation = consultationOf(state);
          const expiry = Math.floor(Date.now() / 1000) + 3600;
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
          expect(await copyStorage(`${neighbour}/`)).toEqual(neighbourBefore);
          expect(sentMessages().filter((m) => m.To === client)).toHaveLength(1);
          expect(rejections).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
