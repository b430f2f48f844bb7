/**
 * ADR 010.7 and ADR 013.3, the case with more than 1000 stored objects (one R2 listing page is not
 * enough): the webhook, the summary page and reset over it. Its own file so that it runs beside
 * spec/malformed-state.spec.ts instead of after it (ADR 022.3); it runs a hundredth as often as
 * the other properties. Replaying a failure: as in spec/malformed-state.spec.ts.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { conversationIdFor } from "../src/summary/conversation-id";
import { crowdedState } from "./support/malformed-state";
import {
  afterReset,
  clientWith,
  CROWDED_RUNS,
  CROWDED_TIMEOUT,
  expectReadOnly,
  expectRecordedAndAnswered,
  newMessage,
  SECRET,
  send,
  watchRejections,
} from "./support/malformed-state-runs";
import { get } from "./support/worker";

watchRejections();

describe("malformed stored state, more than 1000 objects", () => {
  it(
    "ADR-013.3 more than 1000 stored objects: the message is answered, the page changes nothing, reset clears them all",
    async () => {
      await fc.assert(
        fc.asyncProperty(crowdedState(), async (state) => {
          const client = await clientWith(state);
          const message = newMessage(client, "Hola otra vez");
          await expectRecordedAndAnswered(client, message, await send(message));
          const id = await conversationIdFor(SECRET, client, JSON.parse((await env.CHAT_HISTORY.get(`${client}/consultation`))!));
          const page = await expectReadOnly(client, () => get(`/summary/${id}`));
          expect(page.status).toBe(200);
          const resetMessage = newMessage(client, "reiniciar");
          expect((await send(resetMessage)).status).toBe(200);
          const left = await env.MEDIA_BUCKET.list({ prefix: `${client}/` });
          expect(left.objects.map((o) => o.key)).toEqual(afterReset(client, resetMessage.MessageSid));
        }),
        { numRuns: CROWDED_RUNS },
      );
    },
    CROWDED_TIMEOUT,
  );
});
