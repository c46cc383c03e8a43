import { intOption, str, type Command, byOption } from '../command.js';
import { withStore, viewHead, noGroupsHint } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls as esc, style, useColor } from '../io.js';
import { stanceFromStore, loadCorpusIndex } from '../../services/corpus-index.js';
import type { StanceCell } from '../../compare/stance.js';

export const stanceCommand: Command = {
  name: 'stance',
  summary: 'How each outlet (or group) stands toward each actor: score, uncertainty and evidence sentences.',
  usage: 'parallax stance [--actor NAME] [--by outlet|group] [--include-quotes] [options]',
  options: {
    actor: { type: 'string', description: 'only actors matching this name, id or label', valueName: 'name' },
    by: { type: 'string', description: 'columns: outlet (default) or group', valueName: 'outlet|group' },
    'include-quotes': { type: 'boolean', description: "count stance inside quotations too (default: the outlet's own voice only)" },
    limit: { type: 'string', description: 'at most n actors (default 15; 0 for all)', valueName: 'n' },
    offset: { type: 'string', description: 'skip the first n rows (page through with --limit; --json gives the total)', valueName: 'n' },
    prior: { type: 'string', description: 'neutral pseudo-sentences each cell is shrunk toward (default 3)', valueName: 'n' },
    evidence: { type: 'string', description: 'evidence sentences shown per cell with --actor (default 2)', valueName: 'n' },
  },
  details: `
Each cell is the stance of a column toward an actor: a category (hostile, critical, neutral, favourable,
supportive) and a score from -1 to +1, built from visible parts: what the column's own sentences say about the
actor (target-directed: a sentence that names it without judging it counts 0), the labels it chooses for it
(each sentence with a pejorative label an observation of -1, a favourable one +1, weight 2: a label is hostile on
its own, and naming the actor so in a third of its sentences makes a column hostile), the roles it casts it in (threat, aggressor, liar -1; victim +0.5; ally,
peace-maker +1) and whom it quotes for or against it, each with its weight, shrunk toward neutral by the prior
(score = Σ weight × value / (Σ weight + prior)); with a ~95% interval and n, the number of evidence sentences.
A "*" marks cells whose interval excludes 0. With --actor, each cell's reasons in words and its strongest
evidence sentences are printed; --json gives every cell with its parts, reasons, the words and speakers behind
them and its evidence (article id, span, text, cues).`,
  async run(args, io) {
    const by = byOption(args);
    const limit = intOption(args, 'limit', 15, 0);
    const offset = intOption(args, 'offset', 0, 0);
    const prior = intOption(args, 'prior', 3, 0);
    const nEvidence = intOption(args, 'evidence', 2, 0);
    const includeQuotes = Boolean(args.values['include-quotes']);
    return withStore(args, io, async (store) => {
      const index = await loadCorpusIndex(store);
      const view = { unanalysed: index.unanalysed, items: index.articles };
      const q = str(args.values.actor);
      const json = await stanceFromStore(store, index, { by, includeQuotes, prior, actor: q, limit, offset });
      const shown = json.actors;
      if (viewHead(io, args, view, json, !shown.length, 'No stance findings.')) return EXIT.OK;
      noGroupsHint(io, args, by, view.items);
      const s = style(useColor(io));
      const cols = [...new Set(shown.flatMap((r) => Object.keys(r.columns)))].sort();
      const name = (c: string) => esc(c);
      const fmt = (c: StanceCell | undefined): string => {
        if (!c) return '·';
        const t = `${(c.category ?? '').padEnd(10)} ${c.score >= 0 ? '+' : ''}${c.score.toFixed(2)}${c.clear ? '*' : ' '} [${c.interval[0].toFixed(2)},${c.interval[1].toFixed(2)}] n=${c.n}`;
        return t;
      };
      const paint = (c: StanceCell | undefined, t: string): string => (!c ? s.dim(t) : c.lean === 'negative' ? s.red(t) : c.lean === 'positive' ? s.green(t) : t);
      const width = Math.max(37, ...cols.map((c) => Math.min(40, c.length)));
      const nameW = Math.min(28, Math.max(5, ...shown.map((r) => r.canonical.length)));
      const clip = (t: string, w: number): string => (t.length > w ? `${t.slice(0, w - 1)}…` : t.padEnd(w));
      io.stdout.write(`${' '.repeat(nameW)}  ${cols.map((c) => s.bold(clip(name(c), width))).join('  ')}\n`);
      for (const r of shown) {
        io.stdout.write(`${clip(esc(r.canonical), nameW)}  ${cols.map((c) => paint(r.columns[c], clip(fmt(r.columns[c]), width))).join('  ')}\n`);
      }
      if (q && nEvidence) {
        for (const r of shown) {
          io.stdout.write(`\n${s.bold(esc(r.canonical))} ${s.dim(`(${esc(r.actorId)})`)}\n`);
          for (const c of cols) {
            const cell = r.columns[c];
            if (!cell) continue;
            io.stdout.write(`  ${s.bold(name(c))}: ${fmt(cell)}; sentences −${cell.counts.negative} ·${cell.counts.neutral} +${cell.counts.positive}\n`);
            if (cell.reasons) io.stdout.write(`    ${esc(cell.reasons)}\n`);
            for (const e of cell.evidence.slice(0, nEvidence)) {
              const text = e.evidence.length > 220 ? `${e.evidence.slice(0, 219)}…` : e.evidence;
              io.stdout.write(`    ${e.score >= 0 ? '+' : ''}${e.score.toFixed(2)} ${s.dim(`${e.articleId}@${e.span.start}`)} ${esc(text)}${e.cues.length ? s.dim(` [cues: ${esc(e.cues.join(', '))}]`) : ''}\n`);
            }
          }
        }
      }
      io.stdout.write(s.dim(`\nscore: -1 hostile .. +1 favourable, shrunk toward 0 by ${prior} neutral sentences; * = interval excludes 0; ${includeQuotes ? 'quotations included' : "outlets' own voice only"}\n`));
      if (offset + shown.length < json.total) io.stdout.write(`… ${json.total - offset - shown.length} more actors (use --limit 0, --offset ${offset + shown.length}, or --actor NAME)\n`);
      return EXIT.OK;
    });
  },
};
