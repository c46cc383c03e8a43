import { intOption, str, type Command, byOption } from '../command.js';
import { withStore, viewHead, noGroupsHint } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls as esc, style, useColor } from '../io.js';
import { loadCorpusIndex, loadThinView } from '../../services/corpus-index.js';
import { quotesJson } from '../../services/views.js';

export const quotesCommand: Command = {
  name: 'quotes',
  summary: 'Who each outlet (or group) quotes, how (direct, partial, indirect) and with which verbs (said / claimed / admitted).',
  usage: 'parallax quotes [--actor NAME] [--by outlet|group] [--unresolved] [--json] [options]',
  options: {
    actor: { type: 'string', description: 'only speakers matching this name, id or label', valueName: 'name' },
    by: { type: 'string', description: 'columns: outlet (default) or group', valueName: 'outlet|group' },
    unresolved: { type: 'boolean', description: 'also list speakers not resolved to an actor ("sources", "the author")' },
    limit: { type: 'string', description: 'at most n speakers (default 15; 0 for all)', valueName: 'n' },
    offset: { type: 'string', description: 'skip the first n rows (page through with --limit; --json gives the total)', valueName: 'n' },
    examples: { type: 'string', description: 'quotes shown per speaker and column (default 1)', valueName: 'n' },
  },
  details: `
Speakers are resolved per article (names, pronouns, role nouns such as "the pundit", quotes that run on) and then
to corpus actors. The verb an outlet picks is its own choice: "said" and "noted" are neutral, "claimed",
"insisted" and "alleged" distance the outlet from the words, "admitted", "revealed" and "pointed out" endorse them;
the share of distancing verbs is shown per column. --json gives every quote with its article id and span.`,
  async run(args, io) {
    const by = byOption(args);
    const limit = intOption(args, 'limit', 15, 0);
    const offset = intOption(args, 'offset', 0, 0);
    const examples = intOption(args, 'examples', 1, 0);
    return withStore(args, io, async (store) => {
      const view = await loadThinView(store, await loadCorpusIndex(store), ['quote', ...(args.values.actor ? ['label'] : [])]);
      const json = quotesJson(view, { by, actor: str(args.values.actor), unresolved: Boolean(args.values.unresolved), limit, offset });
      const shown = json.speakers;
      if (viewHead(io, args, view, json, !shown.length, 'No quotes found.')) return EXIT.OK;
      noGroupsHint(io, args, by, view.items.map((i) => i.article));
      const s = style(useColor(io));
      for (const r of shown) {
        io.stdout.write(`\n${s.bold(esc(r.speaker))} ${s.dim(`(${esc(r.speakerId)})`)}  ${r.total} quote${r.total === 1 ? '' : 's'}\n`);
        const cols = Object.keys(r.columns).sort((a, b) => r.columns[b].count - r.columns[a].count || a.localeCompare(b));
        const w = Math.min(34, Math.max(...cols.map((c) => c.length)));
        for (const col of cols) {
          const c = r.columns[col];
          const types = (['direct', 'partial', 'indirect'] as const).filter((t) => c.byType[t]).map((t) => `${c.byType[t]} ${t}`).join(', ');
          const verbs = Object.entries(c.verbs).sort((a, b) => b[1] - a[1]).map(([v, k]) => `${v} ×${k}`).join(', ');
          const dist = r.distancing[col] ? s.red(` distancing ${(r.distancing[col] * 100).toFixed(0)}%`) : '';
          io.stdout.write(`  ${esc(col.length > w ? `${col.slice(0, w - 1)}…` : col.padEnd(w))}  ${c.count} (${types})${verbs ? `  verbs: ${esc(verbs)}` : ''}${dist}\n`);
          for (const e of c.quotes.slice(0, examples)) {
            const words = e.evidence.length > 110 ? `${e.evidence.slice(0, 109)}…` : e.evidence;
            io.stdout.write(`  ${' '.repeat(w)}  ${s.dim(`${e.articleId.slice(0, 8)} ${e.span.start}-${e.span.end}`)} ${esc(words)}\n`);
          }
        }
      }
      if (offset + shown.length < json.total) io.stdout.write(`\n… ${json.total - offset - shown.length} more speakers (use --limit 0, --offset ${offset + shown.length}, or --actor NAME)\n`);
      return EXIT.OK;
    });
  },
};
