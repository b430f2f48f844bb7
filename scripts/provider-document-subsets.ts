/**
 * The providers' published OpenAPI documents the contract check reads (ADR 008.2, ADR 021.9):
 * where each comes from (a repository and a pinned commit), which operations are cut out of it,
 * and the SHA-256 of the result, so that CI can rebuild exactly the documents the check was
 * written against, or fail.
 */
import { createHash } from "node:crypto";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface DocumentSource {
  /** The file name the contract check reads. */
  file: string;
  /** raw.githubusercontent.com URL of the whole upstream document at the pinned commit. */
  url: string;
  /** The path items kept, and in each the methods kept. */
  operations: Record<string, readonly string[]>;
  /** SHA-256 of the subset as canonical JSON (keys sorted, no spaces). */
  sha256: string;
}

const TWILIO_OAI = "https://raw.githubusercontent.com/twilio/twilio-oai/d50069b44ea8cd23141385bdb6db48f16ff75bb5/spec/json";
const OPENAI_OPENAPI = "https://raw.githubusercontent.com/openai/openai-openapi/f85dbe223d40e1a31cba812ab2d755c7e98a92a3";

export const DOCUMENT_SOURCES: readonly DocumentSource[] = [
  {
    file: "openai.chat-audio-subset.json",
    url: `${OPENAI_OPENAPI}/openapi.json`,
    operations: { "/chat/completions": ["post"], "/audio/transcriptions": ["post"] },
    sha256: "318ff412ec8958b9531cecbe7b699196f332c83e9bdf47863e9e849dc0c32e01",
  },
  {
    file: "openai.responses-models-subset.json",
    url: `${OPENAI_OPENAPI}/openapi.json`,
    operations: { "/responses": ["post"], "/models/{model}": ["get"] },
    sha256: "314c2f5c2124ade89228e9a8b436805bf8ae58861c37f813daa02d41607c7685",
  },
  {
    file: "twilio_api_v2010.messaging-subset.json",
    url: `${TWILIO_OAI}/twilio_api_v2010.json`,
    operations: {
      "/2010-04-01/Accounts/{AccountSid}/Messages.json": ["post"],
      "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json": ["delete", "get"],
      "/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json": ["delete", "get"],
    },
    sha256: "24c1de50feb085a0ea87183c0ce37c229796288755a0ba0c367d47adee9d7070",
  },
  {
    file: "twilio_messaging_v2.typing-subset.json",
    url: `${TWILIO_OAI}/twilio_messaging_v2.json`,
    operations: { "/v2/Indicators/Typing.json": ["post"] },
    sha256: "97ab232d40cd87ef39172aa9296075f32f07c04449d0b194475f3b9129cc1e08",
  },
  {
    file: "twilio_content_v1.approvals-subset.json",
    url: `${TWILIO_OAI}/twilio_content_v1.json`,
    operations: { "/v1/Content/{Sid}": ["get"], "/v1/Content/{Sid}/ApprovalRequests": ["get"] },
    sha256: "94dffad4baf924f9273344f3f10d0357288de836f3b71e196bec8438cda10101",
  },
];

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

function canonical(value: Json): Json {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key]!)]));
}

export const canonicalSha256 = (document: unknown) => createHash("sha256").update(JSON.stringify(canonical(document as Json))).digest("hex");

function refsIn(node: Json, found: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((item) => refsIn(item, found));
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string" && value.startsWith("#/components/")) found.add(value);
    else refsIn(value, found);
  }
}

const unescapePointer = (token: string) => token.replace(/~1/g, "/").replace(/~0/g, "~");

/**
 * The document with only the given operations in `paths` (each path item keeps its other
 * fields: servers, description, parameters), the components they reference transitively, and
 * every security scheme; everything else at the top level unchanged.
 */
export function subsetOf(document: JsonObject, operations: Record<string, readonly string[]>): JsonObject {
  const upstreamPaths = (document.paths ?? {}) as JsonObject;
  const paths: JsonObject = {};
  for (const [path, methods] of Object.entries(operations)) {
    const item = upstreamPaths[path] as JsonObject | undefined;
    if (!item) throw new Error(`the document has no path ${path}`);
    for (const method of methods) if (!item[method]) throw new Error(`the document has no ${method.toUpperCase()} ${path}`);
    paths[path] = Object.fromEntries(Object.entries(item).filter(([key]) => !METHODS.has(key) || methods.includes(key)));
  }

  const upstreamComponents = (document.components ?? {}) as Record<string, JsonObject>;
  const components: Record<string, JsonObject> = {};
  const pending = new Set<string>();
  refsIn(paths, pending);
  const seen = new Set<string>();
  while (pending.size) {
    const ref = pending.values().next().value!;
    pending.delete(ref);
    if (seen.has(ref)) continue;
    seen.add(ref);
    const [section, name] = ref.slice("#/components/".length).split("/").map(unescapePointer) as [string, string];
    const target = upstreamComponents[section]?.[name];
    if (target === undefined) throw new Error(`unresolved ${ref}`);
    (components[section] ??= {})[name] = target;
    refsIn(target, pending);
  }
  if (upstreamComponents.securitySchemes) components.securitySchemes = upstreamComponents.securitySchemes;

  const subset: JsonObject = {};
  for (const [key, value] of Object.entries(document)) {
    if (key === "paths") subset.paths = paths;
    else if (key === "components") subset.components = orderedLike(upstreamComponents, components);
    else subset[key] = value;
  }
  return subset;
}

/** The kept components in the upstream order of sections and names. */
function orderedLike(upstream: Record<string, JsonObject>, kept: Record<string, JsonObject>): JsonObject {
  const out: JsonObject = {};
  for (const [section, entries] of Object.entries(upstream)) {
    if (!kept[section]) continue;
    out[section] = Object.fromEntries(Object.keys(entries).filter((name) => name in kept[section]!).map((name) => [name, kept[section]![name]!]));
  }
  return out;
}
