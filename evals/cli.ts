/**
 * `npm run eval -- [--live] [--model NAME]... [--k N] [--persona ID]... [--out FILE] [--check FILE]
 *                  [--evidence DIR] [--price MODEL=INPUT,OUTPUT[,CACHED]]... [--consultant BROKEN]`
 *
 * Without --live: the deterministic tier, the offline consultant as the model; exit 1 when any
 * metric fails. --out writes the report (docs/evals.md is one), --check compares it with a file;
 * --consultant puts one of evals/broken-consultants.ts in the offline consultant's place.
 * With --live: each --model (default OPENAI_MODEL, else wrangler.toml's) through OPENAI_BASE_URL
 * with OPENAI_API_KEY, k = 4 runs a persona; without a key, one line says it was skipped.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    live: { type: "boolean", default: false },
    model: { type: "string", multiple: true, default: [] },
    k: { type: "string" },
    persona: { type: "string", multiple: true, default: [] },
    out: { type: "string" },
    check: { type: "string" },
    evidence: { type: "string", default: ".wrangler/evals" },
    price: { type: "string", multiple: true, default: [] },
    consultant: { type: "string" },
  },
});

const key = process.env.OPENAI_API_KEY?.trim();
if (values.live && !key) {
  console.log("eval --live skipped: OPENAI_API_KEY is not set (the live tier calls a real OpenAI-compatible endpoint: set OPENAI_API_KEY, and OPENAI_BASE_URL for one other than OpenAI)");
  process.exit(0);
}

// Loaded only now: a skipped run answers at once, without starting wrangler.
const { personaById, personas } = await import("./personas");
const { parsePrice } = await import("./prices");
const { runEvals } = await import("./runner");
const { brokenConsultants } = await import("./broken-consultants");
const { deterministicReport, liveReport, timingSection } = await import("./report");

const chosen = values.persona!.length ? values.persona!.map(personaById) : personas;
const k = values.k === undefined ? (values.live ? 4 : 1) : Number(values.k);
if (!Number.isInteger(k) || k < 1) throw new Error(`--k wants a whole number above zero, not "${values.k}"`);
const defaultModel = () => process.env.OPENAI_MODEL?.trim() || /^OPENAI_MODEL\s*=\s*"([^"]+)"/m.exec(readFileSync("wrangler.toml", "utf8"))?.[1] || "gpt-4o-mini";
const models = values.model!.length ? values.model! : [defaultModel()];
const baseUrl = process.env.OPENAI_BASE_URL?.trim() || "https://api.openai.com/v1";

const broken = values.consultant === undefined ? undefined : brokenConsultants[values.consultant];
if (values.consultant !== undefined && !broken) throw new Error(`no consultant "${values.consultant}" (known: ${Object.keys(brokenConsultants).join(", ")})`);

rmSync(values.evidence!, { recursive: true, force: true });
const run = await runEvals({
  personas: chosen,
  tier: values.live ? "live" : "offline",
  models,
  k,
  evidenceDir: values.evidence!,
  prices: Object.fromEntries(values.price!.map(parsePrice)),
  ...(broken ? { consultantFor: () => broken.consultant } : {}),
  ...(values.live ? { live: { baseUrl, apiKey: key! } } : {}),
  log: (line) => console.error(line),
});

const report = values.live ? liveReport(run, baseUrl) : deterministicReport(run);
console.log(report);
console.log(timingSection(run));
if (values.out) writeFileSync(values.out, report);
let exitCode = values.live || run.results.every((r) => r.passed) ? 0 : 1;
if (values.check) {
  const committed = readFileSync(values.check, "utf8");
  if (committed !== report) {
    console.error(`${values.check} differs from this run's report: regenerate it with npm run eval -- --out ${values.check}`);
    exitCode = 1;
  }
}
process.exit(exitCode);
