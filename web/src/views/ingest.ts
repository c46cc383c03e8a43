import type { Job } from '../context.js';
import { post } from '../api.js';
import type { View } from '../context.js';
import { h, mount } from '../dom.js';
import { emptyState, heading, readerHref } from './common.js';

interface IngestResult {
  ingest: { ingested: number; skipped: number; failed: number; republications: number };
  ingested: Array<{ id: string; title: string | null; outlet: string | null }>;
  skipped: Array<{ source: string; reason: string }>;
  failed: Array<{ source: string; error: string; code: string }>;
  analyze: { analyzed: number; findings: number } | null;
}

export const ingestView: View = async (ctx) => {
  const out = h('div', { class: 'ingest-result', aria: { live: 'polite' } });
  const showResult = (job: Job) => {
    if (job.state === 'failed') {
      mount(out, h('div', { class: 'error', role: 'alert' }, job.error?.message ?? 'failed'));
      return;
    }
    const r = job.result as IngestResult | { analyzed: number; current: number; findings: number };
    if ('ingest' in r) {
      mount(
        out,
        h('p', null, `${r.ingest.ingested} ingested, ${r.ingest.skipped} skipped, ${r.ingest.failed} failed${r.analyze ? `; ${r.analyze.analyzed} analysed (${r.analyze.findings} findings)` : ''}.`),
        h('ul', null, r.ingested.map((a) => h('li', null, h('a', { href: readerHref(a.id) }, a.title ?? a.id), ` — ${a.outlet ?? 'unknown outlet'}`))),
        r.skipped.length ? h('ul', { class: 'muted' }, r.skipped.map((s) => h('li', null, `skipped ${s.source}: ${s.reason}`))) : null,
        r.failed.length ? h('ul', { class: 'error' }, r.failed.map((f) => h('li', null, `${f.source}: ${f.error}`))) : null,
      );
    } else mount(out, h('p', null, `${r.analyzed} analysed, ${r.current} already current, ${r.findings} findings.`));
  };
  const field = (name: string, label: string, placeholder = '') => h('label', { class: 'field' }, h('span', null, label), h('input', { type: 'text', name, placeholder }));

  const text = h('textarea', { name: 'text', rows: '10', placeholder: 'Paste an article (plain text or HTML), a JSON article {"title","text","outlet","published"}, JSON Lines or a feed' });
  const file = h('input', { type: 'file', name: 'file', aria: { label: 'or choose a file' } });
  const upForm = h(
    'form',
    {
      class: 'ingest',
      on: {
        submit: (e) => {
          e.preventDefault();
          const f = file.files?.[0];
          const fd = new FormData(upForm);
          const q = { outlet: String(fd.get('outlet') ?? ''), group: String(fd.get('group') ?? ''), published: String(fd.get('published') ?? '') };
          const body: Blob | string | null = f ?? (text.value.trim() ? text.value : null);
          if (!body) {
            mount(out, h('div', { class: 'error' }, 'Paste a text or choose a file first.'));
            return;
          }
          const type = f?.type || (/^\s*</.test(text.value) ? 'text/html' : /^\s*[[{]/.test(text.value) ? 'application/json' : 'text/plain');
          void ctx.runJob(() => post<{ job: Job }>('articles', body, q, type), 'Ingesting').then(showResult);
        },
      },
    },
    h('h2', null, 'Upload or paste'),
    text,
    file,
    h('div', { class: 'row' }, field('outlet', 'Outlet', 'detected when empty'), field('group', 'Perspective group'), field('published', 'Published', 'YYYY-MM-DD')),
    h('button', { type: 'submit' }, 'Ingest and analyse'),
  );
  const urls = h('textarea', { name: 'urls', rows: '4', placeholder: 'https://… (one URL of an article or a feed per line)' });
  const urlForm = h(
    'form',
    {
      class: 'ingest',
      on: {
        submit: (e) => {
          e.preventDefault();
          const list = urls.value.split(/\s+/).map((u) => u.trim()).filter(Boolean);
          if (!list.length) {
            mount(out, h('div', { class: 'error' }, 'Give at least one URL.'));
            return;
          }
          const fd = new FormData(urlForm);
          void ctx
            .runJob(() => post<{ job: Job }>('ingest', { urls: list, outlet: String(fd.get('outlet') ?? '') || undefined, group: String(fd.get('group') ?? '') || undefined }), 'Fetching')
            .then(showResult)
            .catch((err: unknown) => mount(out, h('div', { class: 'error', role: 'alert' }, err instanceof Error ? err.message : String(err))));
        },
      },
    },
    h('h2', null, 'Fetch by URL'),
    h('p', { class: 'muted' }, 'Addresses on this machine or a private network are refused unless the server was started with --allow-private.'),
    urls,
    h('div', { class: 'row' }, field('outlet', 'Outlet', 'detected when empty'), field('group', 'Perspective group')),
    h('button', { type: 'submit' }, 'Fetch, ingest and analyse'),
  );
  const analyse = h(
    'section',
    { class: 'ingest' },
    h('h2', null, 'Analyse'),
    h('p', { class: 'muted' }, `${ctx.facets.analysed} of ${ctx.facets.articles} articles have a current analysis.`),
    h('button', { type: 'button', name: 'analyse', on: { click: () => void ctx.runJob(() => post<{ job: Job }>('analyze', {}), 'Analysing').then(showResult) } }, 'Analyse what is new or stale'),
    ' ',
    h('button', { type: 'button', name: 'reanalyse', on: { click: () => void ctx.runJob(() => post<{ job: Job }>('analyze', { force: true }), 'Re-analysing').then(showResult) } }, 'Re-analyse everything'),
  );
  mount(ctx.main, heading('Add articles', 'New material is cleaned, stored and analysed as the story moves; progress shows at the top right.'), out, h('div', { class: 'two' }, upForm, urlForm), analyse, ctx.facets.articles ? null : emptyState('The corpus is empty so far.'));
};
