import type { Config, EntraConfig, EntraPopulationConfig } from '../../config/types.js';
import { POPULATION_KEY } from '../../config/entra-mapping.js';
import type { Population } from '../../model/person.js';

/** A config with its entra section: what the Entra target is made from. */
export type EntraTargetConfig = Config & { entra: EntraConfig };

/** How one population becomes accounts (entra.students or entra.staff). */
export function populationRules(entra: EntraConfig, population: Population): EntraPopulationConfig {
  return entra[POPULATION_KEY[population]];
}
