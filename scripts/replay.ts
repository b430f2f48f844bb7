/**
 * `npm run replay -- <client number | conversation id> [--remote] [--persist-to DIR] [--at ISO] [--json]`
 *
 * Prints what the Worker would send to the model next, the derived status and the summary
 * page's data, from local KV and R2 (the state `npm start` persisted) or, with --remote, the
 * deployed ones through wrangler's remote bindings. Calls no model and writes nothing.
 * Remote replay needs `wrangler login`, and LINK_SIGNING_SECRET and PUBLIC_BASE_URL in the
 * environment (secrets cannot be read back from Cloudflare).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { getPlatformProxy } from "wrangler";
import { loadConfig } from "../src/config/settings";
import { storageOf } from "../src/storage/store";
import { DEFAULT_WORKER_PORT, localVars, readDevVars, readLocalSecrets } from "../playground/local-config";
import { remoteConfigText } from "./remote-config";
import { replayReport, resolveTarget, type ReplayReport } from "./replay-report";

async function openBindings(remote: boolean, persistDir: string) {
  process.env.WRANGLER_SEND_METRICS ??= "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  // The report is the only thing on stdout (--json is parsed by tools): wrangler speaks only of errors.
  process.env.WRANGLER_LOG ??= "error";
  if (!remote) {
    return getPlatformProxy<Env>({ configPath: "wrangler.toml", persist: { path: join(persistDir, "v3") }, remoteBindings: false });
  }
  const dir = mkdtempSync(join(tmpdir(), "replay-remote-"));
  const configPath = join(dir, "wrangler.toml");
  writeFileSync(configPath, remoteConfigText(readFileSync("wrangler.toml", "utf8"), resolve("src/index.ts")));
  const proxy = await getPlatformProxy<Env>({ configPath, remoteBindings: true });
  return { ...proxy, dispose: () => proxy.dispose().finally(() => rmSync(dir, { recursive: true, force: true })) };
}

function printReport(report: ReplayReport): void {
  const section = (title: string, body: string) => console.log(`\n== ${title}\n${body}`);
  section("Client", report.client);
  section("Consultation", report.conversationId ? `id ${report.conversationId}\nsummary page ${report.summaryPageUrl}` : "none (never started, or reset)");
  section("Status", report.status ?? "no consultation");
  section("Stored data that could not be read", report.problems.length ? report.problems.map((p) => `${p.key}: ${p.reason}`).join("\n") : "none");
  section("Next model request (POST {OPENAI_BASE_URL}/chat/completions body)", JSON.stringify(JSON.parse(report.modelRequestBody), null, 2));
  section("Summary page data", report.summaryView ? JSON.stringify(report.summaryView, null, 2) : "none");
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string", default: ".wrangler/state" },
    at: { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const target = positionals[0];
if (!target) {
  console.error("usage: npm run replay -- <client number | conversation id> [--remote] [--persist-to DIR] [--at ISO-TIME] [--json]");
  process.exit(2);
}

const persistDir = values["persist-to"]!;
const now = values.at ? new Date(values.at) : new Date();
const proxy = await openBindings(values.remote!, persistDir);
try {
  const workerUrl = `http://127.0.0.1:${process.env.WORKER_PORT ?? DEFAULT_WORKER_PORT}`;
  const local = values.remote ? {} : localVars(readDevVars(process.env.DEV_VARS_FILE), workerUrl, readLocalSecrets(persistDir));
  const overrides = Object.fromEntries(
    ["LINK_SIGNING_SECRET", "PUBLIC_BASE_URL"].flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])),
  );
  const config = loadConfig({ ...proxy.env, ...local, ...overrides });
  const store = storageOf(proxy.env);
  const client = await resolveTarget(target, config, store);
  if (!client) throw new Error(`no client found for ${target} (a number like +5215512345678, or a live conversation id)`);
  const report = await replayReport({ config, store, client, now });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printReport(report);
} catch (error) {
  console.error(String(error instanceof Error ? error.message : error));
  process.exitCode = 1;
} finally {
  await proxy.dispose();
}
