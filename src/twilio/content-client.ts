/**
 * Twilio's Content API, with `fetch`: a template's WhatsApp approval
 * (`GET {TWILIO_CONTENT_BASE_URL}/v1/Content/{Sid}/ApprovalRequests`, Basic auth). Read by
 * `npm run doctor` for the console's follow-up template (ADR 028.7); knows nothing of conversations.
 */
export interface ContentClientOptions {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  fetch: typeof fetch;
  timeoutMs?: number;
}

/** What Twilio says of a template's WhatsApp approval: `approved`, `pending`, `rejected`, ... or why it could not say. */
export type TemplateApproval = { status: string; rejectionReason?: string } | { error: string; httpStatus?: number };

const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;

export function createContentClient(options: ContentClientOptions) {
  if (!options.baseUrl || !options.accountSid) throw new Error("Twilio content client needs baseUrl and accountSid");
  const authorization = `Basic ${btoa(`${options.accountSid}:${options.authToken}`)}`;
  return {
    async approval(contentSid: string): Promise<TemplateApproval> {
      if (!CONTENT_SID.test(contentSid)) return { error: "not a Content SID (HX and 32 hex digits)" };
      let response: Response;
      try {
        response = await options.fetch(`${options.baseUrl}/v1/Content/${contentSid}/ApprovalRequests`, {
          headers: { authorization, accept: "application/json" },
          signal: AbortSignal.timeout(options.timeoutMs ?? 8_000),
        });
      } catch (error) {
        return { error: `could not reach Twilio's Content API (${error instanceof Error ? error.message : String(error)})` };
      }
      const body = (await response.json().catch(() => null)) as { whatsapp?: { status?: unknown; rejection_reason?: unknown } | null; message?: unknown } | null;
      if (!response.ok) return { error: typeof body?.message === "string" ? body.message : `HTTP ${response.status}`, httpStatus: response.status };
      const status = body?.whatsapp?.status;
      if (typeof status !== "string") return { status: "not submitted for WhatsApp" };
      const reason = body?.whatsapp?.rejection_reason;
      return { status, ...(typeof reason === "string" && reason ? { rejectionReason: reason } : {}) };
    },
  };
}
