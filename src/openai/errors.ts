/**
 * How an OpenAI call failed, and whether it is worth another try (ADR 004.6, ADR 024.4).
 */
import { parseRetryAfter, type RetryDecision } from "../utils/retry";

/** OpenAI's error object, as its error responses carry it under `error`. */
interface OpenAIErrorObject {
  message?: unknown;
  type?: unknown;
  param?: unknown;
  code?: unknown;
}

const textOrUndefined = (value: unknown) => (typeof value === "string" ? value : undefined);

export class OpenAIError extends Error {
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly type: string | undefined;

  constructor(
    /** The HTTP status; 0 when no answer came (the connection failed or the attempt timed out). */
    readonly status: number,
    message: string,
    error: OpenAIErrorObject = {},
    readonly headers?: Headers,
    readonly timedOut = false,
  ) {
    super(status === 0 ? message : `${status} ${message}`);
    this.name = "OpenAIError";
    this.code = textOrUndefined(error.code);
    this.param = textOrUndefined(error.param);
    this.type = textOrUndefined(error.type);
  }

  /** The error an answer with a status other than 2xx stands for, from its body (OpenAI's `{ "error": {...} }`, or anything else). */
  static fromAnswer(status: number, body: string, headers: Headers): OpenAIError {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return new OpenAIError(status, body || "status code (no body)", {}, headers);
    }
    // As the SDK: a body whose `error` is null or absent is the error object itself.
    const wrapped = (parsed !== null && typeof parsed === "object" ? (parsed as { error?: unknown }).error : undefined) ?? parsed;
    const error: OpenAIErrorObject = wrapped !== null && typeof wrapped === "object" ? (wrapped as OpenAIErrorObject) : {};
    const message = typeof error.message === "string" && error.message ? error.message : JSON.stringify(wrapped);
    return new OpenAIError(status, message, error, headers);
  }
}

/**
 * No answer (a connection error or a timeout), 408, 429 `rate_limit_exceeded` (after the wait
 * OpenAI asked for) and 5xx are worth another try; 429 `insufficient_quota`, any other status and
 * anything that is not an `OpenAIError` are not.
 */
export function classifyOpenAIError(error: unknown): RetryDecision {
  if (!(error instanceof OpenAIError)) return { retry: false };
  if (error.status === 0) return { retry: true };
  if (error.status === 429) {
    if (error.code === "insufficient_quota") return { retry: false };
    const retryAfterMs = Number(error.headers?.get("retry-after-ms"));
    const retryAfterSeconds = Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs / 1000 : parseRetryAfter(error.headers?.get("retry-after"));
    return { retry: true, retryAfterSeconds };
  }
  return { retry: error.status >= 500 || error.status === 408 };
}
