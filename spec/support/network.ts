/**
 * Outbound HTTP inside workerd, intercepted with msw 3 (`defineNetwork` + FetchInterceptor).
 * The provider stand-ins answer with the recorded payloads in `fixtures/`, and every request
 * the Worker makes is kept in `calls` for the specs to inspect. Unhandled requests fail the spec.
 */
import { FetchInterceptor } from "@mswjs/interceptors/fetch";
import { http, HttpResponse, type HttpResponseResolver } from "msw";
import { defineNetwork, InterceptorSource } from "msw/experimental";
import chatCompletion from "../../fixtures/openai/chat-completion.json";
import observationCompletion from "../../fixtures/openai/chat-completion-observation.json";
import messageCreated from "../../fixtures/twilio/api/message-created.json";

export const OPENAI = "https://api.openai.com/v1";
export const TWILIO = "https://api.twilio.com";
export const ACCOUNT_SID = "AC00000000000000000000000000000000";
export const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
/** A Message resource, or one Media resource of a message (ADR 020.1: what the deletion client deletes). */
const TWILIO_PATTERN = TWILIO.replace(/\./g, "\\.");
export const MESSAGE_RESOURCE = new RegExp(`^${TWILIO_PATTERN}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/(?:SM|MM)[0-9a-fA-F]{32}\\.json$`);
export const MEDIA_RESOURCE = new RegExp(`^${TWILIO_PATTERN}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/(?:SM|MM)[0-9a-fA-F]{32}/Media/ME[0-9a-fA-F]{32}\\.json$`);
export const TYPING_URL = "https://messaging.twilio.com/v2/Indicators/Typing.json";

export interface RecordedCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export const calls: RecordedCall[] = [];

async function record(request: { method: string; url: string; headers: Headers; clone(): { arrayBuffer(): Promise<ArrayBuffer> } }): Promise<void> {
  calls.push({
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body: new TextDecoder().decode(await request.clone().arrayBuffer()),
  });
}

/** Requests to `url` (exact, without query), in the order they were made. */
export const callsTo = (url: string) => calls.filter((c) => c.url.split("?")[0] === url);
const allChatRequests = () => callsTo(`${OPENAI}/chat/completions`).map((c) => JSON.parse(c.body) as ChatRequest);
/** A request that looks at one arriving photo (ADR-019.3), told apart by the structured output it asks for. */
export const isObservationRequest = (request: { response_format?: unknown }) =>
  (request.response_format as { json_schema?: { name?: string } } | undefined)?.json_schema?.name === "photo_observation";
/** The consultant's chat requests, in order (the photo observations are `observationRequests`). */
export const chatRequests = () => allChatRequests().filter((r) => !isObservationRequest(r));
export const observationRequests = () => allChatRequests().filter(isObservationRequest);
/** The DELETE requests made to Twilio, as paths under the account (`Messages/MM….json`, `Messages/MM…/Media/ME….json`). */
export const twilioDeletions = () =>
  calls.filter((c) => c.method === "DELETE" && c.url.startsWith(`${TWILIO}/2010-04-01/Accounts/${ACCOUNT_SID}/`)).map((c) => c.url.slice(`${TWILIO}/2010-04-01/Accounts/${ACCOUNT_SID}/`.length));
/** The messages sent, as form fields; every one carries the status callback, left out here unless `withCallback`. */
export const sentMessages = (withCallback = false) =>
  callsTo(`${TWILIO}${MESSAGES_PATH}`).map((c) => {
    const fields = Object.fromEntries(new URLSearchParams(c.body));
    if (!withCallback) delete fields.StatusCallback;
    return fields;
  });
export const typingCalls = () => callsTo(TYPING_URL).map((c) => Object.fromEntries(new URLSearchParams(c.body)));

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: unknown }>;
  tools?: unknown[];
  response_format?: unknown;
}

let sequence = 0;

export const defaultHandlers = [
  http.post(`${OPENAI}/chat/completions`, async ({ request }) => {
    await record(request);
    const body = (await request.clone().json()) as ChatRequest;
    return HttpResponse.json(isObservationRequest(body) ? observationCompletion : chatCompletion);
  }),
  http.post(`${TWILIO}${MESSAGES_PATH}`, async ({ request }) => {
    await record(request);
    const form = new URLSearchParams(new TextDecoder().decode(await request.arrayBuffer()));
    sequence += 1;
    return HttpResponse.json(
      { ...messageCreated, sid: `SM${String(sequence).padStart(32, "0")}`, body: form.get("Body"), to: form.get("To"), from: form.get("From") },
      { status: 201 },
    );
  }),
  http.delete(MESSAGE_RESOURCE, async ({ request }) => {
    await record(request);
    return new HttpResponse(null, { status: 204 });
  }),
  http.delete(MEDIA_RESOURCE, async ({ request }) => {
    await record(request);
    return new HttpResponse(null, { status: 204 });
  }),
  http.post(TYPING_URL, async ({ request }) => {
    await record(request);
    return HttpResponse.json({ success: true });
  }),
  // Nothing gets out: msw 3 lets an unhandled request through to the real network, so the
  // last handler records it (specs can see it in `calls`) and fails it like a network error.
  http.all("*", async ({ request }) => {
    await record(request);
    return HttpResponse.error();
  }),
];

export const network = defineNetwork({
  sources: [new InterceptorSource({ interceptors: [new FetchInterceptor()] })],
  handlers: defaultHandlers,
  onUnhandledFrame: "error",
  context: { quiet: true },
});

/** A handler for `method url` that records the request, then answers with `resolver`. */
export function answer(method: "get" | "post" | "delete", url: string | RegExp, resolver: HttpResponseResolver) {
  return http[method](url, async (info) => {
    await record(info.request);
    return resolver(info);
  });
}

/** Holds every chat completion until `release()` is called, then answers with the recorded one. */
export function holdModelAnswers(): { release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  network.use(
    answer("post", `${OPENAI}/chat/completions`, async () => {
      await gate;
      return HttpResponse.json(chatCompletion);
    }),
  );
  return { release };
}

export function resetNetwork(): void {
  network.resetHandlers();
  calls.length = 0;
}
