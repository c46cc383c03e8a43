import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { str, type Command, byOption } from '../command.js';
import { withStore, noteUnanalysed, noGroupsHint } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls } from '../io.js';
import { ParallaxError } from '../../core/errors.js';
import { loadCorpusIndex, loadThinView } from '../../services/corpus-index.js';
import { graphJson } from '../../services/views.js';
import { formatGraph, GRAPH_FORMATS, type GraphFormat } from '../../export/graph-formats.js';

export const graphCommand: Command = {
  name: 'graph',
  summary: 'The relation graph (who supplies, threatens, visits, allies with whom), weighted per outlet or group, for Gephi or Graphviz.',
  usage: 'parallax graph [--by outlet|group] [--format json|gexf|graphml|dot] [--out FILE] [--include-quotes] [--level actor|state]',
  options: {
    by: { type: 'string', description: 'weight breakdown per outlet (default) or perspective group', valueName: 'outlet|group' },
    format: { type: 'string', description: 'json (default), gexf (Gephi), graphml, dot (Graphviz)', valueName: 'format' },
    out: { type: 'string', description: 'write to this file instead of stdout', valueName: 'file' },
    'include-quotes': { type: 'boolean', description: "count relations inside quotations too (default: the outlet's own voice only)" },
    level: { type: 'string', description: 'actor (default: people and organisations are nodes) or state (folded into their state)', valueName: 'actor|state' },
    'exclude-negated': { type: 'boolean', description: 'leave out negated relations ("would never lead to a strategic relationship")' },
    'min-confidence': { type: 'string', description: 'drop relations below this confidence, 0..1 (default 0)', valueName: 'x' },
  },
  details: `
Nodes are corpus actors (one id per actor across articles); an edge is one relation type between two actors with
one polarity (+1 cooperative, -1 hostile, 0 neutral), so "ties are solid" and "relations remain strained" stay two
edges. Each edge carries its weight per outlet or group, the outlets asserting it and its evidence (article id,
span and sentence; JSON only). GEXF opens in Gephi with per-column weights as edge attributes; DOT renders with
"dot -Tsvg" (hostile edges red, cooperative green, neutral grey, negated dashed).`,
  async run(args, io) {
    const by = byOption(args);
    const level = str(args.values.level) ?? 'actor';
    if (level !== 'actor' && level !== 'state') throw new ParallaxError('E_USAGE', `--level must be actor or state, got "${level}"`);
    const format = (str(args.values.format) ?? 'json') as GraphFormat;
    if (!GRAPH_FORMATS.includes(format)) throw new ParallaxError('E_USAGE', `--format must be one of ${GRAPH_FORMATS.join(', ')}, got "${format}"`);
    const mc = str(args.values['min-confidence']);
    const minConfidence = mc === undefined ? 0 : Number(mc);
    if (!(minConfidence >= 0 && minConfidence <= 1)) throw new ParallaxError('E_USAGE', `--min-confidence expects a number from 0 to 1, got "${mc}"`);
    return withStore(args, io, async (store) => {
      const view = await loadThinView(store, await loadCorpusIndex(store), ['relation', 'actor-mention']);
      const graph = graphJson(view, { by, level, includeQuotes: Boolean(args.values['include-quotes']), excludeNegated: Boolean(args.values['exclude-negated']), minConfidence });
      noteUnanalysed(io, view);
      noGroupsHint(io, args, by, view.items.map((i) => i.article));
      const body = formatGraph(graph, format);
      const out = str(args.values.out);
      if (out) {
        const path = resolve(io.cwd, out);
        try {
          writeFileSync(path, body);
        } catch (e) {
          throw new ParallaxError('E_USAGE', `cannot write ${path}: ${e instanceof Error ? e.message : String(e)}`);
        }
        io.stderr.write(`wrote ${graph.nodes.length} nodes and ${graph.edges.length} edges (${format}) to ${escapeControls(path)}\n`);
      } else io.stdout.write(body);
      return EXIT.OK;
    });
  },
};
