/**
 * `parallax groups --suggest`: perspective groups proposed from what ingest already knows about each outlet — its
 * country in the outlet registry, and optionally its ownership as a sub-split ("Iran — state media"). A suggestion
 * only: it is printed or written as a config fragment for the user to edit and pass with --config, never applied.
 */
import countries from 'i18n-iso-countries';
import { leadCitations, outletColumn, type CitedSource } from '../core/article.js';
import type { Ownership } from '../core/config.js';
import type { OutletRegistry } from '../clean/outlets.js';

export interface SuggestInput {
  id: string;
  outlet: string | null;
  outletId: string | null;
  outletCountry: string | null;
  title?: string | null;
  byline?: string | null;
  citedSources?: CitedSource[] | null;
}

export interface SuggestedGroup {
  name: string;
  countries: string[];
  ownership: Ownership[];
  outlets: Array<{ name: string; id: string | null; ownership: Ownership | null; articles: number }>;
  articles: number;
}

export interface Ungrouped {
  /** The outlet column ("unknown outlet (citing IRNA: …, de811a)", or a name the registry does not know). */
  column: string;
  articles: number;
  reason: string;
}

export interface GroupSuggestion {
  groups: SuggestedGroup[];
  ungrouped: Ungrouped[];
  /** What `--write` puts in the file: a `groups` object in the config format (docs/config.md#groups). */
  fragment: { $comment: string; groups: Record<string, { countries: string[]; ownership?: Ownership[]; note: string }> };
}

const OWNERSHIP_WORD: Record<Ownership, string> = { state: 'state media', public: 'public media', private: 'private media' };

/** "Iran" rather than "Iran, Islamic Republic of": the short English name when there is one. */
export function countryLabel(code: string): string {
  const alias = countries.getName(code, 'en', { select: 'alias' });
  return alias || countries.getName(code, 'en', { select: 'official' }) || code;
}

/**
 * Groups by country (and by ownership within a country when `byOwnership`), largest first; outlets without a
 * country (unknown to the registry, or a config outlet with none) are listed as ungrouped with the reason.
 */
export function suggestGroups(articles: readonly SuggestInput[], registry: OutletRegistry, opts: { byOwnership?: boolean } = {}): GroupSuggestion {
  const groups = new Map<string, SuggestedGroup>();
  const ungrouped = new Map<string, Ungrouped>();
  for (const a of articles) {
    const entry = a.outletId ? registry.byId(a.outletId) : null;
    const country = entry?.country ?? a.outletCountry ?? null;
    if (!country) {
      const column = outletColumn(a);
      const cited = leadCitations(a.citedSources).find((c) => c.id && registry.byId(c.id)?.country);
      const citedNote = cited ? ` (it cites ${cited.mention ?? cited.name}, ${countryLabel(registry.byId(cited.id!)!.country!)}: a source, not its outlet)` : '';
      const reason = !a.outlet
        ? `outlet not found${citedNote}: set it with ingest --outlet NAME`
        : entry
          ? 'the outlet has no country: give it one in the config\'s outlets'
          : 'not in the outlet registry: add it to the config\'s outlets with a country';
      const u = ungrouped.get(column) ?? { column, articles: 0, reason };
      u.articles++;
      ungrouped.set(column, u);
      continue;
    }
    const ownership = entry?.ownership ?? null;
    const split = opts.byOwnership && ownership;
    const name = split ? `${countryLabel(country)} — ${OWNERSHIP_WORD[ownership]}` : countryLabel(country);
    const g = groups.get(name) ?? { name, countries: [country], ownership: split ? [ownership] : [], outlets: [], articles: 0 };
    g.articles++;
    const outletName = entry?.name ?? a.outlet ?? country;
    const o = g.outlets.find((x) => x.name === outletName);
    if (o) o.articles++;
    else g.outlets.push({ name: outletName, id: entry?.id ?? a.outletId, ownership, articles: 1 });
    groups.set(name, g);
  }
  const byCount = <T extends { articles: number }>(key: (x: T) => string) => (x: T, y: T) => y.articles - x.articles || key(x).localeCompare(key(y));
  const list = [...groups.values()].sort(byCount((g) => g.name));
  for (const g of list) g.outlets.sort(byCount((o) => o.name));
  const fragment: GroupSuggestion['fragment'] = {
    $comment: 'Suggested by "parallax groups --suggest" from the outlets\' countries in the registry. Edit the groups (rename, merge, add ownership or outlets rules; docs/config.md#groups), then pass this file with --config.',
    groups: {},
  };
  for (const g of list) {
    const note = `suggested: ${g.outlets.map((o) => `${o.name} (${o.articles})`).join(', ')}`;
    fragment.groups[g.name] = g.ownership.length ? { countries: g.countries, ownership: g.ownership, note } : { countries: g.countries, note };
  }
  return { groups: list, ungrouped: [...ungrouped.values()].sort(byCount((u) => u.column)), fragment };
}
