/**
 * The model side of an eval (ADR 027.2): what the Worker's OPENAI_BASE_URL reaches. Every chat
 * request is traced to the simulated client it serves, answered (by the offline consultant, a
 * broken one, or forwarded to a real OpenAI-compatible endpoint with the model under test), and
 * recorded with its tokens and time. Voice notes are transcribed here in both tiers (the clients
 * speak no audio); photos are inlined for a real endpoint, which cannot reach this machine.
 */
import { encode } from "gpt-tokenizer/model/gpt-4o-mini";
import { countPromptTokens, type ChatRequestBody } from "../bench/prompt-token-count";
import type { ChatResponder } from "../scripts/stand-ins";
import { photoPersona, voiceNoteOf } from "./media";
import { linesOf, type Persona } from "./personas";
import { normalize } from "./reading";

export interface ModelCall {
  persona: string | null;
  kind: "consultant" | "photo" | "transcription";
  model: string;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  /** Counted here (the answer reported no usage) rather than reported by the endpoint. */
  estimated: boolean;
  ms: number;
  request: unknown;
  response: unknown;
  error?: string;
}

export interface LiveEndpoint {
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
}

export interface GatewayOptions {
  personas: readonly Persona[];
  /** Offline tier: who answers for a persona. */
  consultantFor?: (personaId: string | null) => ChatResponder;
  live?: LiveEndpoint;
  /** The model the calls are made for now (the wave's model). */
  model: () => string;
}

type Part = { type?: string; text?: string; image_url?: { url?: string; detail?: string } };
type Request = Parameters<ChatResponder>[0] & { messages: Array<{ role: string; content: unknown }> };

const partsOf = (content: unknown): Part[] => (typeof content === "string" ? [{ type: "text", text: content }] : Array.isArray(content) ? (content as Part[]) : []);
const imageUrls = (request: Request) => request.messages.flatMap((m) => partsOf(m.content).flatMap((p) => (p.type === "image_url" && p.image_url?.url ? [p.image_url.url] : [])));
const isPhotoLook = (request: Request) => (request.response_format as { json_schema?: { name?: string } } | undefined)?.json_schema?.name === "photo_observation";

interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number };
}

/** The words an answer holds (its text and its tool calls' arguments), as the model wrote them. */
function outputText(answer: unknown): string {
  const message = (answer as { choices?: Array<{ message?: { content?: string | null; tool_calls?: Array<{ function?: { arguments?: string } }> } }> })?.choices?.[0]?.message;
  return [message?.content ?? "", ...(message?.tool_calls ?? []).map((c) => c.function?.arguments ?? "")].join("");
}

export function createGateway(options: GatewayOptions) {
  const calls: ModelCall[] = [];
  // A line tells its client apart when no other client of the run says it (shared fact sheets do not), and it is not a mere "sí".
  const said = options.personas.flatMap((persona) => [...new Set(linesOf(persona).map(normalize))].map((line) => ({ line, persona: persona.id })));
  const owners = said.filter(({ line }) => line.length >= 12 && said.filter((other) => other.line === line).length === 1);
  const photoOwners = new Map<string, string | null>();

  async function photoBytes(url: string): Promise<Uint8Array> {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`the photo link answered ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Whose request this is: by the client's own lines in it, or by the photo it shows. */
  async function personaOf(request: Request): Promise<string | null> {
    const words = request.messages
      .filter((m) => m.role === "user")
      .flatMap((m) => partsOf(m.content).map((p) => normalize(p.text ?? "")))
      .join("\n");
    const votes = new Map<string, number>();
    for (const { line, persona } of owners) if (words.includes(line)) votes.set(persona, (votes.get(persona) ?? 0) + 1);
    const best = [...votes].sort((a, b) => b[1] - a[1])[0];
    if (best) return best[0];
    for (const url of imageUrls(request)) {
      if (!photoOwners.has(url)) photoOwners.set(url, photoPersona(await photoBytes(url)));
      const owner = photoOwners.get(url);
      if (owner) return owner;
    }
    return null;
  }

  /** The request as a real endpoint gets it: the model under test, and each photo inline (it cannot fetch this machine's links). */
  async function forLive(request: Request): Promise<Request> {
    const messages = await Promise.all(
      request.messages.map(async (m) => {
        if (!Array.isArray(m.content)) return m;
        const content = await Promise.all(
          (m.content as Part[]).map(async (p) => {
            if (p.type !== "image_url" || !p.image_url?.url || p.image_url.url.startsWith("data:")) return p;
            const bytes = Buffer.from(await photoBytes(p.image_url.url));
            return { ...p, image_url: { ...p.image_url, url: `data:image/png;base64,${bytes.toString("base64")}` } };
          }),
        );
        return { ...m, content };
      }),
    );
    return { ...request, model: options.model(), messages };
  }

  async function liveAnswer(endpoint: LiveEndpoint, request: Request): Promise<unknown> {
    const response = await (endpoint.fetch ?? fetch)(`${endpoint.baseUrl.replace(/\/$/, "")}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${endpoint.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  }

  const chat: ChatResponder = async (incoming) => {
    const request = incoming as Request;
    const started = Date.now();
    const persona = await personaOf(request);
    const kind = isPhotoLook(request) ? "photo" : "consultant";
    const call: ModelCall = { persona, kind, model: options.model(), promptTokens: 0, completionTokens: 0, cachedTokens: 0, estimated: true, ms: 0, request, response: null };
    calls.push(call);
    try {
      const sent = options.live ? await forLive(request) : request;
      if (options.live) call.request = sent;
      const answer = options.live ? await liveAnswer(options.live, sent) : await (options.consultantFor ?? (() => { throw new Error("no consultant"); }))(persona)(request);
      call.response = answer;
      const usage = (answer as { usage?: Usage })?.usage;
      if (usage?.prompt_tokens || usage?.completion_tokens) {
        Object.assign(call, { promptTokens: usage.prompt_tokens ?? 0, completionTokens: usage.completion_tokens ?? 0, cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0, estimated: false });
      } else {
        Object.assign(call, { promptTokens: countPromptTokens(request as ChatRequestBody).total, completionTokens: encode(outputText(answer)).length });
      }
      return answer;
    } catch (error) {
      call.error = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      call.ms = Date.now() - started;
    }
  };

  /** The stand-in transcription in both tiers: the voice note names its transcript. */
  const transcribe = (body: Buffer): string => {
    const note = voiceNoteOf(body);
    calls.push({ persona: note?.persona ?? null, kind: "transcription", model: "stand-in", promptTokens: 0, completionTokens: 0, cachedTokens: 0, estimated: true, ms: 0, request: null, response: note?.text ?? null });
    return note?.text ?? "(an unknown voice note)";
  };

  return { chat, transcribe, calls };
}

export type Gateway = ReturnType<typeof createGateway>;
