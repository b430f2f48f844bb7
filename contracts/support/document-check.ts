/**
 * What the providers' documents say about one interaction (a pact's, or a fixture's response):
 * the list of everything they do not allow, empty when the interaction is allowed.
 */
import type { PactInteraction, PactRequest, PactResponse } from "./pacts";
import { headerOf } from "./pacts";
import type { DocumentedProvider, ProviderDocument } from "./provider-documents";

type Json = Record<string, unknown>;

const essence = (contentType: string | undefined) => (contentType ?? "").split(";")[0]!.trim().toLowerCase();
const escapePointer = (token: string) => token.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * Twilio's document has no error schema; its REST errors are documented in prose
 * (https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions).
 */
export const TWILIO_ERROR_SCHEMA = {
  type: "object",
  properties: { code: { type: "integer" }, message: { type: "string" }, more_info: { type: "string", format: "uri" }, status: { type: "integer" } },
  required: ["code", "message"],
};

/** Error statuses an operation does not list are still bodies the provider documents elsewhere. */
const errorBodies: Record<DocumentedProvider, { pointer: string } | { schema: object }> = {
  // OpenAI documents 429 only; every other error carries the same ErrorResponse.
  openai: { pointer: "#/components/schemas/ErrorResponse" },
  "openai-models": { pointer: "#/components/schemas/ErrorResponse" },
  twilio: { schema: TWILIO_ERROR_SCHEMA },
  "twilio-messaging": { schema: TWILIO_ERROR_SCHEMA },
  "twilio-content": { schema: TWILIO_ERROR_SCHEMA },
};

/**
 * Interactions no operation in the documents describes, each with why and with the rules that
 * replace the document's. An exemption no interaction uses any more fails the check.
 */
export interface Exemption {
  provider: DocumentedProvider;
  method: string;
  path: RegExp;
  why: string;
  check(request: PactRequest, response: PactResponse): string[];
}

export const exemptions: Exemption[] = [
  {
    provider: "twilio",
    method: "GET",
    path: /^\/2010-04-01\/Accounts\/AC[0-9a-fA-F]{32}\/Messages\/MM[0-9a-fA-F]{32}\/Media\/ME[0-9a-fA-F]{32}$/,
    why: "the media file itself (a webhook's MediaUrlN, without .json): Twilio documents it in prose only, as a redirect to its CDN (https://www.twilio.com/docs/messaging/api/media-resource)",
    check(request, response) {
      const problems: string[] = [];
      if (!/^Basic /.test(headerOf(request, "authorization") ?? "")) problems.push("the media URL needs the account's Basic auth");
      const redirect = [301, 302, 303, 307, 308].includes(response.status);
      if (!redirect && response.status !== 200) problems.push(`status ${response.status}: Twilio answers a media URL with a redirect or the file`);
      if (redirect && !/^https?:\/\//.test(headerOf(response, "location") ?? "")) problems.push("a redirect needs an absolute Location");
      return problems;
    },
  },
  {
    provider: "twilio",
    method: "GET",
    path: /^\/media\.twiliocdn\.com\//,
    why: "the CDN location Twilio redirects a media URL to: not part of Twilio's API, short-lived, and it rejects credentials",
    check(request, response) {
      const problems: string[] = [];
      if (headerOf(request, "authorization")) problems.push("the CDN location must be requested without credentials");
      if (response.status !== 200) problems.push(`status ${response.status}: the CDN answers with the file`);
      if (!/^(image|audio|video|application)\//.test(essence(headerOf(response, "content-type")))) problems.push("the CDN answers with a media content type");
      return problems;
    },
  },
];

export const exemptionFor = (provider: DocumentedProvider, request: PactRequest) =>
  exemptions.find((e) => e.provider === provider && e.method === request.method.toUpperCase() && e.path.test(request.path));

function parseForm(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const previous = fields[name];
    fields[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return fields;
}

async function parseMultipart(body: string, contentType: string): Promise<Record<string, string>> {
  const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  return Object.fromEntries([...form].map(([name, value]) => [name, typeof value === "string" ? value : `(file ${value.name})`]));
}

/** Everything in `request` that `document` does not allow (path, method, security, content type, body). */
export async function requestProblems(document: ProviderDocument, request: PactRequest): Promise<string[]> {
  const operation = document.operation(request.method, request.path);
  if (!operation) {
    return [`${request.method} ${request.path}: no such operation (${request.method} is documented for ${document.templatesFor(request.method).join(", ") || "nothing"})`];
  }
  const problems: string[] = [];
  const item = document.resolve({ $ref: `#/paths/${escapePointer(operation.template)}` }) ?? {};
  const parameters = [
    ...((item.parameters as unknown[]) ?? []).map((p, i) => [p, `#/paths/${escapePointer(operation.template)}/parameters/${i}`] as const),
    ...((operation.operation.parameters as unknown[]) ?? []).map((p, i) => [p, `${operation.pointer}/parameters/${i}`] as const),
  ];
  for (const [parameter, pointer] of parameters) {
    const resolved = document.resolve(parameter as never) as Json | undefined;
    if (resolved?.in !== "path") continue;
    const base = (parameter as Json).$ref ? String((parameter as Json).$ref) : pointer;
    const value = operation.pathParams[String(resolved.name)];
    for (const problem of document.validate(`${base}/schema`, value, "form")) problems.push(`path parameter ${String(resolved.name)}: ${problem}`);
  }

  const security = operation.operation.security ?? document.security;
  const requirements = (Array.isArray(security) ? security : []) as Array<Record<string, unknown>>;
  if (requirements.length) {
    const authorization = headerOf(request, "authorization") ?? "";
    const satisfied = requirements.some((requirement) =>
      Object.keys(requirement).every((name) => {
        const scheme = document.resolve({ $ref: `#/components/securitySchemes/${escapePointer(name)}` } as never) as Json | undefined;
        return scheme?.type === "http" && authorization.toLowerCase().startsWith(`${String(scheme.scheme).toLowerCase()} `);
      }),
    );
    if (!satisfied) problems.push(`Authorization does not satisfy the documented security (${requirements.map((r) => Object.keys(r).join("+")).join(" or ")})`);
  }

  const requestBody = document.resolve(operation.operation.requestBody as never) as Json | undefined;
  if (request.body === undefined || request.body === null || request.body === "") {
    if (requestBody?.required) problems.push("the document requires a request body");
    return problems;
  }
  if (!requestBody) return [...problems, "the operation takes no request body"];
  const contentType = headerOf(request, "content-type");
  const media = essence(contentType);
  const content = (requestBody.content ?? {}) as Json;
  if (!(media in content)) return [...problems, `request content type ${media || "(none)"} is not one of ${Object.keys(content).join(", ")}`];
  const bodyBase = (operation.operation.requestBody as Json).$ref ? String((operation.operation.requestBody as Json).$ref) : `${operation.pointer}/requestBody`;
  const pointer = `${bodyBase}/content/${escapePointer(media)}/schema`;
  let body: Record<string, unknown>;
  let mode: "full" | "form" = "form";
  if (media === "application/x-www-form-urlencoded") body = parseForm(String(request.body));
  else if (media === "multipart/form-data") body = await parseMultipart(String(request.body), contentType ?? media);
  else {
    body = request.body as Record<string, unknown>;
    mode = "full";
  }
  for (const problem of document.validate(pointer, body, mode)) problems.push(`request body ${problem}`);
  for (const field of document.undeclaredFields(pointer, body)) problems.push(`request body field ${field} is not in the document`);
  return problems;
}

/**
 * Everything in `response` that `document` does not allow for `request`'s operation. `subset`
 * for pact responses (only what our code reads), `full` for recorded fixtures.
 */
export function responseProblems(document: ProviderDocument, request: Pick<PactRequest, "method" | "path">, response: PactResponse, mode: "subset" | "full"): string[] {
  const operation = document.operation(request.method, request.path);
  if (!operation) return [`${request.method} ${request.path}: no such operation`];
  const responses = (operation.operation.responses ?? {}) as Json;
  const status = String(response.status);
  const key = [status, `${status[0]}XX`, "default"].find((k) => k in responses);
  const media = essence(headerOf(response, "content-type"));
  const hasBody = response.body !== undefined && response.body !== null && response.body !== "";

  if (!key) {
    if (response.status < 400) return [`status ${status} is not documented (documented: ${Object.keys(responses).join(", ")})`];
    if (hasBody && media !== "application/json") return [`error content type ${media || "(none)"} is not application/json`];
    if (!hasBody) return [];
    const rule = errorBodies[document.provider];
    const problems = "pointer" in rule ? document.validate(rule.pointer, response.body, mode) : document.validateSchema(rule.schema, response.body);
    return problems.map((p) => `error body ${p}`);
  }

  const declared = (responses[key] as Json).$ref ? String((responses[key] as Json).$ref) : `${operation.pointer}/responses/${escapePointer(key)}`;
  const documented = document.resolve({ $ref: declared } as never) ?? {};
  const problems: string[] = [];
  for (const name of Object.keys((documented.headers ?? {}) as Json)) {
    const value = headerOf(response, name);
    if (value === undefined) continue;
    for (const problem of document.validate(`${declared}/headers/${escapePointer(name)}/schema`, value, "form")) problems.push(`header ${name} ${problem}`);
  }
  if (!hasBody) return problems;
  const content = (documented.content ?? {}) as Json;
  if (!(media in content)) return [...problems, `response content type ${media || "(none)"} is not one of ${Object.keys(content).join(", ") || "(no content)"}`];
  if (media !== "application/json") return problems;
  for (const problem of document.validate(`${declared}/content/${escapePointer(media)}/schema`, response.body, mode)) problems.push(`response body ${problem}`);
  return problems;
}

/** Everything the documents do not allow in one pact interaction. */
export async function interactionProblems(document: ProviderDocument, interaction: PactInteraction): Promise<string[]> {
  const exemption = exemptionFor(document.provider, interaction.request);
  if (exemption) return exemption.check(interaction.request, interaction.response);
  const problems = await requestProblems(document, interaction.request);
  if (document.operation(interaction.request.method, interaction.request.path)) {
    problems.push(...responseProblems(document, interaction.request, interaction.response, "subset"));
  }
  return problems;
}
