import { UNKNOWN_OUTLET } from '../../core/article.js';
import { resolve } from 'node:path';
import type { CompareOptions, Comparison } from '../../compare/index.js';
import { ParallaxError } from '../../core/errors.js';
import { compareFromRows, readStoryOverrides } from '../../services/pipeline-run.js';
import { intOption, str, type Command, type ParsedArgs } from '../command.js';
import { noGroupsHint, withStore, writeJson, noteUnanalysed } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls as e, style, useColor, type CliIO } from '../io.js';
import { renderTable } from '../table.js';

/** Options shared by compare, report and run. */
export const COMPARE_OPTIONS: Command['options'] = {
  by: { type: 'string', description: 'columns: group (default when groups exist) or outlet', valueName: 'outlet|group' },
  story: { type: 'string', description: 'only this story (an id from "parallax compare")', valueName: 'id' },
  stories: { type: 'string', description: 'JSON file mapping article ids or source paths to story ids (story override)', valueName: 'file' },
  'include-quotes': { type: 'boolean', description: "count labels, stance and techniques inside quotations too (default: the outlet's own voice)" },
  'min-support': { type: 'string', description: 'findings a column needs for an actor to take part in a contrast (default 2)', valueName: 'n' },
  'min-omission-support': { type: 'string', description: 'independent origins other columns need for an omission (default 2)', valueName: 'n' },
  'max-omissions': { type: 'string', description: 'omissions kept per column, most central first (default 8; 0 = all)', valueName: 'n' },
};

export function compareOptions(args: ParsedArgs, io: CliIO): CompareOptions {
  const by = str(args.values.by);
  if (by !== undefined && by !== 'outlet' && by !== 'group') throw new ParallaxError('E_USAGE', `--by must be outlet or group, got "${by}"`);
  const storiesFile = str(args.values.stories);
  return {
    by: by as CompareOptions['by'],
    story: str(args.values.story),
    stories: storiesFile ? readStoryOverrides(resolve(io.cwd, storiesFile)) : undefined,
    includeQuotes: Boolean(args.values['include-quotes']),
    minSupport: args.values['min-support'] !== undefined ? intOption(args, 'min-support', 2, 1) : undefined,
    minOmissionSupport: args.values['min-omission-support'] !== undefined ? intOption(args, 'min-omission-support', 2, 1) : undefined,
    maxOmissions: args.values['max-omissions'] !== undefined ? intOption(args, 'max-omissions', 8, 0) : undefined,
  };
}

const oneLine = (t: string, max: number): string => {
  const x = t.replace(/\s+/g, ' ').trim();
  return x.length > max ? `${x.slice(0, max - 1).trimEnd()}…` : x;
};
/** A claim source as a reader reads it: its sentence (trimmed around the span), else its words. */
const shown = (src: { sentence?: string; evidence: string }): string => oneLine(src.sentence ?? src.evidence, 220);

/** The terminal summary of a comparison; `omissions` caps the items listed per column (default: all it holds). */
export function renderComparison(c: Comparison, io: CliIO, limit: number, omissions = Number.POSITIVE_INFINITY): string {
  const s = style(useColor(io));
  const width = Math.max(80, Math.min(160, io.stderr.columns ?? 120));
  const out: string[] = [];
  const h = (t: string) => out.push(`\n${s.bold(t)}\n`);
  out.push(
    `${c.counts.articles} articles, ${c.counts.outlets} outlets, ${c.counts.groups} groups, ${c.counts.stories} stories; compared by ${c.by}${c.story ? `, story ${e(c.story)}` : ''}` +
      `${c.includeQuotes ? ' (quotations included)' : ''}\n`,
  );
  h('Stories');
  out.push(renderTable([{ header: 'id' }, { header: 'articles', align: 'right' }, { header: 'outlets', max: 40 }, { header: 'title' }], c.stories.slice(0, limit).map((x) => [x.id, String(x.articleIds.length), Object.keys(x.outlets).join(', '), x.title ?? '']), width));
  h('Contrasts by actor (labels and stance that differ most between columns)');
  if (!c.contrasts.length) out.push('  none with enough support\n');
  else
    out.push(
      renderTable(
        [{ header: 'actor', max: 28 }, { header: 'label', align: 'right' }, { header: 'stance Δ', align: 'right' }, { header: 'distinctive labels' }],
        c.contrasts.slice(0, limit).map((x) => [
          x.canonical,
          x.labels ? x.labels.contrast.toFixed(2) : '—',
          x.stance ? `${x.stance.difference.toFixed(2)} (n≥${x.stance.support})` : '—',
          x.labels ? Object.entries(x.labels.distinctive).filter(([, cells]) => cells.length).map(([col, cells]) => `${col}: ${cells.map((l) => `${l.label} ×${l.count}`).join(', ')}`).join(' | ') : '',
        ]),
        width,
      ),
    );
  const by = (st: string) => c.claims.filter((x) => x.status === st).length;
  h(`Claims: ${by('corroborated')} corroborated, ${by('single-source')} single-source, ${by('contested')} contested`);
  const listed = c.claims.filter((x) => x.status !== 'single-source').slice(0, limit);
  if (listed.length)
    out.push(
      renderTable(
        [{ header: 'status', max: 13, paint: (t, v) => (v === 'contested' ? s.red(t) : s.green(t)) }, { header: 'origins', align: 'right' }, { header: 'claim', max: 60 }, { header: 'outlets' }],
        listed.map((x) => [x.status, String(x.origins), oneLine(x.statement, 90), x.outlets.join(', ')]),
        width,
      ),
    );
  if (c.contradictions.length) {
    h('Contradictions (two outlets, incompatible statements about the same proposition)');
    for (const x of c.contradictions.slice(0, limit)) {
      out.push(`  ${e(x.description)}\n`);
      for (const src of [x.pair.a, x.pair.b]) out.push(`    ${s.bold(e(src.outlet ?? UNKNOWN_OUTLET))}: “${e(shown(src))}” ${s.dim(`(${src.articleId.slice(0, 8)}@${src.span.start})`)}\n`);
    }
  }
  h('Omissions (central to the story for the others, never mentioned here)');
  for (const o of c.omissions) {
    const more = o.total > o.items.length ? ` — the ${o.items.length} most central of ${o.total} (--all for every one)` : '';
    out.push(`  ${s.bold(e(o.column))} (${o.articles} article${o.articles === 1 ? '' : 's'})${o.items.length ? more : ': none'}\n`);
    for (const i of o.items.slice(0, omissions)) {
      out.push(`    • ${e(oneLine(i.statement, 110))} ${s.dim(`(${i.type})`)} — ${e(i.why)}\n`);
      const ev = i.evidence[0];
      if (ev) out.push(`      ${s.dim(`${ev.articleId.slice(0, 8)}@${ev.span.start}-${ev.span.end}`)} “${e(oneLine(ev.sentence ?? ev.evidence, 110))}”\n`);
    }
  }
  h('Republications');
  if (!c.republications.length) out.push('  none\n');
  for (const r of c.republications) {
    const what = [r.wire ? `wire: ${r.wire}` : '', r.kept !== null ? `keeps ${Math.round(r.kept * 100)}% of the original` : 'original not in the corpus', r.retitled ? 'retitled' : '', r.relabelled.length ? `re-labelled ${r.relabelled.map((x) => x.canonical).join(', ')}` : '']
      .filter(Boolean)
      .join(', ');
    out.push(`  ${e(`${r.outlet ?? UNKNOWN_OUTLET} ${r.articleId}${r.originalId ? ` ← ${r.originalOutlet ?? UNKNOWN_OUTLET} ${r.originalId}` : ''}: ${what}`)}\n`);
  }
  return out.join('');
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'Compare the outlets: stories, claims (corroborated / single-source / contested), contradictions, omissions, contrasts, republications.',
  usage: 'parallax compare [--by outlet|group] [--story ID] [--json] [options]',
  options: {
    ...COMPARE_OPTIONS,
    limit: { type: 'string', description: 'rows per table in the terminal summary (default 10) and omissions per column (default 8)', valueName: 'n' },
    all: { type: 'boolean', description: 'every omission of every column (default: the 8 most central per column)' },
  },
  details: `
--json prints the whole Comparison object (docs/schema.md#comparison). Nothing here rules on truth: a claim is
"contested" when the texts disagree (different figures for one quantity, opposite polarity for one relation, an
event asserted and denied), "corroborated" when two or more independent origins state it (copies and wire
republications count once). See docs/compare.md.`,
  async run(args, io) {
    const opts = compareOptions(args, io);
    const limit = intOption(args, 'limit', 10, 1);
    // A screenful per column by default; --limit raises it, --all lifts it.
    if (args.values.all) opts.maxOmissions = 0;
    else if (args.values.limit !== undefined && opts.maxOmissions === undefined) opts.maxOmissions = limit;
    return withStore(args, io, async (store) => {
      const { unanalysed, comparison } = await compareFromRows(store, opts);
      if (args.values.json) {
        writeJson(io, comparison);
        return EXIT.OK;
      }
      noteUnanalysed(io, { unanalysed });
      if (comparison.by === 'group' && comparison.counts.groups <= 1) noGroupsHint(io, args, 'group', comparison.articles);
      if (!comparison.counts.articles) {
        io.stdout.write('No analysed articles. Run "parallax ingest" and "parallax analyze" first (or "parallax run <paths>").\n');
        return EXIT.OK;
      }
      io.stdout.write(renderComparison(comparison, io, args.values.all ? Number.POSITIVE_INFINITY : limit));
      return EXIT.OK;
    });
  },
};
