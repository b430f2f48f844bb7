/**
 * Local stand-ins for OpenAI and Twilio on one node HTTP server: the Worker's OPENAI_BASE_URL,
 * TWILIO_API_BASE_URL and TWILIO_MESSAGING_BASE_URL point here. Every request is recorded; the
 * Messages API captures what the Worker sends, the typing indicator whom it was shown to; media
 * URLs under the Twilio origin serve registered bytes.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { computeTwilioSignature } from "../src/twilio/signature";

export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export interface SentMessage {
  To: string;
  From: string;
  Body: string;
  sid: string;
  at: string;
}

export interface ChatResponder {
  (request: { model: string; messages: Array<{ role: string; content: unknown }>; response_format?: unknown }): Promise<unknown> | unknown;
}

export interface StandInsOptions {
  /** Answers a chat completion request body with a chat completion object (default: a fixed short answer). */
  chat?: ChatResponder;
  /** Answers a transcription with text (default: a fixed transcript). */
  transcribe?: (audio: Buffer) => Promise<string> | string;
  port?: number;
}

export interface StandIns {
  /** Origin of the Twilio stand-in (TWILIO_API_BASE_URL). */
  twilioBaseUrl: string;
  /** OPENAI_BASE_URL */
  openaiBaseUrl: string;
  requests: CapturedRequest[];
  sent: SentMessage[];
  /** Typing indicators shown: the inbound MessageSid and when. */
  typing: Array<{ messageId: string; at: string }>;
  /** Delivery receipts posted to the Worker's StatusCallback, and the status it answered. */
  receipts: Array<{ sid: string; status: string; answered: number }>;
  /** From now on, each message sent with a StatusCallback gets Twilio's receipts (sent, delivered, read), signed with `authToken`. */
  sendReceipts(authToken: string): void;
  /** Registers bytes served at `path` (with Basic auth required, like Twilio's media URLs); returns the full URL. */
  addMedia(path: string, body: Buffer, contentType: string): string;
  /** The SID the next message sent gets (Twilio's own are random): for a receipt the Worker must know. */
  nextMessageSid(sid: string): void;
  /** Resolves when `count` messages in all have been sent. */
  waitForSent(count: number, timeoutMs?: number): Promise<SentMessage[]>;
  stop(): Promise<void>;
}

export function chatCompletion(content: string) {
  return {
    id: `chatcmpl-local-${Date.now()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "local-stand-in",
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

export async function startStandIns(options: StandInsOptions = {}): Promise<StandIns> {
  const requests: CapturedRequest[] = [];
  const sent: SentMessage[] = [];
  const typing: StandIns["typing"] = [];
  const receipts: StandIns["receipts"] = [];
  let receiptsToken: string | undefined;

  /** Twilio's receipts for one message, as it posts them: a little later each, signed over the callback URL. */
  function postReceipts(callback: string, form: Record<string, string>, sid: string, accountSid: string) {
    for (const [status, afterMs] of [["sent", 150], ["delivered", 500], ["read", 1500]] as const) {
      setTimeout(async () => {
        const params = { MessageSid: sid, SmsSid: sid, MessageStatus: status, SmsStatus: status, AccountSid: accountSid, From: form.From ?? "", To: form.To ?? "", ApiVersion: "2010-04-01" };
        try {
          const signature = await computeTwilioSignature(receiptsToken!, callback, Object.entries(params));
          const answer = await fetch(callback, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }, body: new URLSearchParams(params).toString() });
          await answer.arrayBuffer();
          receipts.push({ sid, status, answered: answer.status });
        } catch {
          receipts.push({ sid, status, answered: 0 });
        }
      }, afterMs);
    }
  }
  const media = new Map<string, { body: Buffer; contentType: string }>();
  const waiters: Array<() => void> = [];
  let sequence = 0;
  let chosenSid: string | undefined;
  // Message SIDs unique across runs: a page left open across a restart keeps telling replies apart.
  const runId = randomBytes(8).toString("hex");

  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const path = (request.url ?? "/").split("?")[0]!;
    requests.push({ method: request.method ?? "GET", path, headers: request.headers, body });
    try {
      if (request.method === "POST" && path.endsWith("/chat/completions")) {
        const chatRequest = JSON.parse(body.toString("utf8"));
        const answer = options.chat ? await options.chat(chatRequest) : chatCompletion("Thanks! Could you send me a photo of your hair today, in natural light?");
        return json(response, 200, answer);
      }
      if (request.method === "POST" && path.endsWith("/audio/transcriptions")) {
        const text = options.transcribe ? await options.transcribe(body) : "I wash my hair twice a week with a sulfate-free shampoo.";
        return json(response, 200, { text });
      }
      const messages = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
      if (request.method === "POST" && messages) {
        const form = Object.fromEntries(new URLSearchParams(body.toString("utf8")));
        sequence += 1;
        const sid = chosenSid ?? `SM${runId}${sequence.toString(16).padStart(16, "0")}`;
        chosenSid = undefined;
        sent.push({ To: form.To ?? "", From: form.From ?? "", Body: form.Body ?? "", sid, at: new Date().toISOString() });
        if (receiptsToken && form.StatusCallback) postReceipts(form.StatusCallback, form, sid, messages[1]!);
        waiters.splice(0).forEach((wake) => wake());
        return json(response, 201, { sid, status: "queued", to: form.To, from: form.From, body: form.Body, account_sid: messages[1] });
      }
      if (request.method === "POST" && path === "/v2/Indicators/Typing.json") {
        const form = Object.fromEntries(new URLSearchParams(body.toString("utf8")));
        typing.push({ messageId: form.messageId ?? "", at: new Date().toISOString() });
        return json(response, 200, { success: true });
      }
      const stored = media.get(path);
      if (request.method === "GET" && stored) {
        if (!request.headers.authorization?.startsWith("Basic ")) return json(response, 401, { code: 20003, message: "Authenticate" });
        response.writeHead(200, { "content-type": stored.contentType, "content-length": stored.body.length });
        return response.end(stored.body);
      }
      json(response, 404, { code: 20404, message: "The requested resource was not found" });
    } catch (error) {
      json(response, 500, { error: { message: String(error), type: "server_error", code: null } });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    twilioBaseUrl: origin,
    openaiBaseUrl: `${origin}/v1`,
    requests,
    sent,
    typing,
    receipts,
    sendReceipts(authToken) {
      receiptsToken = authToken;
    },
    nextMessageSid(sid) {
      chosenSid = sid;
    },
    addMedia(path, body, contentType) {
      media.set(path, { body, contentType });
      return origin + path;
    },
    async waitForSent(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (sent.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} sent messages, got ${sent.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return sent.slice(0, count);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
