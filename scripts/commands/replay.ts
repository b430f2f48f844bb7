/**
 * `npm run replay -- <client number | conversation id> [--remote] [--persist-to DIR] [--at ISO] [--json]`
 *
 * Prints what the Worker would send to the model next, the derived status and the summary
 * page's data, from local KV and R2 (the state `npm start` persisted) or, with --remote, the
 * deployed ones through wrangler's remote bindings. Calls no model and writes nothing.
 * Remote replay needs `wrangler login` (or CLOUDFLARE_API_TOKEN), a network, and
 * LINK_SIGNING_SECRET in the environment (secrets cannot be read back from Cloudflare) and
 * PUBLIC_BASE_URL, wrangler.toml's or the environment's: without them it refuses before
 * connecting, and a failed connection is one line.
 * Local replay builds links on the origin the last `npm start` ran its Worker on.
 */
import { parseArgs } from "node:util";
import { experimental_readRawConfig } from "wrangler";
import { loadConfig } from "../../src/config/settings";
import { describeProblems, settingProblems } from "../../src/config/setting-forms";
import { storageOf } from "../../src/storage/bucket";
import { DEFAULT_WORKER_PORT, localVars, readDevVars, readLocalSecrets, recordedWorkerUrl } from "../../playground/local-config";
import type { CliIo, Command } from "../cli";
import { replayReport, resolveTarget, type ReplayReport } from "../replay-report";
import { openStorageBindings } from "../storage-bindings";

const USAGE = "usage: npm run replay -- <client number | conversation id> [--remote] [--persist-to DIR] [--at ISO-TIME] [--json]";

function printReport(report: ReplayReport, io: CliIo): void {
  const section = (title: string, body: string) => io.stdout(`\n== ${title}\n${body}`);
  section("Client", report.client);
  section("Consultation", report.conversationId ? `id ${report.conversationId}\nsummary page ${report.summaryPageUrl}` : "none (never started, or reset)");
  section("Status", report.status ?? "no consultation");
  section("Stored data that could not be read", report.problems.length ? report.problems.map((p) => `${p.key}: ${p.reason}`).join("\n") : "none");
  section("Next model request (POST {OPENAI_BASE_URL}/chat/completions body)", JSON.stringify(JSON.parse(report.modelRequestBody), null, 2));
  section("Summary page data", report.summaryView ? JSON.stringify(report.summaryView, null, 2) : "none");
}

const OPTIONS = {
  remote: { type: "boolean", default: false },
  "persist-to": { type: "string", default: ".wrangler/state" },
  at: { type: "string" },
  json: { type: "boolean", default: false },
} as const;

/**
 * The arguments with every one that begins with a single "-" after a "--": a conversation id is
 * base64url and may begin with "-", and this command has no short options for it to be mistaken for.
 */
function targetsLast(argv: string[]): string[] {
  const options: string[] = [];
  const targets: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      targets.push(...argv.slice(i + 1));
      break;
    }
    if (/^-[^-]/.test(arg)) targets.push(arg);
    else if (OPTIONS[arg.slice(2) as keyof typeof OPTIONS]?.type === "string" && i + 1 < argv.length) options.push(arg, argv[++i]!);
    else options.push(arg);
  }
  return [...options, "--", ...targets];
}

export const replay: Command = async (argv, env, io) => {
  const { values, positionals } = parseArgs({ args: targetsLast(argv), allowPositionals: true, options: OPTIONS });
  const target = positionals[0];
  if (!target) {
    io.stderr(USAGE);
    return 2;
  }

  // PUBLIC_BASE_URL is a var: wrangler.toml's, unless the environment gives another (ADR 030.9).
  const configuredBaseUrl = String((experimental_readRawConfig({ config: "wrangler.toml" }).rawConfig.vars as Record<string, unknown> | undefined)?.PUBLIC_BASE_URL ?? "");
  const publicBaseUrl = env.PUBLIC_BASE_URL || configuredBaseUrl;
  if (values.remote) {
    const problems = settingProblems({ LINK_SIGNING_SECRET: env.LINK_SIGNING_SECRET, PUBLIC_BASE_URL: publicBaseUrl }, ["LINK_SIGNING_SECRET", "PUBLIC_BASE_URL"], ["LINK_SIGNING_SECRET", "PUBLIC_BASE_URL"]);
    if (problems.length) {
      io.stderr(`replay --remote needs the deployed Worker's LINK_SIGNING_SECRET in the environment (secrets cannot be read back from Cloudflare) and PUBLIC_BASE_URL in wrangler.toml or the environment: ${describeProblems(problems)}`);
      return 2;
    }
  }

  const persistDir = values["persist-to"]!;
  const now = values.at ? new Date(values.at) : new Date();
  const proxy = await (io.openBindings ?? openStorageBindings)("replay", values.remote!, persistDir, env);
  if ("failure" in proxy) {
    io.stderr(proxy.failure);
    return 1;
  }
  try {
    const workerUrl = recordedWorkerUrl(persistDir) ?? `http://127.0.0.1:${env.WORKER_PORT ?? DEFAULT_WORKER_PORT}`;
    const local = values.remote ? {} : localVars(readDevVars(env.DEV_VARS_FILE), workerUrl, readLocalSecrets(persistDir));
    const overrides = {
      ...(env.LINK_SIGNING_SECRET ? { LINK_SIGNING_SECRET: env.LINK_SIGNING_SECRET } : {}),
      ...(env.PUBLIC_BASE_URL ? { PUBLIC_BASE_URL: env.PUBLIC_BASE_URL } : {}),
    };
    const config = loadConfig({ ...proxy.env, ...local, ...overrides });
    const store = storageOf(proxy.env);
    const client = await resolveTarget(target, config, store);
    if (!client) throw new Error(`no client found for ${target} (a number like +5215512345678, or a live conversation id)`);
    const report = await replayReport({ config, store, client, now });
    if (values.json) io.stdout(JSON.stringify(report, null, 2));
    else printReport(report, io);
    return 0;
  } catch (error) {
    io.stderr(String(error instanceof Error ? error.message : error));
    return 1;
  } finally {
    await proxy.dispose();
  }
};
