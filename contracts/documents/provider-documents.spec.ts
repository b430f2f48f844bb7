/**
 * ADR 008: our pacts and the fixtures the specs run on say nothing that Twilio's and OpenAI's own
 * OpenAPI documents (../shared/provider-specs) do not allow.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exemptionFor, exemptions, interactionProblems, requestProblems, responseProblems } from "../support/document-check";
import { OPENAI, readPacts, repoRoot, TWILIO, TWILIO_CONTENT, TWILIO_MESSAGING, TWILIO_WEBHOOKS, WORKER, type PactFile, type PactInteraction } from "../support/pacts";
import { ACCOUNT_SID } from "../support/parties";
import { canonicalSha256, DOCUMENT_SOURCES } from "../../scripts/provider-document-subsets";
import { PROVIDER_SPECS_DIR, ProviderDocument, providerDocumentsRequired, providerSpecsPresent, type DocumentedProvider } from "../support/provider-documents";

const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
const MESSAGE_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM2c3d4e5f60718293a4b5c6d7e8f90a1b.json`;

/** Every provider fixture, and the response of the provider's operation it stands for. */
const fixtureResponses: Record<string, { provider: DocumentedProvider; method: string; path: string; status: number }> = {
  "openai/chat-completion.json": { provider: "openai", method: "POST", path: "/v1/chat/completions", status: 200 },
  "openai/chat-completion-handoff.json": { provider: "openai", method: "POST", path: "/v1/chat/completions", status: 200 },
  "openai/chat-completion-observation.json": { provider: "openai", method: "POST", path: "/v1/chat/completions", status: 200 },
  "openai/error-rate-limit.json": { provider: "openai", method: "POST", path: "/v1/chat/completions", status: 429 },
  "openai/error-insufficient-quota.json": { provider: "openai", method: "POST", path: "/v1/chat/completions", status: 429 },
  "openai/error-server.json": { provider: "openai", method: "POST", path: "/v1/chat/completions", status: 500 },
  "openai/transcription.json": { provider: "openai", method: "POST", path: "/v1/audio/transcriptions", status: 200 },
  "openai/model-retiring.json": { provider: "openai-models", method: "GET", path: "/v1/models/gpt-4o-mini", status: 200 },
  "twilio/api/message-created.json": { provider: "twilio", method: "POST", path: MESSAGES_PATH, status: 201 },
  "twilio/api/error-too-many-requests.json": { provider: "twilio", method: "POST", path: MESSAGES_PATH, status: 429 },
  "twilio/api/error-outside-window.json": { provider: "twilio", method: "POST", path: MESSAGES_PATH, status: 400 },
  "twilio/api/error-not-final.json": { provider: "twilio", method: "DELETE", path: MESSAGE_PATH, status: 409 },
};

/** The inbound pact has no published document: it is verified against the Worker itself (ADR-008.3). */
const undocumentedPacts = new Set([`${TWILIO_WEBHOOKS}-${WORKER}.json`]);

const documentedProviders: Record<string, DocumentedProvider> = { [OPENAI]: "openai", [TWILIO]: "twilio", [TWILIO_MESSAGING]: "twilio-messaging", [TWILIO_CONTENT]: "twilio-content" };

function providerFixtures(): string[] {
  const dirs = ["openai", "twilio/api"];
  return dirs.flatMap((dir) =>
    readdirSync(path.join(repoRoot, "fixtures", dir))
      .filter((name) => name.endsWith(".json"))
      .map((name) => `${dir}/${name}`),
  );
}

if (!providerSpecsPresent()) {
  describe("the providers' documents", () => {
    if (providerDocumentsRequired()) {
      it("ADR-021.9 with PROVIDER_DOCUMENTS_REQUIRED=true, documents that are missing fail the check", () => {
        expect.fail(`provider documents not found at ${PROVIDER_SPECS_DIR}, and PROVIDER_DOCUMENTS_REQUIRED=true: run npm run provider-documents (docs/operations.md)`);
      });
    } else {
      it("ADR-008.2 without the documents in this clone, the check says so in one line and passes", () => {
        console.log(`provider documents not found at ${PROVIDER_SPECS_DIR}: the pact and fixture check against them is skipped (see contracts/README.md)`);
        expect(providerSpecsPresent()).toBe(false);
      });
    }
  });
} else {
  describe("the providers' documents", () => {
    it("ADR-021.9 are the subsets of the pinned upstream revisions, byte for byte as canonical JSON", () => {
      for (const source of DOCUMENT_SOURCES) {
        const document = JSON.parse(readFileSync(path.join(PROVIDER_SPECS_DIR, source.file), "utf8"));
        expect([source.file, canonicalSha256(document)]).toEqual([source.file, source.sha256]);
      }
    });
  });

  const documents: Record<DocumentedProvider, ProviderDocument> = {
    openai: ProviderDocument.load("openai"),
    "openai-models": ProviderDocument.load("openai-models"),
    twilio: ProviderDocument.load("twilio"),
    "twilio-messaging": ProviderDocument.load("twilio-messaging"),
    "twilio-content": ProviderDocument.load("twilio-content"),
  };
  const pacts = readPacts();
  const documentOf = (pact: PactFile) => documents[documentedProviders[pact.provider.name]!];

  describe("our pacts, against the providers' documents", () => {
    it("ADR-008.2 every pact file is either checked against a provider document or verified against our Worker", () => {
      const unaccounted = pacts.filter((pact) => !documentedProviders[pact.provider.name] && !undocumentedPacts.has(pact.file)).map((p) => p.file);
      expect(pacts.length).toBeGreaterThan(0);
      expect(unaccounted).toEqual([]);
    });

    for (const pact of pacts.filter((p) => documentedProviders[p.provider.name])) {
      it(`ADR-008.2 every interaction in ${pact.file} is allowed by the provider's document`, async () => {
        const problems: Record<string, string[]> = {};
        for (const interaction of pact.interactions) {
          const found = await interactionProblems(documentOf(pact), interaction);
          if (found.length) problems[interaction.description] = found;
        }
        expect(pact.interactions.length).toBeGreaterThan(0);
        expect(problems).toEqual({});
      });
    }

    it("ADR-008.2 every exemption from the documents is still used by an interaction", () => {
      const used = new Set(
        pacts.flatMap((pact) =>
          documentedProviders[pact.provider.name] ? pact.interactions.map((i) => exemptionFor(documentedProviders[pact.provider.name]!, i.request)) : [],
        ),
      );
      expect(exemptions.filter((e) => !used.has(e)).map((e) => e.why)).toEqual([]);
    });
  });

  describe("the check itself", () => {
    const chat = pacts.find((p) => p.provider.name === OPENAI)!.interactions.find((i) => i.request.path === "/v1/chat/completions" && i.response.status === 200)!;
    const send = pacts.find((p) => p.provider.name === TWILIO)!.interactions.find((i) => i.request.path.endsWith("/Messages.json") && i.response.status === 201)!;
    const altered = (interaction: PactInteraction, change: (copy: PactInteraction) => void) => {
      const copy = structuredClone(interaction);
      change(copy);
      return copy;
    };

    it("ADR-008.2 rejects a request field the document does not name", async () => {
      const problems = await requestProblems(documents.openai, altered(chat, (c) => ((c.request.body as Record<string, unknown>).temperature_scale = 2)).request);
      expect(problems).toContain("request body field temperature_scale is not in the document");
    });

    it("ADR-008.2 rejects a value outside a documented enum", async () => {
      const problems = await requestProblems(documents.openai, altered(chat, (c) => (((c.request.body as { messages: Array<{ role: string }> }).messages[0]!.role = "bot"))).request);
      expect(problems.length).toBeGreaterThan(0);
    });

    it("ADR-008.2 rejects a form body without a required field", async () => {
      const problems = await requestProblems(documents.twilio, altered(send, (c) => (c.request.body = String(c.request.body).replace(/(^|&)To=[^&]*/, ""))).request);
      expect(problems.join("\n")).toMatch(/required.*To/);
    });

    it("ADR-008.2 rejects a response value of the wrong type, even in a partial response", () => {
      const wrong = altered(chat, (c) => (c.response.body = { choices: [{ message: { content: 42 } }] }));
      expect(responseProblems(documents.openai, wrong.request, wrong.response, "subset").length).toBeGreaterThan(0);
    });

    it("ADR-008.2 rejects a path the document does not have", async () => {
      const problems = await requestProblems(documents.openai, { ...chat.request, path: "/v1/chat/complete" });
      expect(problems[0]).toMatch(/no such operation/);
    });
  });

  describe("the fixtures the specs run on, against the providers' documents", () => {
    it("ADR-008.4 every provider fixture is mapped to the operation and status it stands for", () => {
      expect(providerFixtures().filter((file) => !fixtureResponses[file])).toEqual([]);
    });

    for (const [file, { provider, method, path: requestPath, status }] of Object.entries(fixtureResponses)) {
      it(`ADR-008.4 fixtures/${file} is a whole ${status} response the document allows`, () => {
        const body = JSON.parse(readFileSync(path.join(repoRoot, "fixtures", file), "utf8")) as unknown;
        const response = { status, headers: { "Content-Type": "application/json" }, body };
        expect(responseProblems(documents[provider], { method, path: requestPath }, response, "full")).toEqual([]);
      });
    }
  });
}
