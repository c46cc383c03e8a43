import { str, type Command, byOption } from '../command.js';
import { withStore, viewHead, noGroupsHint } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls as e, style, useColor } from '../io.js';
import { loadCorpusIndex, loadThinView } from '../../services/corpus-index.js';
import { timelineJson } from '../../services/views.js';

export const timelineCommand: Command = {
  name: 'timeline',
  summary: 'Events across the corpus on one timeline: same events merged, with the outlets (or groups) that report each.',
  usage: 'parallax timeline [--actor NAME] [--by outlet|group] [--type TYPE] [--include-quotes] [options]',
  options: {
    actor: { type: 'string', description: 'only events with a participant matching this name, id or label', valueName: 'name' },
    by: { type: 'string', description: 'columns: outlet (default) or group', valueName: 'outlet|group' },
    type: { type: 'string', description: 'only this event type (visit, meeting, agreement, attack, vote, ...)', valueName: 'type' },
    'include-quotes': { type: 'boolean', description: 'include events reported inside quotations (default: the outlet\'s own voice only)' },
  },
  details: `
Events come from the events analyzer: a type, participants, a time normalised against each article's
publication date, and a status (happened, ongoing, planned, denied). Reports of one event from several
articles are merged when the type matches, the participants overlap and the times are compatible. An event
without a time in the text is placed by its article's publication date ("before 2025-03-18" when it had
happened, "after" when planned). --json gives every merged event with its evidence (article id and span).`,
  async run(args, io) {
    const by = byOption(args);
    return withStore(args, io, async (store) => {
      const view = await loadThinView(store, await loadCorpusIndex(store), ['event', ...(args.values.actor ? ['label'] : [])]);
      const json = timelineJson(view, { by, includeQuotes: Boolean(args.values['include-quotes']), actor: str(args.values.actor), type: str(args.values.type) });
      const entries = json.events;
      if (viewHead(io, args, view, json, !entries.length, 'No events found.')) return EXIT.OK;
      noGroupsHint(io, args, by, view.items.map((i) => i.article));
      const s = style(useColor(io));
      for (const ev of entries) {
        const who = ev.participants.map((p) => `${p.canonical}${p.roles.includes('agent') ? '' : ` (${p.roles.join('/')})`}`).join(', ');
        const st = Object.entries(ev.statuses).map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ');
        io.stdout.write(`${s.bold(e(ev.when).padEnd(22))} ${e(ev.eventType).padEnd(15)} ${e(who)} ${s.dim(`[${e(st)}]`)}\n`);
        const cols = Object.entries(ev.columns).map(([c, n]) => (n > 1 ? `${c} ×${n}` : c)).join('; ');
        io.stdout.write(`${''.padEnd(23)}${s.dim(e(cols))}\n`);
      }
      return EXIT.OK;
    });
  },
};
