import { explainPerson, type Explanation, type PersonQuery } from '../explain/explain-person.js';
import { planRecipe, type PlanOptions } from './make-plan.js';

/** The explain recipe: the plan `rollcall plan` would make from the same inputs, then one person's part in it. */
export async function makeExplanation(options: PlanOptions & { query: PersonQuery }): Promise<Explanation> {
  const { plan, rows, desired, actual } = await planRecipe(options, true);
  return explainPerson({ query: options.query, rows, config: options.config.config, today: options.today, target: options.target, desired, actual, plan });
}
