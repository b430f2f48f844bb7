/**
 * ADR 016: one answer per burst. Messages are placed at chosen instants on the specs' virtual
 * clock (spec/support/clock.ts): settling windows, caps and model latencies cost no real time, and
 * the outcome does not depend on how busy the machine is.
 */
import { describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { summaryLinkText } from "../src/conversation/commands";
import { burstTiming } from "../src/reply/reply-job";
import { answerFor } from "./support/answers";
import { chatRequests, sentMessages } from "./support/network";
import { webhookRequest, withSid } from "./support/twilio";
import { clock, dispatch } from "./support/worker";

const CLIENT = "whatsapp:+5215512345678";
const sidOf = (n: number) => `SM${String(n).padStart(32, "0")}`;
const text = (n: number, body: string) => withSid({ ...webhooks["text-es"], Body: body }, sidOf(n));

/** Runs `scenario` with time moving only when it says, then lets every job finish. */
async function onTheClock(scenario: (send: (params: Record<string, string>) => Promise<void>) => Promise<void>): Promise<void> {
  const jobs: Promise<void>[] = [];
  await clock.manual(() =>
    scenario(async (params) => {
      const { response, settled } = await dispatch(await webhookRequest(params));
      expect(response.status).toBe(200);
      jobs.push(settled);
    }),
  );
  await Promise.all(jobs);
}

describe("commands in the middle of a burst", () => {
  it("ADR-016.3 \"resumen\" is answered at once, without waiting for the burst's settling window or calling the model", async () => {
    await onTheClock(async (send) => {
      await send(text(1, "Hola, tengo rizos"));
      await clock.advance(100);
      await send(text(2, "resumen"));
      await clock.advance(100); // well inside the settling window of the first message
      expect(sentMessages().map((m) => m.Body)).toEqual([expect.stringMatching(/^Aquí está el resumen de tu consulta/)]);
      expect(chatRequests()).toEqual([]);
      await clock.advance(burstTiming.settleMs);
    });
    expect(sentMessages().map((m) => m.Body)).toEqual([expect.stringMatching(/^Aquí está el resumen/), expect.any(String)]);
    expect(sentMessages()[0]!.Body).toBe(summaryLinkText.es(sentMessages()[0]!.Body!.split(": ")[1]!));
    expect(chatRequests()).toHaveLength(1);
    expect((await answerFor(CLIENT, sidOf(1))).covers).toEqual([sidOf(1)]);
  });
});
