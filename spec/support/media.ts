/**
 * Twilio's media as it is served: the API URL answers a request carrying Basic auth with a
 * redirect to a short-lived CDN URL, and the CDN refuses any request that carries an
 * `Authorization` header (as Twilio's does). Both hops are recorded in `calls`.
 */
import { http, HttpResponse, type HttpResponseResolver } from "msw";
import { answer, network, OPENAI, TWILIO } from "./network";

export const CDN = "https://media.twiliocdn.example";

/** Distinct bytes that start like a JPEG, for comparing what was stored and served with what Twilio sent. */
export function fakeFile(size = 2048, magic = [0xff, 0xd8, 0xff, 0xe0]): Uint8Array {
  const bytes = new Uint8Array(size);
  crypto.getRandomValues(bytes.subarray(0, Math.min(size, 65536))); // getRandomValues' limit; the rest stays zero
  bytes.set(magic.slice(0, size));
  return bytes;
}

export interface ServedMedia {
  url: string;
  bytes: Uint8Array | (() => ReadableStream<Uint8Array>);
  contentType: string;
  /** Leave out Content-Length (a streamed body). */
  chunked?: boolean;
}

/** Serves each file at its Twilio URL, through a redirect to the CDN. */
export function serveTwilioMedia(...files: ServedMedia[]): void {
  const handlers = files.flatMap((file, n) => {
    const cdnUrl = `${CDN}/${n}/${crypto.randomUUID()}`;
    return [
      answer("get", file.url, ({ request }) =>
        request.headers.get("authorization")?.startsWith("Basic ")
          ? new HttpResponse(null, { status: 307, headers: { location: cdnUrl } })
          : HttpResponse.json({ code: 20003, message: "Authenticate" }, { status: 401 }),
      ),
      answer("get", cdnUrl, ({ request }) => {
        if (request.headers.has("authorization")) return new HttpResponse("Only one auth mechanism allowed", { status: 400 });
        const body = typeof file.bytes === "function" ? file.bytes() : file.bytes;
        const headers: Record<string, string> = { "content-type": file.contentType };
        if (!file.chunked && !(typeof file.bytes === "function")) headers["content-length"] = String((file.bytes as Uint8Array).byteLength);
        return new HttpResponse(body as BodyInit, { status: 200, headers });
      }),
    ];
  });
  network.use(...handlers);
}

/** A Twilio media URL for the given message and index. */
export const twilioMediaUrl = (sid: string, index: number) =>
  `${TWILIO}/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages/${sid}/Media/ME${String(index).padStart(32, "0")}`;

/**
 * Every URL the Worker asks for from now on. Requests to the stand-ins' origins fall through to
 * their handlers; anything else is answered with a network error here, because msw's "error"
 * strategy for unhandled requests logs them but still lets them out to the real network.
 */
export function everyRequestedUrl(): string[] {
  const urls: string[] = [];
  const standIns = new Set([new URL(OPENAI).origin, TWILIO, CDN]);
  network.use(
    http.all("*", ({ request }) => {
      urls.push(request.url);
      if (request.url !== "data:," && !standIns.has(new URL(request.url).origin)) return HttpResponse.error();
    }),
  );
  return urls;
}

/**
 * OpenAI's transcription endpoint answering with `resolver`. The SDK first probes its `fetch`
 * with `fetch("data:,")` (FormData support): a local data URL, answered here so it is not
 * reported as an unhandled request.
 */
export function transcriptionStandIn(resolver: HttpResponseResolver): void {
  network.use(
    http.get(({ request }) => request.url === "data:,", () => new HttpResponse("")),
    answer("post", `${OPENAI}/audio/transcriptions`, resolver),
  );
}
