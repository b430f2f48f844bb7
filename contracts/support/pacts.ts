/**
 * Where the pacts live, who their parties are, and the pact files read back as plain data
 * (the examples, the way a provider would see them).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PactV3 } from "@pact-foundation/pact";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PACT_DIR = path.join(repoRoot, "contracts/pacts");

/** Pact participants: our Worker, the two providers it calls, and Twilio as the caller of our webhook. */
export const WORKER = "tata-oro-worker";
export const OPENAI = "openai";
export const TWILIO = "twilio";
/** Twilio's messaging API (another origin, another published document): the typing indicator. */
export const TWILIO_MESSAGING = "twilio-messaging";
export const TWILIO_WEBHOOKS = "twilio-webhooks";
/** Twilio's Content API (another origin, another published document): a template's WhatsApp approval (ADR 028.7). */
export const TWILIO_CONTENT = "twilio-content";

export function pactBetween(consumer: string, provider: string): PactV3 {
  return new PactV3({ consumer, provider, dir: PACT_DIR, logLevel: "warn" });
}

export const pactFileOf = (consumer: string, provider: string) => path.join(PACT_DIR, `${consumer}-${provider}.json`);

export interface PactRequest {
  method: string;
  path: string;
  query?: Record<string, string[]>;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface PactResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface PactInteraction {
  description: string;
  providerStates?: Array<{ name: string; params?: Record<string, unknown> }>;
  request: PactRequest;
  response: PactResponse;
}

export interface PactFile {
  file: string;
  consumer: { name: string };
  provider: { name: string };
  interactions: PactInteraction[];
}

export function readPacts(): PactFile[] {
  return readdirSync(PACT_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({ file: name, ...(JSON.parse(readFileSync(path.join(PACT_DIR, name), "utf8")) as Omit<PactFile, "file">) }));
}

/** A header of a pact request or response, by case-insensitive name. */
export function headerOf(message: { headers?: Record<string, string> }, name: string): string | undefined {
  const entry = Object.entries(message.headers ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return entry?.[1];
}
