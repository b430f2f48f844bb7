/**
 * The providers' own OpenAPI documents (../shared/provider-specs, read-only), turned into
 * validators for what a pact or a fixture says about a request or a response.
 *
 * Requests are checked in full: a pact request is the whole request our client sends.
 * Pact responses are checked as subsets: a pact lists only the fields our code reads (the
 * provider may send more), so `required` is not enforced and `oneOf` becomes `anyOf` (a
 * subset can fit several branches). Fixtures are whole responses and are checked in full.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { repoRoot } from "./pacts";

/** Where the documents are: PROVIDER_SPECS_DIR (CI writes them there with `npm run provider-documents`), else ../shared/provider-specs. */
export const PROVIDER_SPECS_DIR = path.resolve(repoRoot, process.env.PROVIDER_SPECS_DIR || "../shared/provider-specs");

/** PROVIDER_DOCUMENTS_REQUIRED=true: missing documents fail the check instead of skipping it (ADR 021.9). */
export const providerDocumentsRequired = () => process.env.PROVIDER_DOCUMENTS_REQUIRED === "true";

export const documentFiles = {
  openai: "openai.chat-audio-subset.json",
  /** The model object with its `shutdown_date`, which the doctor reads (ADR 021.3), and the Responses API ADR 026.3 compared. */
  "openai-models": "openai.responses-models-subset.json",
  twilio: "twilio_api_v2010.messaging-subset.json",
  "twilio-messaging": "twilio_messaging_v2.typing-subset.json",
  "twilio-content": "twilio_content_v1.approvals-subset.json",
} as const;

export type DocumentedProvider = keyof typeof documentFiles;

export const providerSpecsPresent = () => Object.values(documentFiles).every((file) => existsSync(path.join(PROVIDER_SPECS_DIR, file)));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Operation {
  template: string;
  pointer: string;
  operation: JsonObject;
  pathParams: Record<string, string>;
}

/** Formats the documents use that ajv-formats does not define; their values are not checked. */
const VENDOR_FORMATS = ["phone-number", "date-time-rfc-2822", "unixtime", "binary", "currency", "uri-map", "double", "float"];

const escapePointer = (token: string) => token.replace(/~/g, "~0").replace(/\//g, "~1");

/** OpenAPI's `nullable: true` (3.0, and still used inside OpenAI's 3.1 document) in JSON Schema terms. */
function withoutNullable(node: Json): Json {
  if (Array.isArray(node)) return node.map(withoutNullable);
  if (node === null || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) if (key !== "nullable") out[key] = withoutNullable(value);
  if (node.nullable !== true) return out;
  if (typeof out.type === "string") out.type = [out.type, "null"];
  else if (Array.isArray(out.type) && !out.type.includes("null")) out.type = [...out.type, "null"];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out.type || out.enum ? out : { anyOf: [out, { type: "null" }] };
}

/** The document as a pact response is checked against it: no `required`, `oneOf` read as `anyOf`. */
function asSubset(node: Json): Json {
  if (Array.isArray(node)) return node.map(asSubset);
  if (node === null || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "required" && Array.isArray(value)) continue;
    out[key === "oneOf" ? "anyOf" : key] = asSubset(value);
  }
  return out;
}

function newAjv(options: { coerceTypes?: "array" } = {}) {
  // strict: false because the documents carry vendor keywords (x-oaiMeta, x-twilio, example, ...).
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, ...options });
  addFormats(ajv);
  for (const format of VENDOR_FORMATS) ajv.addFormat(format, true);
  return ajv;
}

function problemsOf(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
}

export class ProviderDocument {
  readonly basePath: string;
  private readonly document: JsonObject;
  private readonly full = newAjv();
  private readonly subset = newAjv();
  /** Form and multipart values arrive as strings: coerce them to the declared types. */
  private readonly form = newAjv({ coerceTypes: "array" });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly provider: DocumentedProvider, document: JsonObject) {
    this.document = withoutNullable(document) as JsonObject;
    const server = ((this.document.servers as JsonObject[] | undefined)?.[0]?.url as string | undefined) ?? "/";
    this.basePath = new URL(server, "https://base.invalid").pathname.replace(/\/$/, "");
    this.full.addSchema(this.document as object, "doc");
    this.form.addSchema(this.document as object, "doc");
    this.subset.addSchema(asSubset(this.document) as object, "doc");
  }

  static load(provider: DocumentedProvider): ProviderDocument {
    const document = JSON.parse(readFileSync(path.join(PROVIDER_SPECS_DIR, documentFiles[provider]), "utf8")) as JsonObject;
    return new ProviderDocument(provider, document);
  }

  /** The operation a request path (as sent, base path included) and method name, with its path parameters. */
  operation(method: string, requestPath: string): Operation | undefined {
    if (!requestPath.startsWith(this.basePath)) return undefined;
    const relative = requestPath.slice(this.basePath.length);
    for (const [template, item] of Object.entries(this.document.paths as JsonObject)) {
      const names: string[] = [];
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_, name: string) => {
        names.push(name);
        return "([^/]+)";
      });
      const match = new RegExp(`^${pattern}$`).exec(relative);
      const operation = (item as JsonObject)[method.toLowerCase()];
      if (!match || !operation) continue;
      const pathParams = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
      return { template, pointer: `#/paths/${escapePointer(template)}/${method.toLowerCase()}`, operation: operation as JsonObject, pathParams };
    }
    return undefined;
  }

  /** Every path template that has an operation for `method` (for messages). */
  templatesFor(method: string): string[] {
    return Object.entries(this.document.paths as JsonObject)
      .filter(([, item]) => (item as JsonObject)[method.toLowerCase()])
      .map(([template]) => template);
  }

  resolve(node: Json | undefined): JsonObject | undefined {
    let current = node;
    for (let depth = 0; current && typeof current === "object" && !Array.isArray(current) && typeof current.$ref === "string"; depth++) {
      if (depth > 20) throw new Error("$ref cycle");
      current = (current.$ref as string)
        .replace(/^#\//, "")
        .split("/")
        .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce<Json | undefined>((at, token) => (at && typeof at === "object" && !Array.isArray(at) ? at[token] : undefined), this.document);
    }
    return current && typeof current === "object" && !Array.isArray(current) ? current : undefined;
  }

  /** Validates `value` against the schema at `pointer` (a JSON pointer into the document). */
  validate(pointer: string, value: unknown, mode: "full" | "subset" | "form"): string[] {
    const key = `${mode} ${pointer}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const fragment = pointer.slice(1).split("/").map(encodeURIComponent).join("/");
      validate = this[mode].compile({ $ref: `doc#${fragment}` });
      this.compiled.set(key, validate);
    }
    return problemsOf(validate, value);
  }

  /** Validates `value` against a schema of our own (for what the document leaves to prose). */
  validateSchema(schema: object, value: unknown): string[] {
    return problemsOf(this.full.compile(schema), value);
  }

  /** The document's default security requirements. */
  get security(): unknown {
    return this.document.security;
  }

  /** Top-level fields of `body` that the schema at `pointer` does not name (providers ignore or reject them). */
  undeclaredFields(pointer: string, body: Record<string, unknown>): string[] {
    const declared = new Set<string>();
    let open = false;
    const collect = (node: Json | undefined, depth: number) => {
      const schema = this.resolve(node);
      if (!schema || depth > 10) return;
      if (schema.properties && typeof schema.properties === "object") Object.keys(schema.properties).forEach((name) => declared.add(name));
      else if (!schema.allOf && !schema.anyOf && !schema.oneOf) open = true;
      if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) open = true;
      for (const keyword of ["allOf", "anyOf", "oneOf"]) for (const part of (schema[keyword] as Json[] | undefined) ?? []) collect(part, depth + 1);
    };
    collect({ $ref: pointer }, 0);
    return open ? [] : Object.keys(body).filter((name) => !declared.has(name));
  }
}
