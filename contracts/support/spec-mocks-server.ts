/**
 * The mocks the workers specs run on (spec/support: msw handlers answering with fixtures),
 * served over HTTP on 127.0.0.1 so that Pact's Verifier can verify them as the provider of our
 * outbound pacts. Requests are resolved with msw's `getResponse`, never intercepted.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse, RequestHandler } from "msw";
import { network } from "../../spec/support/network";

export interface SpecMocksServer {
  url: string;
  /** Where requests to a path under `prefix` go instead of the provider's origin. */
  reroute(prefix: string, to: string): void;
  stop(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length ? new Uint8Array(Buffer.concat(chunks)) : undefined;
}

/** The HTTP handlers the workers specs run on, as msw's `getResponse` takes them. */
export const specRequestHandlers = () => network.listHandlers().filter((handler): handler is RequestHandler => handler instanceof RequestHandler);

/** Serves whatever handlers `network` holds at the time of each request, as if at `origin`. */
export async function startSpecMocksServer(origin: string): Promise<SpecMocksServer> {
  const reroutes = new Map<string, string>();
  const server = createServer(async (incoming, outgoing) => {
    const path = incoming.url ?? "/";
    const prefix = [...reroutes.keys()].find((p) => path.startsWith(p));
    const url = prefix ? reroutes.get(prefix)! : `${origin}${path}`;
    const headers = Object.entries(incoming.headers).flatMap(([name, value]) =>
      name === "host" || name === "content-length" || value === undefined ? [] : [[name, String(value)] as [string, string]],
    );
    const request = new Request(url, { method: incoming.method, headers, body: await bodyOf(incoming) });
    const response = await getResponse(specRequestHandlers(), request);
    if (!response) {
      outgoing.writeHead(501, { "content-type": "text/plain" });
      return outgoing.end(`no spec mock answers ${request.method} ${url}`);
    }
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reroute: (prefix, to) => reroutes.set(prefix, to),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
