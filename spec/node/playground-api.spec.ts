/**
 * ADR 012.3 (amended): the playground's page server sends a message to the Worker, signed as
 * Twilio, only for its own page. Any web page a developer visits while `npm start` runs could
 * otherwise post to `POST /api/messages` (a `no-cors` fetch needs no permission) and, with real
 * credentials in `.dev.vars`, make the business number write to real clients. Same origin,
 * JSON, and the run's own token; and a request for another host (DNS rebinding) gets nothing.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startPageServer, type PageServer } from "../../playground/page-server";

/** Stands in for the Worker: counts the webhooks the page server posts to it. */
let workerPosts: string[] = [];
let worker: Server;
let page: PageServer;
let origin: string;
let token: string;

interface Sent {
  status: number;
  body: string;
}

/** A request with exactly these headers (fetch would add its own, and cannot set Host). */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Sent> {
  const { port } = new URL(page.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, path, method: options.method ?? "GET", headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

const message = JSON.stringify({ name: "Mariana", number: "+5215512345678", text: "Hola, quiero una consulta" });
const postMessage = (headers: Record<string, string>, body = message) => send("/api/messages", { method: "POST", headers, body });

beforeAll(async () => {
  worker = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      workerPosts.push(body);
      response.writeHead(200, { "content-type": "text/xml" }).end("<Response/>");
    });
  });
  await new Promise<void>((resolve) => worker.listen(0, "127.0.0.1", resolve));
  page = await startPageServer({
    port: 0,
    modes: { openai: "stand-in", twilio: "real" },
    target: {
      workerUrl: `http://127.0.0.1:${(worker.address() as AddressInfo).port}`,
      publicBaseUrl: "https://wa.example.com",
      authToken: "playground-spec-token",
      accountSid: "AC00000000000000000000000000000000",
      assistantNumber: "whatsapp:+14155238886",
    },
  });
  origin = page.url;
  token = JSON.parse((await send("/api/session")).body).token;
});

afterAll(async () => {
  await page?.stop();
  await new Promise((resolve) => worker?.close(resolve));
});

beforeEach(() => {
  workerPosts = [];
});

describe("POST /api/messages", () => {
  it("ADR-012.3 the page's own request (same origin, JSON, the run's token) sends the message to the Worker", async () => {
    const sent = await postMessage({ origin, "content-type": "application/json", "x-playground-token": token });
    expect(sent.status).toBe(200);
    expect(workerPosts).toHaveLength(1);
    expect(new URLSearchParams(workerPosts[0]).get("Body")).toBe("Hola, quiero una consulta");
  });

  it("ADR-012.3 a same-origin request known only by Sec-Fetch-Site (no Origin) is the page's too", async () => {
    const sent = await postMessage({ "sec-fetch-site": "same-origin", "content-type": "application/json", "x-playground-token": token });
    expect(sent.status).toBe(200);
    expect(workerPosts).toHaveLength(1);
  });

  it("ADR-012.3 a no-cors fetch from another site (text/plain, foreign Origin) sends nothing", async () => {
    const sent = await postMessage({ origin: "https://evil.example", "sec-fetch-site": "cross-site", "content-type": "text/plain;charset=UTF-8" });
    expect(sent.status).toBe(403);
    expect(workerPosts).toEqual([]);
  });

  it("ADR-012.3 another origin sends nothing even with JSON and the token", async () => {
    for (const other of ["https://evil.example", "http://localhost:1", "null"]) {
      const sent = await postMessage({ origin: other, "content-type": "application/json", "x-playground-token": token });
      expect([other, sent.status]).toEqual([other, 403]);
    }
    expect(workerPosts).toEqual([]);
  });

  it("ADR-012.3 without Origin, a request that is not same-origin by Sec-Fetch-Site (or says nothing) sends nothing", async () => {
    for (const site of ["cross-site", "same-site", "none", undefined]) {
      const headers: Record<string, string> = { "content-type": "application/json", "x-playground-token": token };
      if (site) headers["sec-fetch-site"] = site;
      expect([site, (await postMessage(headers)).status]).toEqual([site, 403]);
    }
    expect(workerPosts).toEqual([]);
  });

  it("ADR-012.3 a same-origin request that is not JSON gets 415 and sends nothing", async () => {
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      const sent = await postMessage({ origin, "content-type": contentType, "x-playground-token": token });
      expect([contentType, sent.status]).toEqual([contentType, 415]);
    }
    expect(workerPosts).toEqual([]);
  });

  it("ADR-012.3 without the run's token, or with another, sends nothing", async () => {
    expect((await postMessage({ origin, "content-type": "application/json" })).status).toBe(403);
    expect((await postMessage({ origin, "content-type": "application/json", "x-playground-token": `${token}x` })).status).toBe(403);
    expect((await postMessage({ origin, "content-type": "application/json", "x-playground-token": "" })).status).toBe(403);
    expect(workerPosts).toEqual([]);
  });
});

describe("the run's token", () => {
  it("ADR-012.3 is random per run, at least 128 bits, and given only to a request for the playground's own host", async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    const other = await startPageServer({ port: 0, modes: { openai: "stand-in", twilio: "real" }, target: { workerUrl: "http://127.0.0.1:1", publicBaseUrl: "https://wa.example.com", authToken: "x", accountSid: "AC0", assistantNumber: "whatsapp:+14155238886" } });
    try {
      const otherToken = JSON.parse(await (await fetch(`${other.url}/api/session`)).text()).token;
      expect(otherToken).toMatch(/^[A-Za-z0-9_-]{43,}$/);
      expect(otherToken).not.toBe(token);
    } finally {
      await other.stop();
    }
    const { port } = new URL(page.url);
    // A page on evil.example whose name was rebound to 127.0.0.1 is same-origin with itself, not with us.
    for (const host of [`evil.example:${port}`, "evil.example", `127.0.0.1.evil.example:${port}`]) {
      const session = await send("/api/session", { headers: { host } });
      expect([host, session.status, session.body.includes(token)]).toEqual([host, 403, false]);
      const replies = await send("/api/replies?number=%2B5215512345678", { headers: { host } });
      expect([host, replies.status]).toEqual([host, 403]);
    }
    expect((await send("/api/session", { headers: { host: `localhost:${port}` } })).status).toBe(200);
  });
});
