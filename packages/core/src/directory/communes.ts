import { DomainError, foldText, type ErrorDetail } from '../shared/index.js';
import { frenchCommunes } from './communes-fr.js';

/** A commune of a delivery zone, as stored and shown: its official code and name. */
export interface Commune {
  code: string;
  name: string;
}

/** The communes a country's tenants may name; a country without a list takes no commune (a radius then). */
const communesByCountry: Record<string, readonly (readonly [string, string])[]> = { FR: frenchCommunes };

const byCode = new Map<string, Map<string, Commune>>();
const byName = new Map<string, Map<string, Commune[]>>();
for (const [country, list] of Object.entries(communesByCountry)) {
  byCode.set(country, new Map(list.map(([code, name]) => [code, { code, name }])));
  const names = new Map<string, Commune[]>();
  for (const [code, name] of list) names.set(foldText(name), [...(names.get(foldText(name)) ?? []), { code, name }]);
  byName.set(country, names);
}

/**
 * The communes a listing names, each by its official code (INSEE in France) or its name, resolved
 * against the country's list: an unknown or ambiguous one is a 400 naming `deliveryZone.communes.N`.
 * Duplicates are dropped.
 */
export function resolveCommunes(country: string, entries: readonly string[]): Commune[] {
  const codes = byCode.get(country);
  const names = byName.get(country);
  const problems: ErrorDetail[] = [];
  const found = new Map<string, Commune>();
  entries.forEach((entry, index) => {
    const path = `deliveryZone.communes.${index}`;
    if (!codes || !names) return problems.push({ path, message: `no list of communes for ${country}: give a delivery radius instead` });
    const commune = codes.get(entry.trim()) ?? (names.get(foldText(entry))?.length === 1 ? names.get(foldText(entry))![0] : undefined);
    if (commune) return found.set(commune.code, commune);
    const homonyms = names.get(foldText(entry));
    return problems.push({
      path,
      message: homonyms
        ? `several communes are named so: give the code (${homonyms.map((c) => c.code).join(', ')})`
        : `no commune "${entry}" here`,
    });
  });
  if (problems.length) throw new DomainError(400, 'unknown_commune', 'A commune of the delivery zone is unknown', problems);
  return [...found.values()];
}
