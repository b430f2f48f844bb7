/**
 * An eval run (ADR 027.1, 027.5, 027.6): the real Worker in workerd with local KV and R2, the
 * Twilio stand-in recording every send, and the eval gateway as its OpenAI. Each model holds k
 * waves; in a wave every persona holds one whole consultation, a few side by side, each from its
 * own number. Every transcript is measured; a failed one is saved with its outbound calls, and the
 * local state stays readable by `npm run replay`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../playground/launch";
import { localSecrets, recordWorkerUrl, workerVars } from "../playground/local-config";
import { offlineConsultant } from "../playground/offline-consultant";
import { startLocalWorker } from "../scripts/local-worker";
import { startStandIns, type ChatResponder } from "../scripts/stand-ins";
import { converse, type ConversationTiming, type Transcript } from "./conversation";
import { createGateway, type LiveEndpoint, type ModelCall } from "./gateway";
import { evaluate, passed, thresholds as defaultThresholds, type MetricResult, type Thresholds } from "./metrics";
import type { Persona } from "./personas";
import { listPrices, REFERENCE_MODEL, type Price } from "./prices";

export const OFFLINE_MODEL = "offline consultant";

/**
 * Consultations held at once. All thirteen at once starved the stand-ins and the Worker on a
 * loaded two-core machine (answers past the model's deadline); four at once kept every answer
 * well inside it.
 */
const CONCURRENCY = 4;

export interface EvalOptions {
  personas: readonly Persona[];
  /** Consultations held at once (default CONCURRENCY). */
  concurrency?: number;
  tier: "offline" | "live";
  /** Live: the models under test, side by side; offline: the offline consultant. */
  models?: readonly string[];
  k?: number;
  /** Offline: who answers for each persona (the offline consultant unless a spec breaks one). */
  consultantFor?: (personaId: string | null) => ChatResponder;
  live?: LiveEndpoint;
  prices?: Record<string, Price>;
  /** Where the local state and the failed conversations go. */
  evidenceDir: string;
  thresholds?: Thresholds;
  timing?: Partial<ConversationTiming>;
  log?: (line: string) => void;
}

export interface RunResult {
  persona: Persona;
  model: string;
  run: number;
  transcript: Transcript;
  calls: ModelCall[];
  metrics: MetricResult[];
  passed: boolean;
  /** The folder of a failed conversation's evidence. */
  evidence?: string;
}

export interface EvalRun {
  tier: "offline" | "live";
  models: string[];
  k: number;
  personas: readonly Persona[];
  results: RunResult[];
  thresholds: Thresholds;
  /** The model whose list price a model's tokens are costed at, and that price. */
  pricing: Record<string, { model: string; price: Price | undefined }>;
  stateDir: string;
  evidenceDir: string;
  wallMs: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

function saveEvidence(dir: string, result: Omit<RunResult, "evidence" | "passed">, sent: unknown[], stateDir: string): string {
  const folder = join(dir, "failed", result.model.replace(/[^\w.-]+/g, "-"), `${result.persona.id}-run${result.run}`);
  mkdirSync(folder, { recursive: true });
  const write = (name: string, value: unknown) => writeFileSync(join(folder, name), `${JSON.stringify(value, null, 2)}\n`);
  write("transcript.json", { persona: result.persona.id, model: result.model, run: result.run, number: result.transcript.number, failed: result.metrics.filter((m) => m.status === "fail"), transcript: result.transcript });
  write("outbound.json", { twilioMessagesSent: sent, modelCalls: result.calls });
  writeFileSync(
    join(folder, "README.txt"),
    [
      `${result.persona.id} (${result.persona.behaviour}), ${result.model}, run ${result.run}: failed ${result.metrics.filter((m) => m.status === "fail").map((m) => m.id).join(", ")}.`,
      "transcript.json: what the client said and what came back, and why each metric failed.",
      "outbound.json: every message the Worker sent this client (the Twilio stand-in's record) and every model call made for it.",
      "What the Worker would send the model next, from the stored state:",
      `  DEV_VARS_FILE=/dev/null npm run replay -- ${result.transcript.number} --persist-to ${stateDir}`,
      "",
    ].join("\n"),
  );
  return folder;
}

export async function runEvals(options: EvalOptions): Promise<EvalRun> {
  const started = Date.now();
  const tier = options.tier;
  const models = tier === "live" ? [...(options.models ?? [])] : [OFFLINE_MODEL];
  if (!models.length) throw new Error("the live tier needs at least one --model");
  const k = options.k ?? 1;
  const limits = options.thresholds ?? defaultThresholds[tier];
  const timing: ConversationTiming = { answerTimeoutMs: tier === "live" ? 90_000 : 30_000, quietMs: 500, silenceMs: 3000, ...options.timing };
  const prices = { ...listPrices, ...options.prices };
  const pricing = Object.fromEntries(models.map((model) => [model, tier === "live" ? { model, price: prices[model] } : { model: REFERENCE_MODEL, price: prices[REFERENCE_MODEL] }]));
  const log = options.log ?? (() => {});
  const stateDir = join(options.evidenceDir, "state");

  let model = models[0]!;
  const gateway = createGateway({ personas: options.personas, model: () => model, ...(options.live ? { live: options.live } : {}), consultantFor: options.consultantFor ?? (() => offlineConsultant) });
  const standIns = await startStandIns({ chat: gateway.chat, transcribe: gateway.transcribe });
  const port = await freePort();
  const workerUrl = `http://127.0.0.1:${port}`;
  const vars = workerVars({ devVars: {}, modes: { openai: "stand-in", twilio: "stand-in" }, workerUrl, secrets: localSecrets(stateDir), standIns });
  // Twilio's delivery receipts, as in production and the playground.
  standIns.sendReceipts(vars.TWILIO_AUTH_TOKEN!);
  const results: RunResult[] = [];
  let wave = 0;
  try {
    // A Worker per model: its requests are shaped for that model's family (ADR 026).
    for (const waveModel of models) {
      model = waveModel;
      const worker = await startLocalWorker({ vars: tier === "live" ? { ...vars, OPENAI_MODEL: waveModel } : vars, persist: stateDir, port });
      try {
        recordWorkerUrl(stateDir, worker.url);
        const context = {
          target: { workerUrl: worker.url, publicBaseUrl: vars.PUBLIC_BASE_URL!, authToken: vars.TWILIO_AUTH_TOKEN!, accountSid: vars.TWILIO_ACCOUNT_SID!, assistantNumber: vars.TWILIO_WHATSAPP_NUMBER!, standIns },
          standIns,
          workerUrl: worker.url,
          timing,
          extraTurns: limits.extraTurns,
        };
        for (let run = 1; run <= k; run++) {
          wave += 1;
          const callsBefore = gateway.calls.length;
          log(`${waveModel}, run ${run}/${k}: ${options.personas.length} consultations, ${options.concurrency ?? CONCURRENCY} at a time`);
          const transcripts = await inPool(options.concurrency ?? CONCURRENCY, options.personas, (persona, i) =>
            converse(context, persona, { number: `+52155${pad(wave, 3)}${pad(i + 1, 3)}`, model: waveModel, run }),
          );
          const waveCalls = gateway.calls.slice(callsBefore);
          for (const [i, transcript] of transcripts.entries()) {
            const persona = options.personas[i]!;
            const calls = waveCalls.filter((c) => c.persona === persona.id);
            const metrics = evaluate({ persona, transcript, calls, price: pricing[waveModel]!.price, thresholds: limits });
            const outcome = { persona, model: waveModel, run, transcript, calls, metrics };
            const ok = passed(metrics);
            const sent = standIns.sent.filter((m) => m.To === `whatsapp:${transcript.number}`);
            results.push({ ...outcome, passed: ok, ...(ok ? {} : { evidence: saveEvidence(options.evidenceDir, outcome, sent, stateDir) }) });
          }
        }
      } finally {
        await worker.stop();
      }
    }
    const stray = gateway.calls.filter((c) => c.persona === null);
    if (stray.length) log(`${stray.length} model calls could not be traced to a client (counted for none)`);
    return { tier, models, k, personas: options.personas, results, thresholds: limits, pricing, stateDir, evidenceDir: options.evidenceDir, wallMs: Date.now() - started };
  } finally {
    await standIns.stop();
  }
}

/** `work` over `items`, at most `limit` at once, results in the items' order. */
async function inPool<T, R>(limit: number, items: readonly T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
