/**
 * ADR 008: a voice note as our transcriber sends it (multipart: the model, then the audio file
 * named with its extension) and the text it reads back, pinned against Pact's mock OpenAI.
 */
import { MatchersV3 } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { createTranscriber } from "../../src/openai/transcribe";
import { OPENAI, pactBetween, WORKER } from "../support/pacts";
import { OPENAI_API_KEY, oneAttempt } from "../support/parties";

const { like, regex } = MatchersV3;

const MODEL = "gpt-transcribe";
// Pact's FFI passes bodies as C strings: the stand-in audio must not contain a NUL byte.
const AUDIO = "OggS-opus-voice-note";
const BOUNDARY = "pact-multipart-boundary";
const multipartBody = [
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="model"',
  "",
  MODEL,
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="file"; filename="voice-note.ogg"',
  "Content-Type: audio/ogg",
  "",
  AUDIO,
  `--${BOUNDARY}--`,
  "",
].join("\r\n");

const provider = pactBetween(WORKER, OPENAI);

describe("OpenAI audio transcriptions, as our transcriber uses them", () => {
  it("ADR-008.1 a voice note goes as multipart model and file, and the transcript's text is read", async () => {
    provider
      .given("the model transcribes audio")
      .uponReceiving("a transcription of a WhatsApp voice note")
      .withRequest({
        method: "POST",
        path: "/v1/audio/transcriptions",
        headers: {
          Authorization: regex("^Bearer \\S+$", `Bearer ${OPENAI_API_KEY}`),
          // The SDK picks a fresh boundary per request; the body's parts are compared, not its bytes.
          "Content-Type": regex("^multipart/form-data; boundary=\\S+$", `multipart/form-data; boundary=${BOUNDARY}`),
        },
        contentType: "multipart/form-data",
        body: multipartBody,
      })
      .willRespondWith({
        status: 200,
        headers: { "Content-Type": regex("^application/json(;.*)?$", "application/json") },
        body: { text: like("Lavo mi cabello dos veces por semana con champú sin sulfatos.") },
      });
    await provider.executeTest(async (server) => {
      const transcribe = createTranscriber({ apiKey: OPENAI_API_KEY, baseURL: `${server.url}/v1`, model: MODEL, fetch });
      const text = await transcribe({ bytes: new TextEncoder().encode(AUDIO), contentType: "audio/ogg", filename: "voice-note.ogg" }, oneAttempt());
      expect(text).toBe("Lavo mi cabello dos veces por semana con champú sin sulfatos.");
    });
  });
});
