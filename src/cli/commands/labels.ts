import { intOption, str, type Command, byOption } from '../command.js';
import { withStore, viewHead, noGroupsHint } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls as esc, style, useColor } from '../io.js';
import { labelsFromStore, loadCorpusIndex } from '../../services/corpus-index.js';

export const labelsCommand: Command = {
  name: 'labels',
  summary: 'What each outlet (or group) calls each actor: labels with counts and connotation, most contrasting first.',
  usage: 'parallax labels [--actor NAME] [--by outlet|group] [--include-quotes] [options]',
  options: {
    actor: { type: 'string', description: 'only actors matching this name, id or label', valueName: 'name' },
    by: { type: 'string', description: 'columns: outlet (default) or group', valueName: 'outlet|group' },
    'include-quotes': { type: 'boolean', description: 'count labels inside quotations too (default: the outlet\'s own voice only)' },
    limit: { type: 'string', description: 'at most n actors (default 15; 0 for all)', valueName: 'n' },
    offset: { type: 'string', description: 'skip the first n rows (page through with --limit; --json gives the total)', valueName: 'n' },
    'min-support': { type: 'string', description: 'labels a column needs for an actor to count in the contrast (default 2)', valueName: 'n' },
  },
  details: `
Each label is the normalised surface form (case, leading article, plural and possessive folded) with its type
(name, short-name, metonym, demonym, epithet, toponym-variant) and connotation (neutral, pejorative, favourable,
with the cue that decided it). Actors are sorted by contrast: the Jensen-Shannon divergence of the columns' label
distributions, damped when a column has few labels. Labels read in Persian, Arabic, Hebrew, Russian, Turkish or
Azerbaijani are shown as written, with their language and English gloss, in the row of the same actor as the
English labels. --json gives every label with the article ids and spans of
its mentions.`,
  async run(args, io) {
    const by = byOption(args);
    const limit = intOption(args, 'limit', 15, 0);
    const offset = intOption(args, 'offset', 0, 0);
    const minSupport = intOption(args, 'min-support', 2, 1);
    return withStore(args, io, async (store) => {
      const index = await loadCorpusIndex(store);
      const view = { unanalysed: index.unanalysed, items: index.articles };
      const json = await labelsFromStore(store, index, { by, includeQuotes: Boolean(args.values['include-quotes']), minSupport, actor: str(args.values.actor), limit, offset });
      const shown = json.actors;
      if (viewHead(io, args, view, json, !shown.length, 'No labels found.')) return EXIT.OK;
      noGroupsHint(io, args, by, view.items);
      const s = style(useColor(io));
      const paint = (c: string, text: string) => (c === 'pejorative' ? s.red(text) : c === 'favourable' ? s.green(text) : text);
      for (const r of shown) {
        io.stdout.write(`\n${s.bold(esc(r.canonical))} ${s.dim(`(${esc(r.actorId)})`)}  contrast ${r.contrast.toFixed(2)}\n`);
        const cols = Object.keys(r.columns).sort((a, b) => (r.support[b] ?? 0) - (r.support[a] ?? 0));
        const w = Math.min(34, Math.max(...cols.map((c) => c.length)));
        for (const col of cols) {
          const cells = r.columns[col]
            .map((c) => {
              // A label with a gloss comes from a term file, whose cue is the term itself: not repeated.
              const tag = c.connotation === 'neutral' ? '' : ` [${c.connotation}${c.cue && c.gloss === undefined ? `: ${c.cue}` : ''}]`;
              // A label in another language: its language, the words as written and the English gloss.
              const foreign = c.language && c.language !== 'en' ? `[${c.language}] ${Object.keys(c.forms)[0] ?? c.label}${c.gloss ? ` ‘${c.gloss}’` : ''}` : null;
              return paint(c.connotation, esc(`${foreign ?? c.label} ×${c.count}${c.labelType === 'name' ? '' : ` (${c.labelType})`}${tag}`));
            })
            .join('; ');
          io.stdout.write(`  ${esc(col.length > w ? `${col.slice(0, w - 1)}…` : col.padEnd(w))}  ${cells}\n`);
        }
      }
      if (offset + shown.length < json.total) io.stdout.write(`\n… ${json.total - offset - shown.length} more actors (use --limit 0, --offset ${offset + shown.length}, or --actor NAME)\n`);
      return EXIT.OK;
    });
  },
};
