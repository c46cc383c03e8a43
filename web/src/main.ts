import './styles.css';
import type { ArticleSummary } from '../../src/storage/store.js';
import { ApiError, get, post } from './api.js';
import type { EvidenceItem, Facets, Job, View, ViewContext } from './context.js';
import { h, mount } from './dom.js';
import { current, linkTo, navigate, onNavigate } from './state.js';
import { articleLine, isRead, langBadge, languageName, readerHref, textAttrs } from './views/common.js';
import { overviewView } from './views/overview.js';
import { outletsView } from './views/outlets.js';
import { labelsView } from './views/labels.js';
import { stanceView } from './views/stance.js';
import { techniquesView } from './views/techniques.js';
import { claimsView } from './views/claims.js';
import { timelineView } from './views/timeline.js';
import { graphView } from './views/graph.js';
import { searchView } from './views/search.js';
import { readerView } from './views/reader.js';
import { ingestView } from './views/ingest.js';

interface RouteEntry {
  path: string;
  title: string;
  view: View;
  nav: boolean;
}

const ROUTES: RouteEntry[] = [
  { path: '/', title: 'Overview', view: overviewView, nav: true },
  { path: '/outlets', title: 'Outlets & groups', view: outletsView, nav: true },
  { path: '/labels', title: 'Labels', view: labelsView, nav: true },
  { path: '/stance', title: 'Stance', view: stanceView, nav: true },
  { path: '/techniques', title: 'Techniques', view: techniquesView, nav: true },
  { path: '/claims', title: 'Claims & omissions', view: claimsView, nav: true },
  { path: '/timeline', title: 'Timeline', view: timelineView, nav: true },
  { path: '/graph', title: 'Relation graph', view: graphView, nav: true },
  { path: '/search', title: 'Search', view: searchView, nav: true },
  { path: '/ingest', title: 'Add articles', view: ingestView, nav: true },
  { path: '/article', title: 'Article', view: readerView, nav: false },
];

const root = document.getElementById('app')!;
const nav = h('nav', { class: 'nav', aria: { label: 'views' } });
const filterBar = h('form', { class: 'filters', id: 'filters', role: 'search', on: { submit: (e) => e.preventDefault() } });
const banner = h('div', { class: 'banner', id: 'banner' });
const jobBar = h('div', { class: 'jobbar', id: 'jobbar' });
const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
const drawerBody = h('div', { class: 'drawer-body' });
const drawerTitle = h('h2', { id: 'drawer-title' });
const drawerSub = h('p', { class: 'muted' });
const drawer = h(
  'aside',
  { class: 'drawer', id: 'evidence', aria: { label: 'evidence', hidden: 'true' } },
  h('div', { class: 'drawer-head' }, drawerTitle, h('button', { type: 'button', class: 'close', title: 'close', aria: { label: 'close evidence' }, on: { click: () => closeDrawer() } }, '×')),
  drawerSub,
  drawerBody,
);

mount(
  root,
  h(
    'header',
    { class: 'top' },
    h('a', { href: '/', class: 'brand', title: 'Parallax: how different outlets tell the same story' }, 'Parallax'),
    nav,
    jobBar,
  ),
  filterBar,
  banner,
  h('div', { class: 'layout' }, main, drawer),
);

let facets: Facets = { outlets: [], groups: [], stories: [], actors: [], dates: { first: null, last: null }, languages: [], articles: 0, analysed: 0, unanalysed: 0 };
let articles = new Map<string, ArticleSummary>();

async function refresh(): Promise<void> {
  const [f, list] = await Promise.all([get<Facets>('facets'), get<ArticleSummary[]>('articles', { limit: 0 })]);
  facets = f;
  articles = new Map(list.map((a) => [a.id, a]));
}

function closeDrawer(): void {
  drawer.classList.remove('open');
  drawer.setAttribute('aria-hidden', 'true');
}

function showEvidence(title: string, items: EvidenceItem[], subtitle?: string): void {
  drawerTitle.textContent = title;
  drawerSub.textContent = subtitle ?? `${items.length} place${items.length === 1 ? '' : 's'} in the texts`;
  const list = h('ol', { class: 'evidence-list' });
  for (const it of items) {
    const a = articles.get(it.articleId);
    list.append(
      h(
        'li',
        { class: 'evidence-item' },
        articleLine(a, it.articleId),
        it.note ? h('div', { class: 'note' }, it.note) : null,
        // The words as written (right to left when their language is), with the English gloss beside them.
        h('blockquote', { class: 'evidence-text', ...textAttrs(it.language ?? a?.language) }, it.evidence),
        it.gloss ? h('div', { class: 'gloss', lang: 'en', dir: 'ltr' }, `‘${it.gloss}’`) : null,
        h('a', { href: readerHref(it.articleId, it.span), class: 'open-reader', data: { article: it.articleId } }, 'Open in the article →'),
      ),
    );
  }
  if (!items.length) list.append(h('li', { class: 'muted' }, 'No evidence recorded.'));
  mount(drawerBody, list);
  drawer.classList.add('open');
  drawer.setAttribute('aria-hidden', 'false');
}

let activeJob: Promise<Job> | null = null;

async function runJob(start: () => Promise<{ job: Job }>, label: string): Promise<Job> {
  if (activeJob) await activeJob.catch(() => undefined);
  const bar = h('progress', { max: '1', value: '0' });
  const text = h('span', { class: 'job-text' }, `${label}: starting…`);
  mount(jobBar, h('div', { class: 'job', role: 'status', aria: { live: 'polite' } }, text, bar));
  activeJob = (async () => {
    let job: Job;
    try {
      job = (await start()).job;
    } catch (e) {
      text.textContent = `${label} refused: ${e instanceof Error ? e.message : String(e)}`;
      jobBar.classList.add('failed');
      throw e;
    }
    jobBar.classList.remove('failed');
    while (job.state === 'queued' || job.state === 'running') {
      const { phase, done, total } = job.progress;
      text.textContent = `${label}: ${phase} ${done}${total ? ` / ${total}` : ''}`;
      if (total) {
        bar.max = total;
        bar.value = done;
      } else bar.removeAttribute('value');
      await new Promise((r) => setTimeout(r, 400));
      job = await get<Job>(`jobs/${encodeURIComponent(job.id)}`);
    }
    text.textContent = job.state === 'done' ? `${label}: done` : `${label} failed: ${job.error?.message ?? 'unknown error'}`;
    bar.max = 1;
    bar.value = 1;
    jobBar.classList.toggle('failed', job.state === 'failed');
    await refresh();
    renderChrome();
    setTimeout(() => {
      if (!activeJob) jobBar.replaceChildren();
    }, 6000);
    return job;
  })().finally(() => {
    activeJob = null;
  });
  return activeJob;
}

function option(value: string, label: string, selected: boolean): HTMLOptionElement {
  return h('option', { value, selected }, label);
}

/** Updates one URL parameter (keeping the view and the others) and re-renders. */
function setParam(key: string, value: string | null): void {
  navigate(linkTo(location.pathname, { [key]: value }, [...new URLSearchParams(location.search).keys()]));
}

function renderFilters(): void {
  const p = current().params;
  const sel = (key: string, label: string, opts: Array<[string, string]>) =>
    h(
      'label',
      { class: 'filter' },
      h('span', null, label),
      h(
        'select',
        { name: key, on: { change: (e) => setParam(key, (e.target as HTMLSelectElement).value || null) } },
        option('', `all`, !p.get(key)),
        opts.map(([v, l]) => option(v, l, p.get(key) === v)),
        // A value from a shared link that is not in the corpus any more stays visible.
        p.get(key) && !opts.some(([v]) => v === p.get(key)) ? option(p.get(key)!, p.get(key)!, true) : null,
      ),
    );
  const date = (key: string, label: string) =>
    h(
      'label',
      { class: 'filter' },
      h('span', null, label),
      h('input', {
        type: 'date',
        name: key,
        value: p.get(key) ?? '',
        min: facets.dates.first?.slice(0, 10),
        max: facets.dates.last?.slice(0, 10),
        on: { change: (e) => setParam(key, (e.target as HTMLInputElement).value || null) },
      }),
    );
  const any = ['outlet', 'group', 'actor', 'story', 'from', 'to', 'language'].some((k) => p.get(k));
  const by = p.get('by') === 'outlet' || !facets.groups.length ? 'outlet' : 'group';
  mount(
    filterBar,
    sel('outlet', 'Outlet', facets.outlets.map((o) => [o.name, `${o.name} (${o.articles})`])),
    sel('group', 'Group', facets.groups.map((g) => [g.name, `${g.name} (${g.articles})`])),
    sel('actor', 'Actor', facets.actors.slice(0, 300).map((a) => [a.id, `${a.canonical} (${a.mentions})`])),
    facets.languages.length > 1 || p.get('language')
      ? sel('language', 'Language', facets.languages.map((l) => [l, `${languageName(l)} (${l})${isRead(l) ? '' : ', not read'}`]))
      : null,
    sel('story', 'Story', facets.stories.map((s) => [s.id, `${s.id}: ${s.title ?? '(untitled)'} (${s.articles})`])),
    date('from', 'From'),
    date('to', 'To'),
    h(
      'label',
      { class: 'filter' },
      h('span', null, 'Columns'),
      h(
        'select',
        { name: 'by', on: { change: (e) => setParam('by', (e.target as HTMLSelectElement).value) } },
        facets.groups.length ? option('group', 'by group', by === 'group') : null,
        option('outlet', 'by outlet', by === 'outlet'),
      ),
    ),
    h(
      'label',
      { class: 'filter check', title: "Count findings inside quotations too (default: only the outlet's own words)" },
      h('input', { type: 'checkbox', name: 'includeQuotes', checked: p.get('includeQuotes') === 'true', on: { change: (e) => setParam('includeQuotes', (e.target as HTMLInputElement).checked ? 'true' : null) } }),
      h('span', null, 'count quoted words'),
    ),
    any ? h('a', { class: 'clear', href: linkTo(location.pathname, { outlet: null, group: null, actor: null, story: null, from: null, to: null, language: null }, [...p.keys()]) }, 'clear filters') : null,
  );
}

function renderNav(path: string): void {
  mount(
    nav,
    ROUTES.filter((r) => r.nav).map((r) =>
      h('a', { href: linkTo(r.path, {}, ['outlet', 'group', 'actor', 'story', 'from', 'to', 'language', 'by', 'includeQuotes']), class: r.path === path ? 'active' : '', aria: r.path === path ? { current: 'page' } : {} }, r.title),
    ),
  );
}

function renderBanner(): void {
  if (!facets.articles) {
    mount(banner, h('p', null, 'The corpus is empty. ', h('a', { href: '/ingest' }, 'Add articles'), ' (or run "parallax ingest" and "parallax analyze").'));
  } else if (facets.unanalysed) {
    mount(
      banner,
      h(
        'p',
        null,
        `${facets.unanalysed} article${facets.unanalysed === 1 ? ' has' : 's have'} no current analysis and are left out of the views. `,
        h('button', { type: 'button', on: { click: () => void runJob(() => post<{ job: Job }>('analyze', {}), 'Analysing').then(() => render()) } }, 'Analyse now'),
      ),
    );
  } else banner.replaceChildren();
}

function renderChrome(): void {
  const { path } = current();
  renderNav(ROUTES.find((r) => r.path === path || (r.path !== '/' && path.startsWith(`${r.path}/`)))?.path ?? path);
  renderFilters();
  renderBanner();
}

let renderSeq = 0;

async function render(): Promise<void> {
  const seq = ++renderSeq;
  const { path, params } = current();
  const route = ROUTES.find((r) => r.path === path) ?? ROUTES.find((r) => r.path !== '/' && path.startsWith(`${r.path}/`));
  renderChrome();
  closeDrawer();
  const target = h('div', { class: 'view' });
  mount(main, h('p', { class: 'loading muted' }, 'Loading…'));
  if (!route) {
    mount(main, h('h1', null, 'Not found'), h('p', null, 'There is no such page. ', h('a', { href: '/' }, 'Go to the overview.')));
    return;
  }
  document.title = `${route.title} · Parallax`;
  const ctx: ViewContext = { params, facets, articles, main: target, showEvidence, runJob, refresh };
  try {
    await route.view(ctx);
  } catch (e) {
    if (seq !== renderSeq) return;
    const msg = e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e);
    // Nothing to show for these filters is not a failure: say so plainly.
    const quiet = e instanceof ApiError && e.code === 'E_NOT_FOUND';
    mount(target, h('h1', null, route.title), h('div', { class: quiet ? 'empty muted' : 'error', role: quiet ? 'status' : 'alert' }, msg), quiet ? h('p', null, h('a', { href: linkTo(location.pathname, { actor: null, story: null }, [...params.keys()]) }, 'Clear the actor and story filters')) : null);
  }
  if (seq !== renderSeq) return;
  mount(main, target);
  document.body.dataset.view = route.path.slice(1) || 'overview';
  document.body.dataset.ready = String(seq);
}

onNavigate(() => void render());
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') closeDrawer();
});

refresh()
  .catch((e: unknown) => {
    mount(banner, h('p', { class: 'error' }, `Cannot reach the API: ${e instanceof Error ? e.message : String(e)}`));
  })
  .then(() => render());

export { navigate };
