/**
 * The playground's own HTTP server (a local node process, never the Worker): the chat page's
 * static files under a strict CSP, and a small JSON API the page calls to send a message and to
 * read the replies the Twilio stand-in captured. It answers its own page only (ADR 012.3): a
 * request for another host name gets nothing, and a message is sent only for a same-origin JSON
 * request carrying this run's random token, so no other web page can make it write to anyone.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { StandIns } from "../scripts/stand-ins";
import type { ServiceModes } from "./local-config";
import type { LocalAccess } from "./access";
import { sendToWorker, type WebhookTarget } from "./webhook-sender";

const publicDir = join(dirname(fileURLToPath(import.meta.url)), "public");

const staticFiles: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const MAX_UPLOAD_BYTES = 12 * 1024 * 1024;

export interface PageServerOptions {
  port: number;
  target: WebhookTarget;
  modes: ServiceModes;
  /** Access, as the playground plays it: `/console` is passed on to the Worker with a signed token. */
  access?: LocalAccess;
}

export interface PageServer {
  url: string;
  stop(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_UPLOAD_BYTES) throw new Error("attachment too large");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

interface SendRequest {
  name: string;
  number: string;
  text: string;
  attachment?: { contentType: string; base64: string };
}

function readSendRequest(value: unknown): SendRequest | string {
  const body = value as Partial<SendRequest>;
  if (typeof body?.name !== "string" || !body.name.trim()) return "a client name is needed";
  if (typeof body.number !== "string" || !/^\+[1-9]\d{6,14}$/.test(body.number)) return "the number must look like +5215512345678";
  if (typeof body.text !== "string") return "text must be a string";
  if (!body.text.trim() && !body.attachment) return "type a message or attach a file";
  if (body.attachment && (typeof body.attachment.contentType !== "string" || typeof body.attachment.base64 !== "string")) return "bad attachment";
  return body as SendRequest;
}

/** The names this server is reached by: a page served under any other name (DNS rebinding) is not ours. */
const isOwnHost = (host: string | undefined, port: number) => host === `127.0.0.1:${port}` || host === `localhost:${port}`;

/** The browser says the request comes from a page of this origin: `Origin`, or else `Sec-Fetch-Site`. */
function isSameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) return origin === `http://${request.headers.host}`;
  return request.headers["sec-fetch-site"] === "same-origin";
}

const isJson = (request: IncomingMessage) => (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase() === "application/json";

function hasToken(request: IncomingMessage, token: Buffer): boolean {
  const given = Buffer.from(String(request.headers["x-playground-token"] ?? ""));
  return given.length === token.length && timingSafeEqual(given, token);
}

const progress = ["sent", "delivered", "read"];

/**
 * Replies the Twilio stand-in received for one client, oldest first, each with the furthest
 * receipt the Worker accepted; and whether "typing…" shows: the indicator was called on one of
 * this client's messages after the last reply, less than 25 s ago (as WhatsApp shows it).
 */
function repliesTo(standIns: StandIns | undefined, number: string, ownSids: ReadonlySet<string>) {
  const replies = (standIns?.sent ?? [])
    .filter((m) => m.To === `whatsapp:${number}`)
    .map(({ Body, sid, at }) => {
      const accepted = (standIns?.receipts ?? []).filter((r) => r.sid === sid && r.answered === 200).map((r) => progress.indexOf(r.status));
      return { body: Body, sid, at, status: accepted.length ? progress[Math.max(...accepted)] : "queued" };
    });
  const lastReply = replies.at(-1)?.at ?? "";
  const typing = (standIns?.typing ?? []).some((t) => ownSids.has(t.messageId) && t.at > lastReply && Date.now() - Date.parse(t.at) < 25_000);
  return { replies, typing };
}

/**
 * A console request, passed on to the Worker as Access passes it: with a token signed for the
 * playground's stylist and, for a form of this page's own origin, the Worker's public origin as
 * `Origin` (Access serves the console at the Worker's host; here it is this server's).
 */
async function toConsole(request: IncomingMessage, response: ServerResponse, url: URL, access: LocalAccess, target: WebhookTarget, port: number) {
  const headers = new Headers({ "cf-access-jwt-assertion": await access.token() });
  for (const name of ["content-type", "accept", "idempotency-key", "accept-language"]) {
    const value = request.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  const origin = request.headers.origin;
  if (origin !== undefined) headers.set("origin", origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}` ? target.publicBaseUrl : origin);
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const method = request.method ?? "GET";
  const answer = await fetch(`${target.workerUrl}${url.pathname}${url.search}`, {
    method,
    headers,
    redirect: "manual",
    ...(method === "GET" || method === "HEAD" ? {} : { body: Buffer.concat(chunks) }),
  });
  const passed: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (!["content-encoding", "content-length", "transfer-encoding", "connection"].includes(name)) passed[name] = value;
  });
  response.writeHead(answer.status, passed);
  response.end(Buffer.from(await answer.arrayBuffer()));
}

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const { target, modes } = options;
  const token = randomBytes(32).toString("base64url");
  /** The MessageSids this page sent, by number: whose "typing…" it is. */
  const sentSids = new Map<string, Set<string>>();
  const tokenBytes = Buffer.from(token);
  let port = options.port;
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://playground.local");
    try {
      if (!isOwnHost(request.headers.host, port)) return json(response, 403, { error: "the playground answers only at 127.0.0.1 or localhost" });
      const asset = request.method === "GET" ? staticFiles[url.pathname] : undefined;
      if (asset) {
        response.writeHead(200, { "content-type": asset.type, "content-security-policy": CSP, "x-content-type-options": "nosniff", "cache-control": "no-store" });
        return response.end(await readFile(join(publicDir, asset.file)));
      }
      if (options.access && request.method === "GET" && url.pathname === "/cdn-cgi/access/certs") return json(response, 200, options.access.certs);
      if (options.access && (url.pathname === "/console" || url.pathname.startsWith("/console/"))) return await toConsole(request, response, url, options.access, target, port);
      if (request.method === "GET" && url.pathname === "/api/session") {
        return json(response, 200, { modes, workerUrl: target.workerUrl, assistantNumber: target.assistantNumber, token });
      }
      if (request.method === "GET" && url.pathname === "/api/replies") {
        const number = url.searchParams.get("number") ?? "";
        return json(response, 200, repliesTo(target.standIns, number, sentSids.get(number) ?? new Set()));
      }
      if (request.method === "POST" && url.pathname === "/api/messages") {
        if (!isSameOrigin(request)) return json(response, 403, { error: "only the playground's own page may send" });
        if (!isJson(request)) return json(response, 415, { error: "expected application/json" });
        if (!hasToken(request, tokenBytes)) return json(response, 403, { error: "missing or wrong X-Playground-Token" });
        const body = readSendRequest(await readJson(request));
        if (typeof body === "string") return json(response, 400, { error: body });
        if (body.attachment && !target.standIns) return json(response, 400, { error: "attachments work with the local Twilio stand-in only" });
        const sent = await sendToWorker(target, {
          name: body.name.trim(),
          number: body.number,
          text: body.text,
          ...(body.attachment ? { attachment: { contentType: body.attachment.contentType, data: Buffer.from(body.attachment.base64, "base64") } } : {}),
        });
        if (!sentSids.has(body.number)) sentSids.set(body.number, new Set());
        sentSids.get(body.number)!.add(sent.sid);
        return json(response, sent.status === 200 ? 200 : 502, { workerStatus: sent.status, sid: sent.sid });
      }
      json(response, 404, { error: "not found" });
    } catch (error) {
      json(response, 500, { error: String(error instanceof Error ? error.message : error) });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", resolve);
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
