/**
 * ADR 001.5 and ADR 015.2: docs/interface.md and the README's tables name every route the Worker
 * registers, every setting it can be given and every binding. The routes are read from the Hono
 * apps in src/ (every file, wherever it lives), the settings from wrangler.toml's `[vars]` and
 * `[secrets]` and from every `env.NAME` the source reads, so that a route or setting added
 * anywhere fails this spec until both documents list it. Entries the documents mark *(planned)*
 * are part of the interface not served yet: once the code has one, its mark must go. Each route's
 * status codes are read from its handler and the middleware it runs, and each must be in that
 * route's section of docs/interface.md (its 4xx in the README's row too); the receipt statuses
 * recorded are the ones docs/interface.md lists.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MESSAGE_STATUSES } from "../../src/reply/delivery-receipt";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");

/** Every .ts and .tsx file under src/, with its text. */
function sourceFiles(): Array<{ path: string; text: string }> {
  return readdirSync(join(root, "src"), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .map((path) => ({ path, text: readFileSync(path, "utf8") }));
}

const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");

/** `METHOD /path` for every route registered on a Hono app (`const x = new Hono(...)`, then `x.get("/path", ...)`). */
function routesIn(source: string): string[] {
  const code = withoutComments(source);
  const apps = [...code.matchAll(/\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*new\s+Hono\b/g)].map((m) => m[1]!);
  return apps.flatMap((app) =>
    [...code.matchAll(new RegExp(`(?<![\\w$.])${app.replace(/\$/g, "\\$")}\\s*\\.(get|post|put|patch|delete|all)\\(\\s*(["'\`])(/[^"'\`]*)\\2`, "g"))].map(
      (m) => `${m[1]!.toUpperCase()} ${m[3]!}`,
    ),
  );
}

/** UPPER_SNAKE names read from env: `env.NAME`, `env?.NAME`, `env["NAME"]`. */
function envNamesIn(source: string): string[] {
  const code = withoutComments(source);
  return [...code.matchAll(/\benv(?:\??\.|\??\.?\[\s*["'])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{2,})\b/g)].map((m) => m[1]!);
}

/** The keys of `[vars]`, the names in `[secrets]`'s `required`, and the bindings of a wrangler.toml. */
function wranglerNames(toml: string): { vars: string[]; secrets: string[]; bindings: string[] } {
  const tables = new Map<string, string>();
  for (const part of toml.split(/^(?=\[)/m)) {
    const header = /^\[\[?([^\]]+)\]\]?/.exec(part)?.[1]?.trim();
    if (header) tables.set(header, (tables.get(header) ?? "") + part);
  }
  const vars = [...(tables.get("vars") ?? "").matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*=/gm)].map((m) => m[1]!);
  const required = /required\s*=\s*\[([^\]]*)\]/.exec(tables.get("secrets") ?? "")?.[1] ?? "";
  const secrets = [...required.matchAll(/["']([A-Z][A-Z0-9_]*)["']/g)].map((m) => m[1]!);
  const bindings = [...toml.matchAll(/^\s*binding\s*=\s*["']([A-Z][A-Z0-9_]*)["']/gm)].map((m) => m[1]!);
  return { vars, secrets, bindings };
}

/** The text of a markdown section, from its heading to the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const start = markdown.search(new RegExp(`^(#+) +${heading}\\s*$`, "m"));
  if (start === -1) return "";
  const level = /^#+/.exec(markdown.slice(start))![0].length;
  const rest = markdown.slice(start).split("\n").slice(1).join("\n");
  const end = rest.search(new RegExp(`^#{1,${level}} `, "m"));
  return end === -1 ? rest : rest.slice(0, end);
}

/** Where each middleware a route may run is defined, and the function that answers for it. */
const MIDDLEWARE: Record<string, { file: string; fn: string }> = {
  configured: { file: "src/config/settings.ts", fn: "configured" },
  twilioForm: { file: "src/twilio/webhook-form.ts", fn: "twilioWebhookForm" },
};

/** The status codes a piece of code answers with: `c.json(…, 403)`, `c.html(…, 404)`, `c.body(…, 200, …)`. */
function statusesIn(code: string): number[] {
  return [...withoutComments(code).matchAll(/\bc\.(?:json|html|body|text)\((?:[^()]|\([^()]*(?:\([^()]*\))*[^()]*\))*?,\s*(\d{3})\b/g)].map((m) => Number(m[1]));
}

/** The text of a top-level `function name(` in a source, up to the next top-level declaration. */
function functionText(source: string, name: string): string {
  const start = source.search(new RegExp(`^export (?:async )?function ${name}\\b`, "m"));
  if (start === -1) throw new Error(`no function ${name}`);
  const rest = source.slice(start + 1);
  const end = rest.search(/^(?:export |const |function |async function )/m);
  return end === -1 ? rest : rest.slice(0, end);
}

/**
 * Each route of src/index.ts with the status codes it can answer: those of its handler, of the
 * middleware it runs, and 200 (a handler that answers without a code answers 200).
 */
function routeStatuses(source: string): Map<string, number[]> {
  const code = withoutComments(source);
  const starts = code.matchAll(/\bapp\.(get|post)\(\s*"([^"]+)"/g);
  const result = new Map<string, number[]>();
  for (const match of starts) {
    const body = callAt(code, match.index + match[0].indexOf("("));
    const fromMiddleware = Object.entries(MIDDLEWARE)
      .filter(([name]) => new RegExp(`\\b${name}\\b`).test(body))
      .flatMap(([, { file, fn }]) => statusesIn(functionText(read(file), fn)));
    result.set(`${match[1]!.toUpperCase()} ${match[2]!}`, [...new Set([200, ...statusesIn(body), ...fromMiddleware])].sort());
  }
  return result;
}

/**
 * The console's routes (ADR 028), each with the codes of its Access middleware, 200, its 303 when
 * it redirects, and the codes of its handler and of the file's helpers it calls (`const name =`),
 * followed call by call.
 */
function consoleRouteStatuses(): Array<[string, number[]]> {
  const file = "src/console/console-routes.ts";
  const code = withoutComments(read(file));
  const access = statusesIn(functionText(read("src/console/access.ts"), "accessAuth"));
  const helpers = new Map([...code.matchAll(/^ {2}const (\w+) = /gm)].map((m) => [m[1]!, code.slice(m.index, code.indexOf("\n  };", m.index))]));
  const reached = (text: string, seen = new Set<string>()): string[] =>
    [...helpers].filter(([name]) => !seen.has(name) && new RegExp(`\\b${name}\\(`).test(text)).flatMap(([name, body]) => [body, ...reached(body, seen.add(name))]);
  return [...code.matchAll(/\bapp\.(get|post)\(\s*"([^"]+)"/g)].map((match) => {
    const body = callAt(code, match.index + match[0].indexOf("("));
    const texts = [body, ...reached(body)];
    const redirects = texts.some((text) => /c\.redirect\([^;]*303\)/.test(text)) ? [303] : [];
    return [`${match[1]!.toUpperCase()} ${match[2]!}`, [...new Set([200, ...redirects, ...access, ...texts.flatMap(statusesIn)])].sort()];
  });
}

/** The text of a call from its opening parenthesis to the one that closes it (strings skipped). */
function callAt(code: string, open: number): string {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const char = code[i]!;
    if (char === '"' || char === "'" || char === "`") {
      for (i++; i < code.length && code[i] !== char; i++) if (code[i] === "\\") i++;
    } else if (char === "(") depth++;
    else if (char === ")" && --depth === 0) return code.slice(open, i + 1);
  }
  throw new Error("unbalanced call");
}

const sources = sourceFiles();
const wrangler = wranglerNames(read("wrangler.toml"));
const routes = [...new Set(sources.flatMap((file) => routesIn(file.text)))].sort();
const settings = [...new Set([...wrangler.vars, ...wrangler.secrets, ...sources.flatMap((file) => envNamesIn(file.text))])]
  .filter((name) => !wrangler.bindings.includes(name))
  .sort();
const interfaceDoc = read("docs/interface.md");
/** The mark of what is part of the interface but not served yet. */
const PLANNED = "*(planned)*";
const readme = read("README.md");

describe("the interface document", () => {
  it("ADR-001.5 every route the Worker registers is in docs/interface.md and the README's route table, not marked planned", () => {
    expect(routes).toEqual(expect.arrayContaining(["GET /health", "POST /whatsapp/incoming"]));
    const readmeRoutes = section(readme, "Routes");
    expect(readmeRoutes).not.toBe("");
    expect(routes.filter((route) => !interfaceDoc.includes(`\`${route}\``))).toEqual([]);
    expect(routes.filter((route) => !readmeRoutes.includes(`\`${route}\``))).toEqual([]);
    expect(routes.filter((route) => interfaceDoc.includes(`\`${route}\` ${PLANNED}`) || readmeRoutes.includes(`\`${route}\` ${PLANNED}`))).toEqual([]);
  });

  it("ADR-001.5 every status code a route can answer is in its section of docs/interface.md, and its 4xx in the README's row", () => {
    const statuses = new Map([...routeStatuses(read("src/index.ts")), ...consoleRouteStatuses()]);
    expect([...statuses.keys()].sort()).toEqual(routes);
    expect(statuses.get("POST /whatsapp/incoming")).toEqual([200, 400, 403, 413, 415, 503]); // the readers see the middleware
    const interfaceSection = (route: string) => {
      const start = interfaceDoc.search(new RegExp(`^### .*\`${route.replace(/[/?]/g, "\\$&")}\``, "m"));
      return start === -1 ? "" : interfaceDoc.slice(start).split(/\n(?=#{1,3} )/)[0]!;
    };
    const readmeRow = (route: string) => section(readme, "Routes").split("\n").find((line) => line.startsWith(`| \`${route}\` |`)) ?? "";
    const missing = [...statuses].flatMap(([route, codes]) => [
      ...codes.filter((code) => !new RegExp(`\\b${code}\\b`).test(interfaceSection(route))).map((code) => `docs/interface.md ${route} ${code}`),
      ...codes.filter((code) => code >= 400 && code < 500 && !new RegExp(`\\b${code}\\b`).test(readmeRow(route))).map((code) => `README ${route} ${code}`),
    ]);
    expect(missing).toEqual([]);
  });

  it("ADR-001.5 the delivery receipt statuses recorded are exactly those docs/interface.md lists", () => {
    const listed = /`MessageStatus` \(([^)]*)\)/.exec(section(interfaceDoc, "`POST /whatsapp/status`"))?.[1] ?? "";
    expect([...listed.matchAll(/`([a-z]+)`/g)].map((m) => m[1]).sort()).toEqual([...MESSAGE_STATUSES].sort());
  });

  it("ADR-001.5 every binding in wrangler.toml is in docs/interface.md and the README", () => {
    expect(wrangler.bindings).toEqual(expect.arrayContaining(["CHAT_HISTORY", "MEDIA_BUCKET"]));
    expect(wrangler.bindings.filter((name) => !interfaceDoc.includes(`\`${name}\``))).toEqual([]);
    expect(wrangler.bindings.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });

  it("ADR-015.2 every setting in wrangler.toml or read from env is a row of docs/interface.md's and the README's settings tables, not marked planned", () => {
    expect(settings).toEqual(expect.arrayContaining(["OPENAI_API_KEY", "LINK_SIGNING_SECRET", "PUBLIC_BASE_URL"]));
    const row = (name: string) => new RegExp(`^\\| \`${name}\` \\|`, "m"); // a setting the Worker reads is not marked planned
    const documented = section(interfaceDoc, "Settings");
    const readmeSettings = section(readme, "Configuration");
    expect(settings.filter((name) => !row(name).test(documented))).toEqual([]);
    expect(settings.filter((name) => !row(name).test(readmeSettings))).toEqual([]);
  });

  it("ADR-015.2 secrets are documented as secrets, and given no value in wrangler.toml", () => {
    expect(wrangler.secrets.length).toBeGreaterThan(0);
    for (const name of wrangler.secrets) {
      expect(section(interfaceDoc, "Settings")).toMatch(new RegExp(`^\\| \`${name}\` \\| secret \\|`, "m"));
      expect(wrangler.vars).not.toContain(name);
    }
  });

  it("ADR-015.2 the readers find routes, env names and wrangler names wherever they are written", () => {
    const app = 'import { Hono } from "hono";\nconst api = new Hono<App>();\n// api.get("/commented", h);\napi.get("/health", h);\napi\n  .post(`/whatsapp/status`, h);\nheaders.get("/not-a-route");\n';
    expect(routesIn(app)).toEqual(["GET /health", "POST /whatsapp/status"]);
    expect(routesIn('const app = new Hono();\napp.post(\n  "/whatsapp/status",\n  verify(),\n);')).toEqual(["POST /whatsapp/status"]);
    expect(envNamesIn("text(env.OPENAI_MODEL, 'x'); c.env.CHAT_HISTORY; env?.NEW_SETTING; env[\"QUOTED_NAME\"]; // env.IN_COMMENT")).toEqual([
      "OPENAI_MODEL",
      "CHAT_HISTORY",
      "NEW_SETTING",
      "QUOTED_NAME",
    ]);
    const toml = '[secrets]\nrequired = ["A_SECRET", "B_SECRET"]\n\n[vars]\nSOME_VAR = ""\nOTHER_VAR = "x"\n\n[[r2_buckets]]\nbinding = "BUCKET"\nbucket_name = "b"\n';
    expect(wranglerNames(toml)).toEqual({ vars: ["SOME_VAR", "OTHER_VAR"], secrets: ["A_SECRET", "B_SECRET"], bindings: ["BUCKET"] });
  });
});
