/**
 * ADR 026.6: the models OpenAI has announced for shutdown, with the replacement it recommends,
 * so that the doctor can warn (and refuse past the date) without a network, naming the way out.
 * Online, OpenAI's own `shutdown_date` decides (ADR-021.3); this table still names the
 * replacement.
 */
import { retirementOf } from "./model-retirement";
import type { Finding } from "./preflight-settings";

/** Where the table comes from (developers.openai.com/api/docs/deprecations, and write-ups copying its rows: ADR 026). */
export const RETIRING_MODELS_SOURCE = "OpenAI's deprecations page, read 2026-12-06";

export interface RetiringModel {
  model: string;
  /** The day it stops answering, YYYY-MM-DD. */
  shutdown: string;
  replacement: string;
}

const shuttingDown = (shutdown: string, replacement: string, models: string[]): RetiringModel[] => models.map((model) => ({ model, shutdown, replacement }));

export const RETIRING_MODELS: readonly RetiringModel[] = [
  ...shuttingDown("2026-10-23", "gpt-5.6-sol", ["o3-mini", "gpt-4o-2024-05-13"]),
  ...shuttingDown("2026-10-23", "gpt-5.6-terra", ["o4-mini"]),
  ...shuttingDown("2026-10-23", "gpt-5.6-luna", ["gpt-4.1-nano"]),
  ...shuttingDown("2026-12-11", "gpt-6.1-sol", ["gpt-5", "o3"]),
  ...shuttingDown("2026-12-11", "gpt-6.1-terra", ["gpt-5-mini"]),
  ...shuttingDown("2026-12-11", "gpt-6-luna", ["gpt-5-nano"]),
  ...shuttingDown("2027-01-14", "gpt-6-luna", ["gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-4.1-mini"]),
  ...shuttingDown("2027-02-26", "gpt-transcribe", ["whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"]),
];

/** What the table knows of `model`: its own row, else its base model's for a dated snapshot (`gpt-4o-mini-2024-07-18`). */
export function retiringModel(model: string): RetiringModel | undefined {
  const base = model.replace(/-\d{4}-\d{2}-\d{2}$/, "");
  return RETIRING_MODELS.find((row) => row.model === model) ?? RETIRING_MODELS.find((row) => row.model === base);
}

/** What to do about a model that retires: set the setting to the replacement the table names, else to the one OpenAI's page recommends. */
export function replacementAdvice(setting: string, model: string): string {
  const known = retiringModel(model);
  return known ? `set ${setting} to its recommended replacement, ${known.replacement}` : `set ${setting} to the replacement OpenAI's deprecations page recommends`;
}

/** The doctor's line for a configured model the table knows, from the table alone: what it can say without OpenAI. */
export function retiringModelFinding(setting: string, model: string, now: Date): Finding | undefined {
  const known = retiringModel(model);
  if (!known) return undefined;
  const { verdict, date, days } = retirementOf(new Date(`${known.shutdown}T00:00:00Z`), now);
  const subject = `OpenAI ${setting}`;
  if (verdict === "retired") return { verdict: "fail", subject, detail: `"${model}" was shut down on ${date} (${RETIRING_MODELS_SOURCE}): ${replacementAdvice(setting, model)}` };
  if (verdict === "soon") return { verdict: "warn", subject, detail: `"${model}" shuts down on ${date} (in ${days} days; ${RETIRING_MODELS_SOURCE}): ${replacementAdvice(setting, model)}` };
  return { verdict: "ok", subject, detail: `"${model}" shuts down on ${date} (${RETIRING_MODELS_SOURCE}); its recommended replacement is ${known.replacement}` };
}
