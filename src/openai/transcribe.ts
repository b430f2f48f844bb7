/**
 * Voice-note transcription through the `openai` SDK (ADR 006). Knows nothing of conversations:
 * it turns one audio file into text. WhatsApp's `audio/ogg` (Opus) is a format the API reads,
 * so the bytes go as they are, named with their extension so the API can identify them.
 */
import { toFile } from "openai";
import { withRetries, type RetryPolicy } from "../utils/retry";
import { classifyOpenAIError, createOpenAIClient } from "./client";

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

export function createTranscriber(options: TranscriberOptions) {
  if (!options.model) throw new Error("transcriber needs a model name");
  const sdk = createOpenAIClient({ ...options, timeoutMs: options.timeoutMs ?? 10_000 });
  /** The words spoken in `audio`; throws when the API fails or hears nothing. */
  return async function transcribe(audio: AudioFile, policy: RetryPolicy): Promise<string> {
    const result = await withRetries(
      policy,
      async () =>
        sdk.audio.transcriptions.create({
          model: options.model,
          file: await toFile(audio.bytes, audio.filename, { type: audio.contentType }),
        }),
      classifyOpenAIError,
    );
    const text = (typeof result === "string" ? result : result.text).trim();
    if (!text) throw new Error("the transcription is empty");
    return text;
  };
}

export type Transcriber = ReturnType<typeof createTranscriber>;
