import { intOption, str, type Command, byOption } from '../command.js';
import { withStore, viewHead, noGroupsHint } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls as esc, style, useColor } from '../io.js';
import { loadCorpusIndex, loadThinView } from '../../services/corpus-index.js';
import { techniquesJson } from '../../services/views.js';
import { ParallaxError } from '../../core/errors.js';

const SHORT: Record<string, string> = {
  Loaded_Language: 'loaded language',
  'Name_Calling,Labeling': 'name-calling',
  Repetition: 'repetition',
  'Exaggeration,Minimisation': 'exaggeration/minimisation',
  Doubt: 'doubt',
  'Appeal_to_fear-prejudice': 'appeal to fear',
  'Flag-Waving': 'flag-waving',
  Causal_Oversimplification: 'causal oversimplification',
  Appeal_to_Authority: 'appeal to authority',
  Slogans: 'slogans',
  'Black-and-White_Fallacy': 'black-and-white',
  'Thought-terminating_Cliches': 'thought-terminating cliché',
  'Whataboutism,Straw_Men,Red_Herring': 'whataboutism/straw man',
  'Bandwagon,Reductio_ad_hitlerum': 'bandwagon/reductio ad Hitlerum',
};

export const techniquesCommand: Command = {
  name: 'techniques',
  summary: 'Propaganda techniques per 1,000 words for each outlet (or group), and the actors each aims them at.',
  usage: 'parallax techniques [--by outlet|group] [--include-quotes] [--min-confidence X] [--json] [options]',
  options: {
    by: { type: 'string', description: 'columns: outlet (default) or group', valueName: 'outlet|group' },
    'include-quotes': { type: 'boolean', description: "count techniques inside quotations too (default: the outlet's own voice only)" },
    'min-confidence': { type: 'string', description: 'ignore findings below this confidence (default 0)', valueName: 'x' },
    'weak-targets': { type: 'boolean', description: 'also count actors linked only by sharing the sentence' },
    limit: { type: 'string', description: 'targets shown per column (default 5; 0 for all)', valueName: 'n' },
  },
  details: `
Techniques are the 14 classes of SemEval-2020 Task 11 found by the techniques analyzer (cue lexicons and
patterns, pejorative labels, repetition); each has a confidence and a one-line reason. Rates are per 1,000 words
of the column's articles. Targets are the actors a technique is linked to through a label, a mention or the
words next to it. --json gives every count with its evidence (article id, span, words, reason).`,
  async run(args, io) {
    const by = byOption(args);
    const limit = intOption(args, 'limit', 5, 0);
    const mc = str(args.values['min-confidence']);
    const minConfidence = mc === undefined ? 0 : Number(mc);
    if (!Number.isFinite(minConfidence) || minConfidence < 0 || minConfidence > 1) throw new ParallaxError('E_USAGE', `--min-confidence must be between 0 and 1, got "${mc}"`);
    const includeQuotes = Boolean(args.values['include-quotes']);
    return withStore(args, io, async (store) => {
      const view = await loadThinView(store, await loadCorpusIndex(store), ['technique', 'bias-sentence']);
      const json = techniquesJson(view, { by, includeQuotes, minConfidence, weakTargets: Boolean(args.values['weak-targets']) });
      const cols = json.columns;
      if (viewHead(io, args, view, json, !cols.length, 'No techniques found.')) return EXIT.OK;
      noGroupsHint(io, args, by, view.items.map((i) => i.article));
      const s = style(useColor(io));
      for (const c of cols) {
        io.stdout.write(`\n${s.bold(esc(c.column))}  ${s.dim(`${c.articles} article(s), ${c.words} words`)}  ${c.per1000.toFixed(1)} per 1,000 words; biased sentences ${c.bias.biased}/${c.bias.sentences}\n`);
        for (const t of c.techniques) {
          const ex = t.evidence.slice().sort((a, b) => b.confidence - a.confidence)[0];
          io.stdout.write(`  ${(SHORT[t.technique] ?? t.technique).padEnd(30)} ${String(t.count).padStart(4)}  ${t.per1000.toFixed(2).padStart(6)}/1k  ${s.dim(`e.g. “${esc(ex.evidence.length > 50 ? `${ex.evidence.slice(0, 49)}…` : ex.evidence)}”`)}\n`);
        }
        const targets = limit ? c.targets.slice(0, limit) : c.targets;
        if (targets.length) {
          io.stdout.write(`  ${s.dim('aimed at:')} ${esc(targets.map((t) => `${t.canonical} ×${t.total} (${Object.entries(t.byTechnique).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${SHORT[k] ?? k} ${v}`).join(', ')})`).join('; '))}\n`);
        }
      }
      return EXIT.OK;
    });
  },
};
