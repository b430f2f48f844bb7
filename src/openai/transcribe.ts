/**
 * Voice-note transcription through OpenAI's audio transcriptions API with `fetch` (ADR 006,
 * ADR 024). Knows nothing of conversations: it turns one audio file into text. WhatsApp's
 * `audio/ogg` (Opus) is a format the API reads, so the bytes go as they are, named with their
 * extension so the API can identify them.
 */
import { withRetries, type RetryPolicy } from "../utils/retry";
import { classifyOpenAIError } from "./errors";
import { postToOpenAI } from "./request";

export interface TranscriberOptions {
  apiKey: string;
  baseURL: string;
  /** OPENAI_TRANSCRIPTION_MODEL */
  model: string;
  fetch: typeof fetch;
  timeoutMs?: number;
}

export interface AudioFile {
  bytes: Uint8Array;
  /** As stored: the essence, e.g. `audio/ogg`. */
  contentType: string;
  /** With the extension that names the format, e.g. `voice-note.ogg`. */
  filename: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** The multipart form OpenAI reads: the model, then the file (the API's default `json` answer: `{ "text": ... }`). */
function transcriptionForm(model: string, audio: AudioFile): FormData {
  const form = new FormData();
  form.append("model", model);
  // Bytes read from R2 or a download are never on a SharedArrayBuffer, which is all `BlobPart` rules out.
  form.append("file", new File([audio.bytes as Uint8Array<ArrayBuffer>], audio.filename, { type: audio.contentType }));
  return form;
}

export function createTranscriber(options: TranscriberOptions) {
  if (!options.model) throw new Error("transcriber needs a model name");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  /** The words spoken in `audio`; throws when the API fails or hears nothing. */
  return async function transcribe(audio: AudioFile, policy: RetryPolicy): Promise<string> {
    const result = await withRetries(policy, () => postToOpenAI(options, "/audio/transcriptions", transcriptionForm(options.model, audio), timeoutMs), classifyOpenAIError);
    const text = typeof result === "string" ? result : (result as { text?: unknown } | undefined)?.text;
    if (typeof text !== "string" || !text.trim()) throw new Error("the transcription is empty");
    return text.trim();
  };
}

export type Transcriber = ReturnType<typeof createTranscriber>;
