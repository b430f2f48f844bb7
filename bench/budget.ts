/** A measured figure held to a budget, as the report lists it. */
export interface BudgetCheck {
  item: string;
  figure: string;
  budget: string;
  holds: boolean | "not measured";
  note?: string;
}

/** One section of docs/benchmarks.md: its markdown body and the budgets it checked. */
export interface BenchSection {
  title: string;
  markdown: string;
  budgets: BudgetCheck[];
}

export const verdict = (holds: BudgetCheck["holds"]) => (holds === "not measured" ? "not measured" : holds ? "holds" : "**over budget**");

/**
 * CPU against a limit from two measurements: the workerd process's CPU is a true upper bound of
 * the isolate's; the node-side JS figure is an estimate (node's WebCrypto, for one, costs more
 * than workerd's). Either one under the limit is enough; both over means over.
 */
export function cpuWithin(limitMs: number, jsMs: number, processMs: number): { holds: boolean; note?: string } {
  if (processMs <= limitMs) return { holds: true, ...(jsMs > limitMs ? { note: "held by the process upper bound; the node JS estimate is over" } : {}) };
  if (jsMs <= limitMs) return { holds: true, note: "on the node JS estimate; the process upper bound, storage emulator included, is over" };
  return { holds: false };
}
