/**
 * ADR 021: a configured model's announced shutdown, read from OpenAI's model object
 * (`GET {OPENAI_BASE_URL}/models/{model}`, field `shutdown_date`). Past the date the deploy is
 * refused; within WARNING_DAYS it warns.
 */

export const WARNING_DAYS = 60;
const DAY_MS = 86_400_000;

/**
 * The dates OpenAI's deprecations page gives, as quoted by write-ups of it (ADR 021): what the
 * doctor can still say when it cannot ask OpenAI.
 */
export const KNOWN_SHUTDOWNS: Readonly<Record<string, string>> = {
  "gpt-4o-mini": "2027-01-14",
  "gpt-4o": "2027-01-14",
  "gpt-4.1": "2027-01-14",
  "gpt-4.1-mini": "2027-01-14",
  "whisper-1": "2027-02-26",
  "gpt-4o-mini-transcribe": "2027-02-26",
  "gpt-4o-transcribe": "2027-02-26",
};

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
