import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NO_GROUP, outletColumn, type Article } from '../../core/article.js';
import { loadConfig, resolveGroup, type ParallaxConfig } from '../../core/config.js';
import { ParallaxError } from '../../core/errors.js';
import { loadOutletRegistry, type OutletRegistry } from '../../clean/outlets.js';
import { suggestGroups, type GroupSuggestion } from '../../services/group-suggest.js';
import type { Store } from '../../storage/store.js';
import { str, type Command, type ParsedArgs } from '../command.js';
import { noGroupsHint, withStore, writeJson } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls as esc, style, useColor, type CliIO } from '../io.js';

type Stored = Pick<Article, 'id' | 'outlet' | 'outletId' | 'outletCountry' | 'group' | 'title' | 'byline' | 'citedSources'>;

async function storedArticles(store: Store): Promise<Stored[]> {
  const out: Stored[] = [];
  for await (const a of store.iterateArticles()) {
    out.push({ id: a.id, outlet: a.outlet, outletId: a.outletId, outletCountry: a.outletCountry, group: a.group, title: a.title, byline: a.byline, citedSources: a.citedSources ?? [] });
  }
  return out;
}

function printSuggestion(io: CliIO, s: GroupSuggestion, config: ParallaxConfig, articles: number): void {
  const st = style(useColor(io));
  const w = (line = '') => io.stdout.write(`${line}\n`);
  w(
    config.groups.length
      ? `The config (${config.path}) already defines ${config.groups.length} group(s); this suggestion ignores them.`
      : 'No perspective groups are defined, so every view shows one "(no group)" column.',
  );
  w(`Suggested from the outlets' countries in the registry (${articles} article${articles === 1 ? '' : 's'}):`);
  w();
  for (const g of s.groups) {
    w(`  ${st.bold(esc(g.name))}  ${st.dim(`countries ${g.countries.join(', ')}${g.ownership.length ? `, ownership ${g.ownership.join(', ')}` : ''}; ${g.articles} article${g.articles === 1 ? '' : 's'}`)}`);
    for (const o of g.outlets) w(`      ${esc(o.name)}${o.ownership ? st.dim(` (${o.ownership})`) : ''}  ${o.articles}`);
  }
  if (!s.groups.length) w('  (no outlet with a known country)');
  if (s.ungrouped.length) {
    w();
    w(`  ${st.bold('ungrouped')}  ${st.dim('no country known: these stay in "(no group)"')}`);
    for (const u of s.ungrouped) w(`      ${esc(u.column)}  ${u.articles}  ${st.dim(esc(u.reason))}`);
  }
  w();
  w('Nothing was changed. To use it: parallax groups --suggest --write groups.json, edit the file (rename, merge,');
  w('or split by --ownership), then parallax groups --apply --config groups.json (or ingest with --config).');
}

/** --apply: recompute every stored article's group from the config, report what moved. */
async function apply(io: CliIO, args: ParsedArgs, store: Store, config: ParallaxConfig, registry: OutletRegistry): Promise<number> {
  if (!config.path) throw new ParallaxError('E_USAGE', '--apply needs a config with groups: --config FILE (or ./parallax.config.json)');
  if (!config.groups.length) throw new ParallaxError('E_USAGE', `${config.path} defines no groups: nothing to apply`, { input: config.path });
  const articles = await storedArticles(store);
  const updates = articles.map((a) => {
    const entry = a.outletId ? registry.byId(a.outletId) : null;
    const group = a.outlet
      ? resolveGroup(config, { name: a.outlet, id: a.outletId, country: entry?.country ?? a.outletCountry, ownership: entry?.ownership ?? null }, registry)
      : null;
    return { id: a.id, group, before: a.group };
  });
  const changed = await store.setGroups(updates.map(({ id, group }) => ({ id, group })));
  const counts = new Map<string, number>();
  for (const u of updates) counts.set(u.group ?? NO_GROUP, (counts.get(u.group ?? NO_GROUP) ?? 0) + 1);
  if (args.values.json) {
    writeJson(io, { config: config.path, changed, groups: Object.fromEntries(counts), articles: updates.map(({ id, group, before }) => ({ id, group, before })) });
    return EXIT.OK;
  }
  io.stdout.write(`Groups from ${config.path} applied to ${articles.length} stored article(s); ${changed} changed group.\n`);
  for (const [g, n] of [...counts].sort((x, y) => y[1] - x[1])) io.stdout.write(`  ${esc(g)}  ${n}\n`);
  const unknown = articles.filter((a) => !a.outlet);
  if (unknown.length) io.stdout.write(`${unknown.length} article(s) of unknown outlet stay in "${NO_GROUP}": set the outlet with ingest --outlet, or a group with --group.\n`);
  return EXIT.OK;
}

export const groupsCommand: Command = {
  name: 'groups',
  summary: 'Perspective groups: the stored articles per group; --suggest proposes groups from the outlets\' countries; --apply regroups from a config.',
  usage: 'parallax groups [--suggest [--ownership] [--write FILE]] [--apply --config FILE] [--json]',
  options: {
    suggest: { type: 'boolean', description: 'suggest groups from the outlets\' countries (registry); changes nothing' },
    ownership: { type: 'boolean', description: 'with --suggest: split each country by ownership ("Iran — state media")' },
    write: { type: 'string', description: 'with --suggest: write the suggestion as a config fragment to FILE (refuses to overwrite)', valueName: 'file' },
    apply: { type: 'boolean', description: 'recompute every stored article\'s group from the config\'s groups (replaces groups set with ingest --group)' },
    config: { type: 'string', description: 'config file (default ./parallax.config.json if present)', valueName: 'path' },
  },
  details: `
Without options: how many stored articles each group has. Groups are set when articles are ingested (from the
config's groups, or --group); when the config defines none, every view has one "(no group)" column.
--suggest reads what ingest found about each outlet — its country in the outlet registry (and its ownership with
--ownership) — and proposes one group per country; outlets of unknown country are listed as ungrouped with what
to do about them. It never changes anything: --write FILE saves the proposal as a config fragment ({"groups": …})
to edit and pass with --config; --json prints the proposal and the fragment. --apply --config FILE then sets the
stored articles' groups from that file's rules (docs/config.md#groups).`,
  async run(args, io) {
    const configPath = str(args.values.config);
    const config = loadConfig(configPath ? resolve(io.cwd, configPath) : undefined, io.cwd);
    const registry = loadOutletRegistry(config.outlets, { origin: config.path ?? undefined });
    const write = str(args.values.write);
    if (args.values.apply && args.values.suggest) throw new ParallaxError('E_USAGE', '--suggest and --apply are separate steps: suggest, edit the file, then apply it');
    if ((write || args.values.ownership) && !args.values.suggest) throw new ParallaxError('E_USAGE', '--write and --ownership go with --suggest');
    const target = write ? resolve(io.cwd, write) : null;
    if (target && existsSync(target)) throw new ParallaxError('E_USAGE', 'already exists; choose another file name (a suggestion never overwrites a file)', { input: target });
    return withStore(args, io, async (store) => {
      if (args.values.apply) return apply(io, args, store, config, registry);
      const articles = await storedArticles(store);
      if (args.values.suggest) {
        const s = suggestGroups(articles, registry, { byOwnership: Boolean(args.values.ownership) });
        if (target) {
          try {
            writeFileSync(target, `${JSON.stringify(s.fragment, null, 2)}\n`, { flag: 'wx' });
          } catch (e) {
            throw new ParallaxError('E_USAGE', `cannot be written: ${e instanceof Error ? e.message : String(e)}`, { input: target, cause: e });
          }
        }
        if (args.values.json) writeJson(io, { configGroups: config.groups.length, groups: s.groups, ungrouped: s.ungrouped, fragment: s.fragment });
        else {
          printSuggestion(io, s, config, articles.length);
          if (target) io.stdout.write(`Wrote ${write}: edit it, then parallax groups --apply --config ${write}\n`);
        }
        return EXIT.OK;
      }
      const counts = new Map<string, { articles: number; outlets: Set<string> }>();
      for (const a of articles) {
        const g = counts.get(a.group ?? NO_GROUP) ?? { articles: 0, outlets: new Set<string>() };
        g.articles++;
        g.outlets.add(outletColumn(a));
        counts.set(a.group ?? NO_GROUP, g);
      }
      const rows = [...counts].map(([group, g]) => ({ group, articles: g.articles, outlets: [...g.outlets].sort() }));
      if (args.values.json) {
        writeJson(io, { configGroups: config.groups.map((g) => g.name), groups: rows });
        return EXIT.OK;
      }
      if (!rows.length) io.stdout.write('No articles. Add some with "parallax ingest <path>".\n');
      for (const r of rows) io.stdout.write(`${esc(r.group)}  ${r.articles} article${r.articles === 1 ? '' : 's'}: ${r.outlets.map(esc).join(', ')}\n`);
      if (rows.length && rows.every((r) => r.group === NO_GROUP)) noGroupsHint(io, args, 'group', articles);
      return EXIT.OK;
    });
  },
};
