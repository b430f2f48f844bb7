/**
 * One POST to the OpenAI API with `fetch` (ADR 024: no SDK in the Worker). One attempt, no
 * retries of its own: the callers retry under the project's policy (ADR 004.6). The timeout
 * covers the whole attempt, the answer's body included, and ends it even when a `fetch` ignores
 * its abort signal.
 */
import { OpenAIError } from "./errors";

export interface OpenAIConnection {
  apiKey: string;
  /** e.g. `https://api.openai.com/v1` (OPENAI_BASE_URL); paths are appended to it. */
  baseURL: string;
  fetch: typeof fetch;
}

/** A JSON body goes as `application/json`; a form as `multipart/form-data`, its boundary chosen by `fetch`. */
export type OpenAIRequestBody = FormData | object;

/** The parsed JSON answer, or its text when OpenAI answered something else; an `OpenAIError` for any other status than 2xx, no answer, or no answer in time. */
export async function postToOpenAI(connection: OpenAIConnection, path: string, body: OpenAIRequestBody, timeoutMs: number): Promise<unknown> {
  const controller = new AbortController();
  let expire!: (error: OpenAIError) => void;
  const timedOut = new Promise<never>((_, reject) => (expire = reject));
  const timer = setTimeout(() => {
    controller.abort();
    expire(new OpenAIError(0, `no answer within ${timeoutMs} ms`, {}, undefined, true));
  }, timeoutMs);
  const attempt = exchange(connection, path, body, controller.signal);
  try {
    return await Promise.race([attempt, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

async function exchange(connection: OpenAIConnection, path: string, body: OpenAIRequestBody, signal: AbortSignal): Promise<unknown> {
  const form = body instanceof FormData;
  let response: Response;
  let text: string;
  try {
    response = await connection.fetch(`${connection.baseURL}${path}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${connection.apiKey}`,
        accept: "application/json",
        ...(form ? {} : { "content-type": "application/json" }),
      },
      body: form ? body : JSON.stringify(body),
      signal,
    });
    text = await response.text();
  } catch (error) {
    throw new OpenAIError(0, `connection error: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw OpenAIError.fromAnswer(response.status, text, response.headers);
  return isJSON(response.headers.get("content-type")) ? (text ? JSON.parse(text) : undefined) : text;
}

/** As the SDK read answers: JSON when OpenAI says it is (an unparsable one is an error, not worth another try), text otherwise. */
function isJSON(contentType: string | null): boolean {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType.includes("application/json") || mediaType.endsWith("+json");
}
