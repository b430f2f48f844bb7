/**
 * Calls the Worker like the runtime does, and waits for its `waitUntil` work when asked. The app
 * runs the reply path on the specs' virtual clock (`clock`): settling windows cost no real time.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { createApp, scheduledHandler } from "../../src/index";
import { HttpResponse } from "msw";
import chatCompletion from "../../fixtures/openai/chat-completion.json";
import { VirtualClock } from "./clock";
import { answer, network, OPENAI } from "./network";
import { webhookRequest, type WebhookOptions } from "./twilio";

export const clock = new VirtualClock();
export const worker = createApp({ clock });

export async function dispatch(request: Request, workerEnv: typeof env = env): Promise<{ response: Response; settled: Promise<void> }> {
  const ctx = createExecutionContext();
  let finished!: () => void;
  clock.track(new Promise<void>((resolve) => (finished = resolve)));
  try {
    const response = await worker.fetch(request, workerEnv, ctx);
    return { response, settled: waitOnExecutionContext(ctx).finally(finished) };
  } catch (error) {
    finished();
    throw error;
  }
}

/** Sends one signed webhook and waits until the reply work has finished. */
export async function sendWebhook(params: Record<string, string>, options?: WebhookOptions): Promise<Response> {
  const { response, settled } = await dispatch(await webhookRequest(params, options));
  await settled;
  return response;
}

/**
 * Runs `scenario` with time moving only when it says (`clock.advance`), then lets every job finish
 * (time then moves by itself). `send` dispatches a signed webhook, expects its 200 and returns
 * the virtual time it was sent at.
 */
export async function onTheClock(scenario: (send: (params: Record<string, string>) => Promise<number>) => Promise<void>, workerEnv: typeof env = env): Promise<void> {
  const jobs: Promise<void>[] = [];
  await clock.manual(() =>
    scenario(async (params) => {
      const at = clock.now();
      const { response, settled } = await dispatch(await webhookRequest(params), workerEnv);
      expect(response.status).toBe(200);
      jobs.push(settled);
      return at;
    }),
  );
  await Promise.all(jobs);
}

/** The model answers the usual completion after `latencyMs` of the virtual clock: it is "writing" meanwhile. */
export function slowModel(latencyMs: number): void {
  network.use(
    answer("post", `${OPENAI}/chat/completions`, async () => {
      await clock.sleep(latencyMs);
      return HttpResponse.json(chatCompletion);
    }),
  );
}

/** Dispatches with another env (overridden settings) and waits for the background work. */
export async function dispatchWith(workerEnv: typeof env, request: Request): Promise<Response> {
  const { response, settled } = await dispatch(request, workerEnv);
  await settled;
  return response;
}

export async function get(path: string): Promise<Response> {
  const { response, settled } = await dispatch(new Request(`https://wa.example.com${path}`));
  await settled;
  return response;
}

/** One run of the Worker's Cron Trigger (ADR 032.4), as the runtime makes it; `now` (epoch ms) stands for a later time, `workerEnv` for other settings. */
export async function runCron(now?: number, workerEnv: typeof env = env): Promise<void> {
  const ctx = createExecutionContext();
  const at = now ?? clock.now();
  const scheduled = scheduledHandler({ clock: { now: () => at, sleep: async () => {} } });
  await scheduled(createScheduledController({ scheduledTime: new Date(at), cron: "*/10 * * * *" }), workerEnv, ctx);
  await waitOnExecutionContext(ctx);
}
