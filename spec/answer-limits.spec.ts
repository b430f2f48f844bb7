/**
 * ADR 018: what one answer may cost and take. The model's output is capped on every chat request
 * the reply path sends.
 */
import { describe, expect, it } from "vitest";
import { webhooks } from "../fixtures/twilio/webhooks";
import { chatRequests } from "./support/network";
import { messageSid, withSid } from "./support/twilio";
import { sendWebhook } from "./support/worker";

describe("the model's output", () => {
  it("ADR-018.1 every chat request of the reply path carries max_completion_tokens 1000", async () => {
    await sendWebhook(webhooks["text-es"]);
    await sendWebhook(withSid({ ...webhooks["text-es"], Body: "Tengo rizos 3A y se me esponjan" }, messageSid(0x18)));
    const requests = chatRequests() as unknown as Array<Record<string, unknown>>;
    expect(requests).toHaveLength(2);
    for (const request of requests) expect(request.max_completion_tokens).toBe(1000);
  });
});
