/**
 * Twilio's WhatsApp typing indicator (`POST {TWILIO_MESSAGING_BASE_URL}/v2/Indicators/Typing.json`):
 * marks an inbound message read and shows "typing…" for up to 25 seconds or until the next
 * message arrives. Knows nothing of conversations: one call for one inbound MessageSid.
 */
export interface TypingIndicatorOptions {
  messagingBaseUrl: string;
  accountSid: string;
  authToken: string;
  fetch: typeof fetch;
  /** The longest the indicator may hold up an answer. */
  timeoutMs: number;
}

export type TypingResult = { ok: true } | { ok: false; reason: string };

export function createTypingIndicator(options: TypingIndicatorOptions) {
  if (!options.messagingBaseUrl || !options.accountSid) throw new Error("Twilio typing indicator needs messagingBaseUrl and accountSid");
  const endpoint = `${options.messagingBaseUrl}/v2/Indicators/Typing.json`;
  const authorization = `Basic ${btoa(`${options.accountSid}:${options.authToken}`)}`;
  return {
    /** Never throws and never takes longer than `timeoutMs`: the indicator is a courtesy, the answer is what matters. */
    async show(messageSid: string): Promise<TypingResult> {
      const signal = AbortSignal.timeout(options.timeoutMs);
      try {
        const response = await options.fetch(endpoint, {
          method: "POST",
          headers: { authorization, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: new URLSearchParams({ messageId: messageSid, channel: "whatsapp" }).toString(),
          signal,
        });
        if (!response.ok) return { ok: false, reason: `HTTP ${response.status}` };
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: signal.aborted ? `no answer within ${options.timeoutMs} ms` : `network error: ${String(error)}` };
      }
    },
  };
}

export type TypingIndicator = ReturnType<typeof createTypingIndicator>;
