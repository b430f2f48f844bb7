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
