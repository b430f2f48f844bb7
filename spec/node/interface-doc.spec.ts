/**
 * ADR 001.5 and ADR 015.2: docs/interface.md and the README's tables name every route the Worker
 * registers, every setting it can be given and every binding. The routes are read from the Hono
 * apps in src/ (every file, wherever it lives), the settings from wrangler.toml's `[vars]` and
 * `[secrets]` and from every `env.NAME` the source reads, so that a route or setting added
 * anywhere fails this spec until both documents list it. Entries the documents mark *(planned)*
 * are part of the interface not served yet: once the code has one, its mark must go.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

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
