/** Calls the Worker like the runtime does, and waits for its `waitUntil` work when asked. */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../src/index";
import { webhookRequest, type WebhookOptions } from "./twilio";

export async function dispatch(request: Request): Promise<{ response: Response; settled: Promise<void> }> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, env, ctx);
  return { response, settled: waitOnExecutionContext(ctx) };
}

/** Sends one signed webhook and waits until the reply work has finished. */
export async function sendWebhook(params: Record<string, string>, options?: WebhookOptions): Promise<Response> {
  const { response, settled } = await dispatch(await webhookRequest(params, options));
  await settled;
  return response;
}

export async function get(path: string): Promise<Response> {
  const { response, settled } = await dispatch(new Request(`https://wa.example.com${path}`));
  await settled;
  return response;
}
