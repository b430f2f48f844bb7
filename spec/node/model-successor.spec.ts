/**
 * ADR 026.1: the defaults are OpenAI's recommended replacements for the retiring models, written
 * the same in the code, wrangler.toml, docs/interface.md and the README; the old names stay
 * selectable through the settings.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/settings";
import { chatRequestFor } from "../../src/openai/model-families";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");

describe("the default models", () => {
  it("ADR-026.1 OPENAI_MODEL defaults to gpt-6-luna and OPENAI_TRANSCRIPTION_MODEL to gpt-transcribe, in the code, wrangler.toml, the interface and the README", () => {
    expect(loadConfig({}).openai).toMatchObject({ model: "gpt-6-luna", transcriptionModel: "gpt-transcribe" });
    expect(read("wrangler.toml")).toMatch(/^OPENAI_MODEL = "gpt-6-luna"$/m);
    expect(read("wrangler.toml")).toMatch(/^OPENAI_TRANSCRIPTION_MODEL = "gpt-transcribe"$/m);
    for (const doc of ["docs/interface.md", "README.md"]) {
      expect(read(doc)).toMatch(/^\| `OPENAI_MODEL` \| var \| `gpt-6-luna` \|/m);
      expect(read(doc)).toMatch(/^\| `OPENAI_TRANSCRIPTION_MODEL` \| var \| `gpt-transcribe` \|/m);
    }
  });

  it("ADR-026.1 gpt-4o-mini stays selectable: the setting reaches the request, shaped for its family", () => {
    const config = loadConfig({ OPENAI_MODEL: "gpt-4o-mini", OPENAI_TRANSCRIPTION_MODEL: "gpt-4o-mini-transcribe" });
    expect(config.openai).toMatchObject({ model: "gpt-4o-mini", transcriptionModel: "gpt-4o-mini-transcribe" });
    expect(chatRequestFor(config.openai.model, { messages: [{ role: "user", content: "hola" }], tools: [], maxCompletionTokens: 1000 })).toEqual({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hola" }],
      max_completion_tokens: 1000,
    });
  });
});
