import type { ActorContrast, ArticleRef, ColumnSummary, RepublicationLink, Story } from '../../../src/compare/index.js';
import { get } from '../api.js';
import type { View } from '../context.js';
import { fmt, h, mount, signed } from '../dom.js';
import { linkTo } from '../state.js';
import type { ArticleSummary } from '../../../src/storage/store.js';
import { actorLink, apiQuery, countButton, emptyState, heading, isRead, langBadge, languageName, notReadNote, plural, readerHref, textAttrs } from './common.js';

interface Overview {
  by: 'outlet' | 'group';
  story: string | null;
  counts: { articles: number; outlets: number; groups: number; stories: number; findings: Record<string, number> };
  outlets: ColumnSummary[];
  groups: ColumnSummary[];
  stories: Story[];
  contrasts: ActorContrast[];
  republications: RepublicationLink[];
  articles: ArticleRef[];
  actors: Array<{ id: string; canonical: string; kind: string; mentionCount: number; articles: number; ownVoiceMentions: number; outlets: Record<string, number> }>;
  claims: { corroborated: number; 'single-source': number; contested: number };
  contradictions: number;
  unanalysed: number;
}

export const overviewView: View = async (ctx) => {
  const o = await get<Overview>('corpus', apiQuery(ctx));
  const card = (n: number | string, label: string, href: string, tip: string) =>
    h('a', { class: 'card', href, title: tip }, h('span', { class: 'num' }, String(n)), h('span', { class: 'label' }, label));
  const cards = h(
    'div',
    { class: 'cards' },
    card(o.counts.articles, 'articles', linkTo('/outlets'), 'the articles, by outlet'),
    card(o.counts.outlets, 'outlets', linkTo('/outlets'), 'outlets and their groups'),
    card(o.counts.groups, 'perspective groups', linkTo('/outlets'), 'outlets and their groups'),
    card(o.counts.stories, o.counts.stories === 1 ? 'story' : 'stories', '#stories', 'stories (articles about the same events)'),
    card(o.claims.contested, 'contested claims', linkTo('/claims', { status: 'contested' }), 'claims the texts disagree on'),
    card(o.claims.corroborated, 'corroborated claims', linkTo('/claims', { status: 'corroborated' }), 'claims two or more independent origins state'),
    card(o.claims['single-source'], 'single-source claims', linkTo('/claims', { status: 'single-source' }), 'claims only one origin states'),
    card(o.counts.findings.label ?? 0, 'labels for actors', linkTo('/labels'), 'what each outlet calls each actor'),
    card(o.counts.findings.technique ?? 0, 'technique findings', linkTo('/techniques'), 'propaganda techniques'),
    card(o.counts.findings.event ?? 0, 'event reports', linkTo('/timeline'), 'events on the timeline'),
    card(o.counts.findings.relation ?? 0, 'relations', linkTo('/graph'), 'who supplies, threatens, visits whom'),
  );

  const contrasts = o.contrasts.length
    ? h(
        'table',
        { class: 'grid' },
        h('thead', null, h('tr', null, h('th', null, 'actor'), h('th', { class: 'num' }, 'label contrast'), h('th', { class: 'num' }, 'stance gap'), h('th', null, 'distinctive labels'))),
        h(
          'tbody',
          null,
          o.contrasts.map((c) =>
            h(
              'tr',
              null,
              h('td', null, actorLink(c.actorId, c.canonical)),
              h('td', { class: 'num' }, c.labels ? h('a', { href: linkTo('/labels', { actor: c.actorId }) }, fmt(c.labels.contrast)) : '—'),
              h('td', { class: 'num' }, c.stance ? h('a', { href: linkTo('/stance', { actor: c.actorId }) }, signed(c.stance.difference)) : '—'),
              h(
                'td',
                null,
                c.labels
                  ? Object.entries(c.labels.distinctive)
                      .filter(([, cells]) => cells.length)
                      .map(([col, cells]) =>
                        h(
                          'div',
                          { class: 'distinct' },
                          h('span', { class: 'col' }, `${col}: `),
                          cells.map((l) =>
                            countButton(
                              ctx,
                              // The label isolated in its own direction, so a right-to-left label does not pull the count across.
                              [h('span', { class: 'orig', ...textAttrs(l.language) }, l.label), l.gloss ? h('span', { class: 'gloss', lang: 'en', dir: 'ltr' }, ` ‘${l.gloss}’`) : null, ` ×${l.count}`],
                              `${col} calls ${c.canonical} “${l.label}”${l.gloss ? ` (‘${l.gloss}’)` : ''}`,
                              () => l.mentions.map((m) => ({ ...m, ...(l.gloss ? { gloss: l.gloss } : {}), ...(l.language ? { language: l.language } : {}), note: `${l.connotation}${l.cue ? ` (cue “${l.cue}”)` : ''}` })),
                              { class: `chip ${l.connotation === 'pejorative' ? 'neg' : l.connotation === 'favourable' ? 'pos' : 'neu'}` },
                            ),
                          ),
                        ),
                      )
                  : null,
              ),
            ),
          ),
        ),
      )
    : emptyState('No actor is labelled or judged differently enough across columns to compare.');

  const actors = h(
    'ul',
    { class: 'actor-list' },
    o.actors.slice(0, 20).map((a) =>
      h('li', null, actorLink(a.id, a.canonical), h('span', { class: 'muted' }, ` ${a.kind} · ${plural(a.mentionCount, 'mention')} in ${plural(a.articles, 'article')}`)),
    ),
  );

  const stories = h(
    'ul',
    { class: 'stories', id: 'stories' },
    o.stories.map((s) =>
      h(
        'li',
        null,
        h('a', { href: linkTo('/', { story: s.id }), title: 'filter every view by this story' }, `${s.id}: `, h('span', { dir: 'auto' }, s.title ?? '(untitled)')),
        h('span', { class: 'muted' }, ` ${plural(s.articleIds.length, 'article')}, ${s.first?.slice(0, 10) ?? '?'} – ${s.last?.slice(0, 10) ?? '?'}; `, h('span', { dir: 'auto' }, s.terms.slice(0, 6).join(', '))),
      ),
    ),
  );

  const reps = o.republications.length
    ? h(
        'ul',
        null,
        o.republications.map((r) =>
          h(
            'li',
            null,
            h('a', { href: readerHref(r.articleId) }, `${r.outlet ?? 'unknown outlet'}`),
            r.originalId ? [' republishes ', h('a', { href: readerHref(r.originalId) }, r.originalOutlet ?? 'unknown outlet')] : ' is a republication',
            r.kept !== null ? ` (keeps ${Math.round(r.kept * 100)}% of the original${r.retitled ? ', retitled' : ''})` : '',
          ),
        ),
      )
    : emptyState('None found.');

  const unread = [...ctx.articles.values()].filter((a) => a.language && !isRead(a.language));

  mount(
    ctx.main,
    heading('Corpus overview', `Compared by ${o.by}${o.story ? `, story ${o.story}` : ''}. Every number opens the texts behind it; the filters above apply to every view and live in the address, so a view can be shared.`),
    cards,
    h('section', null, h('h2', null, 'Actors the columns describe most differently'), contrasts),
    unread.length ? notReadSection(unread) : null,
    h('div', { class: 'two' }, h('section', null, h('h2', null, 'Most mentioned actors'), actors), h('section', null, h('h2', null, 'Stories'), stories, h('h2', null, 'Republications'), reps)),
  );
};

/** Articles in languages Parallax does not read: listed with their language and a note, never dropped. */
function notReadSection(unread: ArticleSummary[]): HTMLElement {
  return h(
    'section',
    { id: 'not-read' },
    h('h2', null, `Not read (${unread.length})`),
    h(
      'table',
      { class: 'grid not-read' },
      h('thead', null, h('tr', null, h('th', null, 'article'), h('th', null, 'outlet'), h('th', null, 'language'), h('th', null, 'note'))),
      h(
        'tbody',
        null,
        unread.map((a) =>
          h(
            'tr',
            { data: { language: a.language ?? 'und' } },
            h('td', null, h('a', { href: readerHref(a.id), ...textAttrs(a.language) }, a.title ?? a.id)),
            h('td', { dir: 'auto' }, a.outlet ?? 'unknown outlet'),
            h('td', null, languageName(a.language), ' ', langBadge(a.language)),
            h('td', { class: 'note' }, notReadNote(a.language)),
          ),
        ),
      ),
    ),
  );
}
