/** Which files one pass sends to the model. */
export interface BudgetPlan {
  /** Paths sent, in the given order. */
  send: string[];
  /** Paths left out because they did not fit, in the given order. */
  overBudget: string[];
  /** Tokens of the files sent. */
  used: number;
}

/**
 * Spends `budget` prompt tokens on files in the given (priority) order: a file is sent whole or
 * not at all, and one that does not fit is skipped while later, smaller files may still fit.
 * The caller leaves out the tokens of chunks answered from the cache (they cost nothing).
 */
export function planBudget(
  files: readonly { path: string; tokens: number }[],
  budget: number,
): BudgetPlan {
  const plan: BudgetPlan = { send: [], overBudget: [], used: 0 };
  for (const file of files) {
    if (plan.used + file.tokens <= budget) {
      plan.send.push(file.path);
      plan.used += file.tokens;
    } else {
      plan.overBudget.push(file.path);
    }
  }
  return plan;
}
