/**
 * Pact's verifier proxy parses a form-encoded request and re-sends it as JSON. A request filter
 * turns it back into the form the pact recorded, and may rewrite headers computed from it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { VerifierOptions } from "@pact-foundation/pact";

type ProxiedRequest = IncomingMessage & { body?: unknown; originalUrl?: string };

export type FormRewrite = (request: ProxiedRequest, params: Array<[string, string]>) => Promise<void> | void;

export function formRequestFilter(rewrite: FormRewrite = () => {}): NonNullable<VerifierOptions["requestFilter"]> {
  const filter = (request: ProxiedRequest, _response: ServerResponse, next: (error?: unknown) => void) => {
    const formEncoded = (request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
    if (!formEncoded || !request.body || typeof request.body !== "object" || Buffer.isBuffer(request.body)) return next();
    const params = Object.entries(request.body as Record<string, unknown>).map(([name, value]) => [name, String(value)] as [string, string]);
    const form = new URLSearchParams(params).toString();
    request.body = Buffer.from(form);
    request.headers["content-length"] = String(Buffer.byteLength(form));
    Promise.resolve(rewrite(request, params)).then(() => next(), next);
  };
  return filter as unknown as NonNullable<VerifierOptions["requestFilter"]>;
}
