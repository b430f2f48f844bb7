/**
 * ADR 008: the mocks the workers specs run on answer every interaction of our outbound pacts the
 * way the pact says the provider does. Pact's Verifier checks them as if they were OpenAI and
 * Twilio, so a contract change breaks the mocks (and the specs relying on the old shape).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getResponse, HttpResponse } from "msw";
import { Verifier } from "@pact-foundation/pact";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import handoff from "../../fixtures/openai/chat-completion-handoff.json";
import insufficientQuota from "../../fixtures/openai/error-insufficient-quota.json";
import rateLimit from "../../fixtures/openai/error-rate-limit.json";
import serverError from "../../fixtures/openai/error-server.json";
import transcription from "../../fixtures/openai/transcription.json";
import notFinal from "../../fixtures/twilio/api/error-not-final.json";
import outsideWindow from "../../fixtures/twilio/api/error-outside-window.json";
import tooManyRequests from "../../fixtures/twilio/api/error-too-many-requests.json";
import { fakeFile, serveTwilioMedia, transcriptionStandIn } from "../../spec/support/media";
import { answer, MEDIA_RESOURCE, MESSAGE_RESOURCE, MESSAGES_PATH, network, OPENAI, resetNetwork, TWILIO, TYPING_URL } from "../../spec/support/network";
import { formRequestFilter } from "../support/form-filter";
import { headerOf, OPENAI as OPENAI_PACT, pactFileOf, readPacts, TWILIO as TWILIO_PACT, TWILIO_MESSAGING as TWILIO_MESSAGING_PACT, WORKER, type PactInteraction } from "../support/pacts";
import { specRequestHandlers, startSpecMocksServer, type SpecMocksServer } from "../support/spec-mocks-server";

const OPENAI_ORIGIN = new URL(OPENAI).origin;
const CDN_PREFIX = "/media.twiliocdn.com/";

/** The media URL our Twilio pact asks for (the specs serve media wherever they are told). */
const pactMediaPath = () =>
  readPacts()
    .find((p) => p.provider.name === TWILIO_PACT)!
    .interactions.find((i) => i.request.headers && /\/Media\/ME/.test(i.request.path))!.request.path;

/** Each provider state of our pacts, set up with the specs' own stand-ins and fixtures. */
function stateHandlers(server: () => SpecMocksServer) {
  const only = (setup: () => void | Promise<void>) => async () => {
    resetNetwork();
    await setup();
  };
  return {
    "the model answers with text": only(() => {}),
    "the model looks at a photo": only(() => {}),
    "the model concludes the consultation": only(() => network.use(answer("post", `${OPENAI}/chat/completions`, () => HttpResponse.json(handoff)))),
    "the organization is over its request rate limit": only(() =>
      network.use(answer("post", `${OPENAI}/chat/completions`, () => HttpResponse.json(rateLimit, { status: 429, headers: { "retry-after": "1" } }))),
    ),
    "the organization has no quota left": only(() => network.use(answer("post", `${OPENAI}/chat/completions`, () => HttpResponse.json(insufficientQuota, { status: 429 })))),
    "the model service is failing": only(() => network.use(answer("post", `${OPENAI}/chat/completions`, () => HttpResponse.json(serverError, { status: 500 })))),
    "the model transcribes audio": only(() => transcriptionStandIn(() => HttpResponse.json(transcription))),
    "the account can send WhatsApp messages to the client": only(() => {}),
    "the client's WhatsApp message was received": only(() => {}),
    "the client's message is too old for a typing indicator": only(() =>
      network.use(answer("post", TYPING_URL, () => HttpResponse.json({ code: 21211, message: "Invalid messageId", status: 400 }, { status: 400 }))),
    ),
    "the account is sending too many requests": only(() => network.use(answer("post", `${TWILIO}${MESSAGES_PATH}`, () => HttpResponse.json(tooManyRequests, { status: 429 })))),
    "the client has not written in the last 24 hours": only(() => network.use(answer("post", `${TWILIO}${MESSAGES_PATH}`, () => HttpResponse.json(outsideWindow, { status: 400 })))),
    "the client's message is final at Twilio": only(() => {}),
    "the client's message has a photo at Twilio": only(() => {}),
    "the client's message is not final yet at Twilio": only(() => network.use(answer("delete", MESSAGE_RESOURCE, () => HttpResponse.json(notFinal, { status: 409 })))),
    "the client's media is already deleted at Twilio": only(() =>
      network.use(answer("delete", MEDIA_RESOURCE, () => HttpResponse.json({ code: 20404, message: "The requested resource was not found", status: 404 }, { status: 404 }))),
    ),
    "the message has a photo": only(async () => {
      const mediaUrl = `${TWILIO}${pactMediaPath()}`;
      serveTwilioMedia({ url: mediaUrl, bytes: fakeFile(), contentType: "image/jpeg" });
      // The pact's CDN hop goes wherever the specs' redirect points.
      const redirect = await fetchThroughNetwork(new Request(mediaUrl, { headers: { authorization: "Basic c3BlYzpzcGVj" } }));
      server().reroute(CDN_PREFIX, redirect.headers.get("location") ?? "");
    }),
  };
}

async function fetchThroughNetwork(request: Request): Promise<Response> {
  const response = await getResponse(specRequestHandlers(), request);
  if (!response) throw new Error(`no spec mock answers ${request.url}`);
  return response;
}

const isRedirect = (interaction: PactInteraction) => interaction.response.status >= 300 && interaction.response.status < 400;

/**
 * Pact's verifier follows redirects (to the CDN, off this machine), so redirect interactions are
 * replayed through the handlers directly and the rest of the pact goes to the Verifier.
 */
const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function withoutRedirects(pactFile: string): string {
  const pact = JSON.parse(readFileSync(pactFile, "utf8")) as { interactions: PactInteraction[] };
  const dir = mkdtempSync(path.join(tmpdir(), "pact-drift-"));
  copies.push(dir);
  const copy = path.join(dir, path.basename(pactFile));
  writeFileSync(copy, JSON.stringify({ ...pact, interactions: pact.interactions.filter((i) => !isRedirect(i)) }));
  return copy;
}

let server: SpecMocksServer;
afterAll(async () => {
  resetNetwork();
  await server?.stop();
});

async function verify(provider: string, origin: string) {
  server = await startSpecMocksServer(origin);
  try {
    const verifier = new Verifier({
      provider,
      providerBaseUrl: server.url,
      pactUrls: [withoutRedirects(pactFileOf(WORKER, provider))],
      requestFilter: formRequestFilter(),
      stateHandlers: stateHandlers(() => server),
      logLevel: "warn",
    });
    return await verifier.verifyProvider();
  } finally {
    await server.stop();
  }
}

/** The pact's rule for a response header: its regex when it has one, else the example itself. */
function headerRule(interaction: PactInteraction, name: string): RegExp {
  const rules = (interaction.response as { matchingRules?: { header?: Record<string, { matchers: Array<{ regex?: string }> }> } }).matchingRules?.header ?? {};
  const rule = Object.entries(rules).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1].matchers.find((m) => m.regex);
  const example = headerOf(interaction.response, name) ?? "";
  return rule?.regex ? new RegExp(rule.regex) : new RegExp(`^${example.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}

describe("the specs' mocks, verified against our outbound pacts", () => {
  beforeAll(() => resetNetwork());

  it("ADR-008.4 every provider state of our outbound pacts has a stand-in built from the specs' mocks", () => {
    const known = Object.keys(stateHandlers(() => server));
    const states = readPacts()
      .filter((p) => [OPENAI_PACT, TWILIO_PACT, TWILIO_MESSAGING_PACT].includes(p.provider.name))
      .flatMap((p) => p.interactions.flatMap((i) => (i.providerStates ?? []).map((state) => state.name)));
    expect(states.length).toBeGreaterThan(0);
    expect([...new Set(states)].filter((state) => !known.includes(state))).toEqual([]);
  });

  it("ADR-008.4 the OpenAI mocks (default handlers and fixtures) answer every interaction of our OpenAI pact", async () => {
    await expect(verify(OPENAI_PACT, OPENAI_ORIGIN)).resolves.toBeDefined();
  });

  it("ADR-008.4 the Twilio mocks (default handlers, media stand-in and fixtures) answer every interaction of our Twilio pact", async () => {
    await expect(verify(TWILIO_PACT, TWILIO)).resolves.toBeDefined();
  });

  it("ADR-008.4 the typing indicator mock answers every interaction of our Twilio messaging pact", async () => {
    await expect(verify(TWILIO_MESSAGING_PACT, new URL(TYPING_URL).origin)).resolves.toBeDefined();
  });

  it("ADR-008.4 the media stand-in redirects the way our Twilio pact says Twilio does", async () => {
    const redirects = readPacts().find((p) => p.provider.name === TWILIO_PACT)!.interactions.filter(isRedirect);
    expect(redirects.length).toBeGreaterThan(0);
    const handlers = stateHandlers(() => ({ url: "", reroute: () => {}, stop: async () => {} }));
    for (const interaction of redirects) {
      for (const state of interaction.providerStates ?? []) await handlers[state.name as keyof typeof handlers]();
      const request = new Request(`${TWILIO}${interaction.request.path}`, { method: interaction.request.method, headers: interaction.request.headers });
      const response = await getResponse(specRequestHandlers(), request);
      expect(response?.status, interaction.description).toBe(interaction.response.status);
      expect(response?.headers.get("location"), interaction.description).toMatch(headerRule(interaction, "location"));
    }
  });
});
