import { UNKNOWN_OUTLET, outletColumn } from '../core/article.js';
import { createHash } from 'node:crypto';
import type { Finding } from '../core/finding.js';
import type { Comparison, EvidenceRef } from '../compare/index.js';
import { articleAnchor, esc, highlightText, jsonForScript, langTag, languageName, safeUrl, scriptSafe, spanAnchor, textDir } from './html.js';
import { READ_LANGUAGES } from '../core/lang/index.js';
import { languagesTable, notReadHtml } from './languages.js';
import type { ReportContext } from './context.js';
import { graphData, type GraphData } from './graph-data.js';

/**
 * The sections of the HTML report (src/report/index.ts puts them together), one function each. Every function that
 * links a number to its evidence registers lists in ctx.ev, whose ids follow the order of registration: buildReport
 * calls the sections in a fixed order, and the evidence lists are built last.
 */

/** Places listed per evidence list; the JSON keeps them all. */
const MAX_EVIDENCE = 40;
/** Claim clusters shown (contested first, then by origins). */
const MAX_CLAIMS = 250;

const STATUS_TEXT: Record<string, string> = { corroborated: 'corroborated', 'single-source': 'single source', contested: 'contested' };

const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 100)}%`);
const fmtDate = (iso: string | null): string => (iso ? iso.replace('T', ' ').slice(0, 16) : 'undated');

function section(id: string, title: string, body: string, note = ''): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>${note ? `<p class="note">${note}</p>` : ''}${body}</section>`;
}
const none = (what: string): string => `<p class="empty">No ${esc(what)} yet: the analyzers that produce them found nothing in this corpus (or have not run).</p>`;

/** A timeline event in words: its type and first participants. */
const tlLabel = (e: Comparison['timeline'][number]): string => `${e.eventType}${e.participants.length ? `: ${e.participants.slice(0, 4).map((p) => p.canonical).join(', ')}` : ''}`;

export interface StanceSection {
  stanceHtml: string;
  stanceCols: string[];
  stanceRows: Comparison['stance'];
}
export interface TechniquesSection {
  techHtml: string;
  techCols: string[];
  techNames: string[];
  techCell: (col: string, tech: string) => Comparison['techniques'][number]['techniques'][number] | undefined;
}
export interface GraphSection {
  graph: GraphData;
  graphHtml: string;
}
export interface ArticlesSection {
  articlesHtml: string;
  unlisted: number;
}

/** Overview: counts, outlets with their languages and dated articles, findings by kind, stories. */
export function overviewSection(ctx: ReportContext): string {
  const { cmp, items, itemById, languages, multilingual, notRead, articleLink, outletOf, langOf } = ctx;
  const kinds = Object.entries(cmp.counts.findings).sort((a, b) => b[1] - a[1]);
  const outletRows = cmp.outlets
    .map((o) => {
      const ids = cmp.articles.filter((a) => a.outlet === o.name).map((a) => a.id);
      const langs = [...new Set(ids.map((id) => langOf(id) ?? 'und'))].sort();
      return `<tr><td dir="auto">${esc(o.name)}</td><td>${langs.map((l) => langTag(l)).join(' ')}</td><td>${esc(o.group ?? '—')}</td><td class="n"><a class="num" href="#articles" title="articles">${o.articles}</a></td><td class="n">${o.words}</td><td>${ids
        .slice(0, 12)
        .map((id) => articleLink(id, fmtDate(itemById.get(id)?.article.published ?? null)))
        .join(', ')}${ids.length > 12 ? ` … +${ids.length - 12}` : ''}</td></tr>`;
    })
    .join('');
  const storyRows = cmp.stories
    .slice(0, 50)
    .map(
      (s) =>
        `<tr><td>${esc(s.id)}${s.override ? ' <span class="tag">override</span>' : ''}</td><td dir="auto">${esc(s.title ?? '(untitled)')}</td><td class="n">${s.articleIds.length}</td><td>${esc(Object.keys(s.outlets).join(', '))}</td><td>${esc(s.terms.slice(0, 5).join(', '))}</td><td>${s.articleIds
          .slice(0, 8)
          .map((id) => articleLink(id, outletOf(id)))
          .join(', ')}${s.articleIds.length > 8 ? ' …' : ''}</td></tr>`,
    )
    .join('');
  const overview = section(
    'overview',
    'Overview',
    `<div class="cards"><div><b>${cmp.counts.articles}</b> articles</div><div><b>${cmp.counts.outlets}</b> outlets</div><div><b>${cmp.counts.groups}</b> perspective groups</div><div><b>${cmp.counts.stories}</b> stories</div><div><b>${languages.length}</b> language${languages.length === 1 ? '' : 's'}</div>${notRead.length ? `<div class="warn"><a href="#not-read"><b>${notRead.length}</b> not read</a></div>` : ''}<div><b>${cmp.claims.length}</b> claim clusters</div><div><b>${cmp.contradictions.length}</b> contradictions</div></div>
<div class="chart"><canvas id="chart-outlets" aria-label="Articles per outlet"></canvas></div>
<h3>Outlets</h3><table><thead><tr><th>outlet</th><th>language</th><th>group</th><th>articles</th><th>words</th><th>articles (by date)</th></tr></thead><tbody>${outletRows}</tbody></table>
${multilingual || notRead.length ? languagesTable(items) : ''}
<h3>Findings by kind</h3><p>${kinds.map(([k, n]) => `${esc(k)}: ${n}`).join(' · ') || 'none'}</p>
<h3>Stories</h3><table><thead><tr><th>id</th><th>story</th><th>articles</th><th>outlets</th><th>key words</th><th>articles</th></tr></thead><tbody>${storyRows}</tbody></table>${cmp.stories.length > 50 ? `<p class="note">${cmp.stories.length - 50} more stories in the JSON export.</p>` : ''}`,
    `Compared by <b>${esc(cmp.by)}</b>${cmp.story ? `, story <b>${esc(cmp.story)}</b>` : ''}; ${cmp.includeQuotes ? 'words inside quotations included' : "only the outlets' own words count (quotations are the speaker's)"}.`,
  );
  return overview;
}

/** Label matrix: what each column calls each actor, most contrasting first. */
export function labelsSection(ctx: ReportContext): string {
  const { cmp, ev, maxActors, multilingual } = ctx;
  const labelRows = cmp.labels.slice(0, maxActors);
  const labelsHtml = labelRows.length
    ? labelRows
        .map((r) => {
          const cols = Object.keys(r.columns).sort();
          return `<div class="actor-block"><h3><span dir="auto">${esc(r.canonical)}</span> <span class="dim">contrast ${r.contrast.toFixed(2)} · divergence ${r.divergence.toFixed(2)}</span></h3><table class="labels"><tbody>${cols
            .map(
              (c) =>
                `<tr><th dir="auto">${esc(c)} <span class="dim">(${r.support[c] ?? 0})</span></th><td>${r.columns[c]
                  .map((cell) => {
                    // Words in another language are shown as written (the most frequent form), with the English gloss beside them.
                    const foreign = Boolean(cell.language && cell.language !== 'en');
                    const words = foreign ? (Object.keys(cell.forms)[0] ?? cell.label) : cell.label;
                    const gloss = cell.gloss ? ` <span class="gloss" lang="en" dir="ltr">‘${esc(cell.gloss)}’</span>` : '';
                    const tag = multilingual || foreign ? `${langTag(cell.language ?? 'und')} ` : '';
                    return `<span class="lab c-${esc(cell.connotation)}" data-language="${esc(cell.language ?? 'und')}" title="${esc(`${cell.labelType}${cell.language ? `; ${languageName(cell.language)}` : ''}${cell.cue ? `; cue: ${cell.cue}` : ''}`)}">${tag}<span class="orig"${textDir(cell.language)}>${esc(words)}</span>${gloss} ${ev.link(`×${cell.count}`, `${r.canonical} called “${words}”${cell.gloss ? ` (‘${cell.gloss}’)` : ''} by ${c}`, cell.mentions)}</span>`;
                  })
                  .join(' ')}</td></tr>`,
            )
            .join('')}</tbody></table></div>`;
        })
        .join('')
    : none('labels');
  return labelsHtml;
}

/** Stance heatmap (src/compare/stance.ts: scores shrunk toward neutral, ~95% intervals), with the columns and rows drawn by the chart. */
export function stanceSection(ctx: ReportContext): StanceSection {
  const { cmp, ev, maxActors } = ctx;
  const stanceCols = [...new Set(cmp.stance.flatMap((r) => Object.keys(r.columns)))].sort();
  const stanceRows = [...cmp.stance].sort((a, b) => b.n - a.n || a.actorId.localeCompare(b.actorId)).slice(0, maxActors);
  const bucket = (m: number) => (m <= -0.4 ? 'sn2' : m < -0.1 ? 'sn1' : m <= 0.1 ? 's0' : m < 0.4 ? 'sp1' : 'sp2');
  const stanceHtml = stanceRows.length
    ? `<div class="chart tall"><canvas id="chart-stance" aria-label="Stance by actor and column"></canvas></div><table class="heat"><thead><tr><th>actor</th>${stanceCols.map((c) => `<th>${esc(c)}</th>`).join('')}<th>spread</th></tr></thead><tbody>${stanceRows
        .map(
          (r) =>
            `<tr><th>${esc(r.canonical)}</th>${stanceCols
              .map((c) => {
                const cell = r.columns[c];
                if (!cell) return '<td class="na">—</td>';
                return `<td class="${bucket(cell.score)}${cell.clear ? '' : ' unclear'}" title="${esc(`${cell.reasons ? `${cell.reasons}. ` : ''}~95% interval ${cell.interval[0]} … ${cell.interval[1]}; ${cell.counts.negative} negative, ${cell.counts.neutral} neutral, ${cell.counts.positive} positive sentences`)}">${ev.link(cell.score.toFixed(2), `stance of ${c} toward ${r.canonical} (strongest sentences)`, cell.evidence)}<span class="dim">n=${cell.n}</span></td>`;
              })
              .join('')}<td class="n">${r.spread.toFixed(2)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : none('stance findings');
  return { stanceHtml, stanceCols, stanceRows };
}

/** Techniques by column (src/compare/techniques.ts), with what the chart needs. */
export function techniquesSection(ctx: ReportContext): TechniquesSection {
  const { cmp, ev } = ctx;
  const techCols = cmp.techniques.map((c) => c.column);
  const techTotals = new Map<string, number>();
  for (const c of cmp.techniques) for (const cell of c.techniques) techTotals.set(cell.technique, (techTotals.get(cell.technique) ?? 0) + cell.count);
  const techNames = [...techTotals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map((x) => x[0]);
  const techCell = (col: string, tech: string) => cmp.techniques.find((c) => c.column === col)?.techniques.find((x) => x.technique === tech);
  const techHtml = techNames.length
    ? `<div class="chart"><canvas id="chart-techniques" aria-label="Techniques per 1,000 words"></canvas></div><table><thead><tr><th>technique</th>${techCols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${techNames
        .map((tech) => `<tr><th>${esc(tech)}</th>${techCols.map((c) => {
          const cell = techCell(c, tech);
          return `<td class="n">${cell ? `${ev.link(cell.count, `${tech} in ${c}`, cell.evidence)} <span class="dim">${cell.per1000}/1k</span>` : '0'}</td>`;
        }).join('')}</tr>`)
        .join('')}<tr><th>words</th>${cmp.techniques.map((c) => `<td class="n">${c.words}</td>`).join('')}</tr></tbody></table>`
    : none('technique findings');
  return { techHtml, techCols, techNames, techCell };
}

/** Claim clusters with their contradictions. */
export function claimsSection(ctx: ReportContext): string {
  const { cmp, ev } = ctx;
  const contradictionById = new Map(cmp.contradictions.map((c) => [c.id, c]));
  const claimsHtml = cmp.claims.length
    ? `<table class="claims"><thead><tr><th>status</th><th>kind</th><th>claim</th><th>origins</th><th>sources</th></tr></thead><tbody>${cmp.claims
        .slice(0, MAX_CLAIMS)
        .map((c) => {
          const byOutlet = new Map<string, EvidenceRef[]>();
          for (const s of c.sources) {
            const k = s.outlet ?? UNKNOWN_OUTLET;
            byOutlet.set(k, [...(byOutlet.get(k) ?? []), s]);
          }
          const contra = c.contradictions.map((id) => contradictionById.get(id)).filter(Boolean);
          return `<tr id="claim-${esc(c.id)}" class="st-${esc(c.status)}"><td><span class="badge st-${esc(c.status)}">${esc(STATUS_TEXT[c.status])}</span></td><td>${esc(c.kind)}</td><td><span dir="auto">${esc(c.statement)}</span>${c.statement !== c.label ? ` <span class="dim">(${esc(c.label)})</span>` : ''}${contra
            .map(
              (x) =>
                `<div class="contra">${esc(x!.description)}: ${x!.sides.map((s) => `${esc(s.position)} (${ev.link(`${s.sources.length}`, `${c.label}: ${s.position}`, s.sources)})`).join(' vs ')}<table class="pair"><tr>${[x!.pair.a, x!.pair.b]
                  .map((p) => `<td><b>${esc(p.outlet ?? UNKNOWN_OUTLET)}</b>: <q dir="auto">${esc(p.sentence ?? p.evidence)}</q> ${ev.link('source', `${c.label}: ${p.outlet ?? UNKNOWN_OUTLET}`, [p])}</td>`)
                  .join('')}</tr></table></div>`,
            )
            .join('')}</td><td class="n">${ev.link(c.origins, `${c.label}: all sources`, c.sources)}</td><td>${[...byOutlet]
            .slice(0, 8)
            .map(([o, refs]) => `${esc(o)} ${ev.link(`×${refs.length}`, `${c.label} in ${o}`, refs)}`)
            .join('; ')}${byOutlet.size > 8 ? `; <span class="dim">+${byOutlet.size - 8} more outlets (see all sources)</span>` : ''}</td></tr>`;
        })
        .join('')}</tbody></table>${cmp.claims.length > MAX_CLAIMS ? `<p class="note">${cmp.claims.length - MAX_CLAIMS} more claim clusters (mostly single-source) in the JSON export.</p>` : ''}`
    : none('claims, figures, relations or events to align');
  return claimsHtml;
}

/** Omissions per column. */
export function omissionsSection(ctx: ReportContext): string {
  const { cmp, ev } = ctx;
  const omHtml = cmp.omissions.some((o) => o.items.length)
    ? cmp.omissions
        .map(
          (o) =>
            `<h3>${esc(o.column)} <span class="dim">(${o.articles} articles)</span></h3>${
              o.items.length
                ? `<table><thead><tr><th>left out</th><th>type</th><th>why it matters</th><th>where others report it</th></tr></thead><tbody>${o.items
                    .slice(0, 25)
                    .map((i) => `<tr><td dir="auto">${i.type === 'actor' ? esc(i.statement) : `<a href="#claim-${esc(i.ref)}">${esc(i.statement)}</a>`}</td><td>${esc(i.type)}</td><td>${esc(i.why)}</td><td class="n">${ev.link(i.evidence.length, `${i.label} as reported by others`, i.evidence)}</td></tr>`)
                    .join('')}</tbody></table>${o.total > o.items.length ? `<p class="note">The ${o.items.length} most central of ${o.total}; all of them with <code>parallax compare --all</code>.</p>` : ''}`
                : '<p class="empty">Nothing others report with enough support is missing here.</p>'
            }`,
        )
        .join('')
    : none('omissions');
  return omHtml;
}

/** Contrasts by actor: label contrast and stance difference. */
export function contrastsSection(ctx: ReportContext): string {
  const { cmp, ev, maxActors } = ctx;
  const contrastHtml = cmp.contrasts.length
    ? `<table><thead><tr><th>actor</th><th>label contrast</th><th>distinctive labels</th><th>stance difference</th></tr></thead><tbody>${cmp.contrasts
        .slice(0, maxActors)
        .map(
          (c) =>
            `<tr><th>${esc(c.canonical)}</th><td class="n">${c.labels ? `${c.labels.contrast.toFixed(2)} <span class="dim">(${Object.entries(c.labels.support).map(([k, v]) => `${esc(k)}: ${v}`).join(', ')})</span>` : '—'}</td><td>${
              c.labels
                ? Object.entries(c.labels.distinctive)
                    .map(([col, cells]) => `<div><b>${esc(col)}</b>: ${cells.map((x) => `<span class="lab c-${esc(x.connotation)}"${textDir(x.language)}>${esc(x.label)}</span>${x.gloss ? ` <span class="gloss">‘${esc(x.gloss)}’</span>` : ''} ${ev.link(`×${x.count}`, `${c.canonical} called “${x.label}” by ${col}`, x.mentions)}`).join(', ')}</div>`)
                    .join('')
                : ''
            }</td><td>${c.stance ? `${ev.link(c.stance.difference.toFixed(2), `stance toward ${c.canonical}: ${c.stance.high} vs ${c.stance.low}`, c.stance.evidence)} (${esc(c.stance.high)} vs ${esc(c.stance.low)}; n≥${c.stance.support}${c.stance.separated ? ', intervals apart' : ', intervals overlap'})` : '—'}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : none('contrasts (too few labels or stance findings per column)');
  return contrastHtml;
}

/** Republications: copies and their originals. */
export function republicationsSection(ctx: ReportContext): string {
  const { cmp, itemById, articleLink } = ctx;
  const repHtml = cmp.republications.length
    ? `<table><thead><tr><th>copy</th><th>original</th><th>signals</th><th>kept</th><th>added</th><th>retitled</th><th>re-labelled</th></tr></thead><tbody>${cmp.republications
        .map(
          (r) =>
            `<tr><td>${articleLink(r.articleId, `${r.outlet ?? UNKNOWN_OUTLET}: ${r.title ?? r.articleId}`)}</td><td>${r.originalId && itemById.has(r.originalId) ? articleLink(r.originalId, `${r.originalOutlet ?? ''}: ${r.originalTitle ?? r.originalId}`) : r.wire ? `wire story by ${esc(r.wire)} (original not in the corpus)` : esc(r.originalId ?? '—')}</td><td>${esc(r.signals.join(', '))}</td><td class="n">${pct(r.kept)}${r.trimmed ? ' <span class="tag">trimmed</span>' : ''}</td><td class="n">${pct(r.added)}</td><td>${r.retitled ? 'yes' : r.originalId ? 'no' : '—'}</td><td>${r.relabelled.map((x) => `${esc(x.canonical)}: ${esc(x.onlyInCopy.join(', '))}${x.onlyInOriginal.length ? ` <span class="dim">(original: ${esc(x.onlyInOriginal.join(', '))})</span>` : ''}`).join('<br>') || '—'}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="empty">No article in this corpus is marked as a copy of another (no near-duplicate, no wire byline).</p>';
  return repHtml;
}

/** Timeline of dated events (src/compare/timeline.ts). */
export function timelineSection(ctx: ReportContext): string {
  const { cmp, ev } = ctx;
  const tlHtml = cmp.timeline.length
    ? `<div class="chart"><canvas id="chart-timeline" aria-label="Timeline of dated events"></canvas></div><table><thead><tr><th>when</th><th>event</th><th>status as reported</th><th>reported by</th><th>reports</th></tr></thead><tbody>${cmp.timeline
        .slice(0, 300)
        .map((e) => `<tr><td>${esc(e.when)}</td><td dir="auto">${esc(tlLabel(e))}</td><td>${esc(Object.entries(e.statuses).map(([k, n]) => `${k} ${n}`).join(', '))}</td><td>${esc(Object.keys(e.columns).join(', '))}</td><td class="n">${ev.link(e.evidence.length, `${e.when}: ${tlLabel(e)}`, e.evidence)}</td></tr>`)
        .join('')}</tbody></table>${cmp.timeline.length > 300 ? `<p class="note">${cmp.timeline.length - 300} more events in the JSON export.</p>` : ''}`
    : none('dated events');
  return tlHtml;
}

/** Graph: relation findings, else a co-mention network so the reader still sees who appears with whom. */
export function graphSection(ctx: ReportContext): GraphSection {
  const { items, cmp, ev } = ctx;
  const graph = graphData(items, cmp);
  const relTable = cmp.graph.edges.length
    ? `<table><thead><tr><th>relation</th><th>polarity</th><th>columns</th><th>findings</th></tr></thead><tbody>${cmp.graph.edges
        .slice(0, 200)
        .map((e) => {
          const name = (id: string) => cmp.graph.nodes.find((n) => n.id === id)?.label ?? id;
          return `<tr><td>${esc(name(e.source))} ${e.symmetric ? '–' : '→'} ${esc(name(e.target))}: ${esc(e.type)}${e.negated ? ' <span class="tag">negated</span>' : ''}</td><td>${e.polarity > 0 ? 'positive' : e.polarity < 0 ? 'negative' : 'neutral'}</td><td>${esc(Object.entries(e.weights).map(([k, n]) => `${k} ${n}`).join(', '))}</td><td class="n">${ev.link(e.weight, `${name(e.source)} – ${name(e.target)}: ${e.type}`, e.evidence)}</td></tr>`;
        })
        .join('')}</tbody></table>`
    : '';
  const graphHtml = `<p class="note">${graph.kind === 'relations' ? 'Relations between actors stated in the texts; edge colour: green positive, red negative, grey neutral; dashed = contested.' : 'No relation findings yet: this is the co-mention network (actors named within the same passage of about 600 characters; edge width = articles where that happens). It shows who appears with whom, not what the texts say about it.'}</p><div id="graph" class="graph" role="img" aria-label="Actor graph"></div>${graph.edges.length ? '' : '<p class="empty">Too few actors to draw.</p>'}${relTable}`;
  return { graph, graphHtml };
}

/** Every listed article: metadata, counts by kind, and the highlighted text of those in the sample. */
export function articlesSection(ctx: ReportContext): ArticlesSection {
  const { cmp, itemById, rendered, listed, notRead, perOutlet, maxArticles, articleLink, outletOf } = ctx;
  const unlisted = cmp.articles.filter((ref) => !listed(ref.id)).length;
  const articlesHtml = cmp.articles
    .map((ref) => {
      const it = itemById.get(ref.id);
      if (!it || !listed(ref.id)) return '';
      const a = it.article;
      const url = safeUrl(a.url);
      const meta = [
        `<b dir="auto">${esc(outletColumn(a))}</b>`,
        a.group ? esc(a.group) : '',
        esc(fmtDate(a.published)),
        a.language ? `${esc(languageName(a.language))} ${langTag(a.language)}` : '',
        a.byline ? `by <span dir="auto">${esc(a.byline)}</span>` : '',
        a.citedSources?.length ? `cites <span dir="auto">${esc(a.citedSources.map((c) => c.name).join(', '))}</span> (its source, not its outlet)` : '',
        `${a.wordCount} words`,
        `story ${esc(ref.storyId)}`,
        url ? `<a href="${esc(url)}" rel="noopener noreferrer nofollow">${esc(url)}</a>` : a.url ? `<span class="dim">${esc(a.url)}</span>` : '',
        a.republishedFrom ? `copy of ${articleLink(a.republishedFrom, outletOf(a.republishedFrom))}` : '',
      ].filter(Boolean);
      // Findings per kind: from the rows' counts when the item has them (its findings may be the compact few).
      const counts = new Map<string, number>(it.counts ? Object.entries(it.counts) : []);
      if (!it.counts) for (const f of it.analysis.findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
      const body = rendered.has(a.id)
        ? `<div class="text"${textDir(a.language)}>${highlightText(a.text, { findings: visibleFindings(it.analysis.findings), articleId: a.id })}</div>`
        : `<p class="note">Full text omitted to keep the report usable (at most ${perOutlet} articles per outlet, ${maxArticles} in all); evidence lists quote the words. Use <code>parallax show ${esc(a.id)}</code>, the web UI (<code>parallax serve</code>) or the JSON export.</p>`;
      const nr = notRead.find((x) => x.id === a.id);
      return `<article id="${esc(articleAnchor(a.id))}" class="art${nr ? ' not-read' : ''}" data-language="${esc(a.language ?? 'und')}"><h3${textDir(a.language)}>${esc(a.title ?? '(untitled)')}</h3><p class="meta">${meta.join(' · ')}</p>${nr ? `<p class="note notread-note"><b>Not read:</b> ${esc(nr.note)}</p>` : ''}<p class="meta dim">${[...counts].map(([k, n]) => `${esc(k)} ${n}`).join(' · ')}</p>${body}</article>`;
    })
    .join('');
  return { articlesHtml, unlisted };
}

/** Evidence lists: built last, after every section has registered its lists. */
export function evidenceSection(ctx: ReportContext): string {
  const { ev, itemById, rendered, articleHref, glossAt, multilingual, notReadIds } = ctx;
  const evHtml = ev
    .all()
    .map(
      (l) =>
        `<div class="ev" id="${esc(l.id)}"><h4>${esc(l.title)} <span class="dim">(${l.refs.length})</span></h4><ol>${l.refs
          .slice(0, MAX_EVIDENCE)
          .map((r) => {
            const a = itemById.get(r.articleId)?.article;
            const where = `<span dir="auto">${esc(a ? outletColumn(a) : UNKNOWN_OUTLET)}</span>, ${esc(fmtDate(a?.published ?? null))}`;
            const target = rendered.has(r.articleId) ? `#${spanAnchor(r.articleId, r.span.start, r.span.end)}` : articleHref(r.articleId);
            const lang = a?.language ?? null;
            const gloss = glossAt.get(`${r.articleId}:${r.span.start}:${r.span.end}`);
            return `<li data-language="${esc(lang ?? 'und')}"><a href="${esc(target)}">“<span class="ev-text"${textDir(lang)}>${esc(r.evidence)}</span>”</a>${gloss ? ` <span class="gloss" lang="en" dir="ltr">‘${esc(gloss)}’</span>` : ''}${multilingual ? ` ${langTag(lang)}` : ''} <span class="dim">${where}: <span${textDir(lang)}>${esc(a?.title ?? r.articleId)}</span>${notReadIds.has(r.articleId) ? ' (not read)' : ''}</span></li>`;
          })
          .join('')}</ol>${l.refs.length > MAX_EVIDENCE ? `<p class="note">… and ${l.refs.length - MAX_EVIDENCE} more places (all of them are in <code>parallax compare --json</code>).</p>` : ''}</div>`,
    )
    .join('');
  return evHtml;
}

/** Findings worth highlighting in the article view (actor mentions under labels are redundant). */
function visibleFindings(fs: readonly Finding[]): Finding[] {
  const labelled = new Set(fs.filter((f) => f.kind === 'label').map((f) => `${f.span.start}:${f.span.end}`));
  return fs.filter((f) => f.kind !== 'bias-sentence' && !(f.kind === 'actor-mention' && labelled.has(`${f.span.start}:${f.span.end}`)));
}

/** The sections' HTML, and what the charts draw. */
export interface ReportParts extends StanceSection, TechniquesSection, GraphSection, ArticlesSection {
  overview: string;
  labelsHtml: string;
  actorsSectionHtml: string;
  quotesSectionHtml: string;
  claimsHtml: string;
  omHtml: string;
  contrastHtml: string;
  repHtml: string;
  tlHtml: string;
  evHtml: string;
}

/** The chart data, carried as JSON in the page. */
function reportData(cmp: Comparison, parts: ReportParts) {
  const { stanceCols, stanceRows, techCols, techNames, techCell, graph } = parts;
  return {
    by: cmp.by,
    outlets: cmp.outlets.map((o) => ({ name: o.name, group: o.group, articles: o.articles })),
    stance: { columns: stanceCols, rows: stanceRows.map((r) => ({ actor: r.canonical, means: stanceCols.map((c) => r.columns[c]?.score ?? null), n: stanceCols.map((c) => r.columns[c]?.n ?? 0) })) },
    techniques: { columns: techCols, techniques: techNames.slice(0, 12), counts: techNames.slice(0, 12).map((tech) => techCols.map((c) => techCell(c, tech)?.per1000 ?? 0)) },
    timeline: cmp.timeline.slice(0, 500).map((e) => ({ date: e.from ?? e.to ?? '', label: `${e.when}: ${tlLabel(e)}`, outlets: Object.keys(e.columns) })).filter((e) => e.date),
    graph,
  };
}

/** The page: head with the Content-Security-Policy, navigation, the sections in reading order, the data and scripts. */
export function pageShell(ctx: ReportContext, parts: ReportParts): string {
  const { cmp, opts, assets, notRead, multilingual, languages, rendered, perOutlet } = ctx;
  const { overview, labelsHtml, actorsSectionHtml, quotesSectionHtml, stanceHtml, techHtml, claimsHtml, omHtml, contrastHtml, repHtml, tlHtml, graphHtml, articlesHtml, unlisted, evHtml } = parts;
  const data = reportData(cmp, parts);

  const title = opts.title ?? 'Parallax report';
  const generated = opts.generatedAt ?? new Date().toISOString();
  const scripts = [assets.chartJs, assets.cytoscape, assets.client].map(scriptSafe);
  const hashes = scripts.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
  const csp = `default-src 'none'; script-src ${hashes.join(' ')}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  const nav = [
    ['overview', 'Overview'],
    ['not-read', `Not read${notRead.length ? ` (${notRead.length})` : ''}`],
    ['labels', 'Labels'],
    ['actors', 'Actors'],
    ['quotes', 'Quotes'],
    ['stance', 'Stance'],
    ['techniques', 'Techniques'],
    ['claims', 'Claims'],
    ['omissions', 'Omissions'],
    ['contrasts', 'Contrasts'],
    ['republications', 'Republications'],
    ['timeline', 'Timeline'],
    ['graph-section', 'Graph'],
    ['articles', 'Articles'],
    ['evidence', 'Evidence'],
  ];
  const shownTexts = rendered.size;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Parallax (chart.js ${esc(assets.versions['chart.js'])}, cytoscape ${esc(assets.versions.cytoscape)})">
<title>${esc(title)}</title>
<style>${assets.css}</style></head>
<body>
<header><h1>${esc(title)}</h1><p class="dim">Generated ${esc(generated)} · ${cmp.counts.articles} articles from ${cmp.counts.outlets} outlets · comparison schema ${esc(cmp.schemaVersion)}. Parallax counts and aligns what the texts say; it does not rule on what is true.</p>
<nav>${nav.map(([id, t]) => `<a href="#${id}">${t}</a>`).join('')}${multilingual ? `<label class="lang-filter">language <select id="lang-filter" aria-label="show only one language"><option value="">all</option>${languages.map((l) => `<option value="${esc(l.language)}">${esc(languageName(l.language === 'und' ? null : l.language))} (${esc(l.language)})</option>`).join('')}</select></label>` : ''}</nav></header>
<main>
${overview}
${section('not-read', 'Not read', notReadHtml(notRead, rendered), `Articles in languages Parallax does not read yet (it reads ${esc(READ_LANGUAGES.map((l) => languageName(l)).join(', '))}). They are stored and listed, never dropped; nothing in the other sections speaks for them.`)}
${section('labels', 'Label matrix', labelsHtml, `What each ${esc(cmp.by)} calls each actor, most contrasting first. Red: pejorative, green: favourable. Each count links to the mentions.`)}
${section('actors', 'Actors and their names by language', actorsSectionHtml, 'Each actor once, whatever the language it is named in, with the names each language’s articles use for it. Each count links to the mentions.')}
${section('quotes', 'Quotes', quotesSectionHtml, 'Who each column quotes, with the reporting verb (distancing verbs such as “claimed” are tagged) and the language of the quote. Each quote links to its place in the article.')}
${section('stance', 'Stance heatmap', stanceHtml, 'Stance (−1 hostile … +1 favourable) of each column toward each actor: the mean over n sentences, shrunk toward neutral when n is small. Pale italic cells: the ~95% interval includes 0. Each score links to its strongest sentences.')}
${section('techniques', `Techniques by ${cmp.by}`, techHtml)}
${section('claims', 'Claims', claimsHtml, 'Claim clusters: the same figure, relation, event or claim in several articles. Corroborated = two or more independent origins (copies and wire republications count once); contested = a contradiction was detected among the sources.')}
${section('omissions', 'Omissions', omHtml, `What the other ${cmp.by === 'group' ? 'groups' : 'outlets'} covering the same story in the same days make central (share of their articles, headlines, ledes, mentions) and this one never mentions — the most central first.`)}
${section('contrasts', 'Contrasts by actor', contrastHtml, 'Per actor: how differently the columns label it (Jensen–Shannon contrast, damped for small support) and the difference of mean stance.')}
${section('republications', 'Republications', repHtml, 'Copies of other articles: kept = share of the original’s wording the copy keeps; added = share of the copy not in the original.')}
${section('timeline', 'Timeline', tlHtml)}
${section('graph-section', 'Relation graph', graphHtml)}
${section('articles', 'Articles', `${articlesHtml}${unlisted ? `<p class="note" id="more-articles">${unlisted} more articles are not listed in this file, to keep it usable at this corpus size: their words are quoted in the evidence lists, and the web UI (<code>parallax serve</code>) or <code>parallax show ID</code> reads each of them.</p>` : ''}`, shownTexts < cmp.articles.length ? `Full text for ${shownTexts} of ${cmp.articles.length} articles (at most ${perOutlet} per outlet).` : 'Findings are highlighted in the text; hover a highlight for what was found.')}
${section('evidence', 'Evidence lists', evHtml || '<p class="empty">No lists.</p>', 'Each list is the evidence behind one number above.')}
</main>
<script type="application/json" id="parallax-data">${jsonForScript(data)}</script>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body></html>
`;
}
