/**
 * ADR 021: a configured model's announced shutdown, read from OpenAI's model object
 * (`GET {OPENAI_BASE_URL}/models/{model}`, field `shutdown_date`). Past the date the deploy is
 * refused; within WARNING_DAYS it warns. What the doctor knows without OpenAI is in
 * retiring-models.ts (ADR 026.6).
 */

export const WARNING_DAYS = 60;
const DAY_MS = 86_400_000;

/** `shutdown_date` as OpenAI may give it: an ISO date, or seconds since the epoch. */
export function shutdownDateOf(model: unknown): Date | null {
  const raw = (model as { shutdown_date?: unknown } | null)?.shutdown_date;
  if (typeof raw === "number" && Number.isFinite(raw)) return new Date(raw * 1000);
  if (typeof raw === "string" && raw.trim()) {
    const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw.trim()) ? `${raw.trim()}T00:00:00Z` : raw);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

export type Retirement = { verdict: "retired" | "soon" | "later"; date: string; days: number };

export function retirementOf(shutdown: Date, now: Date): Retirement {
  const left = shutdown.getTime() - now.getTime();
  const date = shutdown.toISOString().slice(0, 10);
  return { verdict: left <= 0 ? "retired" : left <= WARNING_DAYS * DAY_MS ? "soon" : "later", date, days: Math.ceil(left / DAY_MS) };
}
