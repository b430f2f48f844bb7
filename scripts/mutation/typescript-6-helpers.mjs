/**
 * The part of TypeScript 6's JavaScript API that Stryker 10.1 still calls (see typescript-7.mjs):
 * reading a tsconfig file, which is JSON with comments and trailing commas.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const { version } = createRequire(import.meta.url)("typescript/package.json");

/** JSON with comments and trailing commas, as tsconfig files allow, to plain JSON (strings left alone). */
function withoutComments(text) {
  return text
    .replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, string) => string ?? "")
    .replace(/("(?:\\.|[^"\\])*")|,(\s*[}\]])/g, (match, string, closing) => string ?? closing);
}

export default {
  version,
  versionMajorMinor: version.split(".").slice(0, 2).join("."),
  sys: {
    readFile(path) {
      try {
        return readFileSync(path, "utf8");
      } catch {
        return undefined;
      }
    },
  },
  parseConfigFileTextToJson(fileName, text) {
    try {
      return { config: JSON.parse(withoutComments(text)) };
    } catch (error) {
      return { error: { messageText: `${fileName}: ${error instanceof Error ? error.message : String(error)}`, category: 1, code: 5083 } };
    }
  },
  resolveProjectReferencePath(reference) {
    return reference.path.endsWith(".json") ? reference.path : resolve(reference.path, "tsconfig.json");
  },
};
