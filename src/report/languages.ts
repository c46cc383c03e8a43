import { outletColumn, UNKNOWN_OUTLET } from '../core/article.js';
import type { ActorMentionFinding, Finding, QuoteFinding } from '../core/finding.js';
import type { CompareItem, EvidenceRef } from '../compare/index.js';
import { articleAnchor, esc, isRead, langTag, languageName, notReadNote, textDir } from './html.js';

/**
 * The report's sections for corpora in several languages (issue 16): the languages of the corpus, actors with the
 * names each language gives them, quotes with their language, and the articles Parallax does not read. Every
 * piece of corpus text is escaped and carries dir="auto" (dir="rtl" when its language is right to left).
 */

/** The diagnostic the nlp layer gives an article in a language outside READ_LANGUAGES (src/core/lang). */
export const NOT_READ_CODE = 'language-not-read';

/** A link to the evidence behind a number (the report's Evidence.link). */
export type EvidenceLink = (text: string | number, title: string, refs: readonly EvidenceRef[]) => string;

export interface NotReadArticle {
  id: string;
  outlet: string;
  title: string | null;
  published: string | null;
  language: string | null;
  note: string;
  /** False for an article stored without an analysis in this comparison: listed, but not in the Articles section. */
  inReport?: boolean;
}

/** Articles whose language Parallax does not read: by their language, or by the nlp layer's diagnostic. */
export function notReadArticles(items: readonly CompareItem[]): NotReadArticle[] {
  const out: NotReadArticle[] = [];
  for (const { article: a, analysis } of items) {
    const diag = (analysis.diagnostics ?? []).find((d) => d.code === NOT_READ_CODE);
    if (isRead(a.language) && !diag) continue;
    out.push({ id: a.id, outlet: outletColumn(a), title: a.title, published: a.published, language: a.language, note: diag?.message || notReadNote(a.language) });
  }
  return out;
}

/** Articles per language code ('und' for none), most first. */
export function languageCounts(items: readonly CompareItem[]): Array<{ language: string; articles: number; outlets: Set<string> }> {
  const m = new Map<string, { language: string; articles: number; outlets: Set<string> }>();
  for (const { article: a } of items) {
    const k = a.language || 'und';
    const e = m.get(k) ?? { language: k, articles: 0, outlets: new Set<string>() };
    e.articles++;
    e.outlets.add(outletColumn(a));
    m.set(k, e);
  }
  return [...m.values()].sort((x, y) => y.articles - x.articles || x.language.localeCompare(y.language));
}

/** The overview's table of languages: articles and outlets per language, and whether Parallax reads it. */
export function languagesTable(items: readonly CompareItem[]): string {
  const rows = languageCounts(items)
    .map((l) => {
      const read = l.language === 'und' || isRead(l.language);
      return `<tr><td>${esc(languageName(l.language === 'und' ? null : l.language))} ${langTag(l.language)}</td><td class="n">${l.articles}</td><td${textDir(null)}>${[...l.outlets].sort().map((o) => `<span dir="auto">${esc(o)}</span>`).join(', ')}</td><td>${read ? 'read' : '<a href="#not-read"><b>not read</b></a>'}</td></tr>`;
    })
    .join('');
  return `<h3>Languages</h3><table class="languages"><thead><tr><th>language</th><th>articles</th><th>outlets</th><th>analysed</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The "Not read" section's body: every article in a language Parallax does not read, with the language and why. */
export function notReadHtml(list: readonly NotReadArticle[], rendered: ReadonlySet<string>): string {
  if (!list.length) return '<p class="empty">Every article is in a language Parallax reads.</p>';
  return `<table class="not-read"><thead><tr><th>article</th><th>outlet</th><th>published</th><th>language</th><th>note</th></tr></thead><tbody>${list
    .map(
      (a) =>
        `<tr data-language="${esc(a.language ?? 'und')}"><td>${
          a.inReport === false
            ? `<span${textDir(a.language)}>${esc(a.title ?? '(untitled)')}</span> <span class="dim">(stored without an analysis; <code>parallax show ${esc(a.id)}</code>)</span>`
            : `<a href="#${esc(articleAnchor(a.id))}"${textDir(a.language)}>${esc(a.title ?? '(untitled)')}</a>${rendered.has(a.id) ? '' : ' <span class="dim">(text not shown)</span>'}`
        }</td><td dir="auto">${esc(a.outlet)}</td><td>${esc(a.published ? a.published.slice(0, 10) : 'undated')}</td><td>${esc(languageName(a.language))} ${langTag(a.language)}</td><td class="note">${esc(a.note)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

interface ActorNames {
  canonical: string;
  kind: string;
  mentions: number;
  articles: Set<string>;
  /** language -> surface form -> count */
  names: Map<string, Map<string, number>>;
  refs: EvidenceRef[];
}

/**
 * Actors and the names they go by in each language ("Vessany" / "وسانی" / "Вессания"): one row per corpus actor,
 * so the reader sees that the articles in seven languages talk about the same state.
 */
export function actorsHtml(items: readonly CompareItem[], link: EvidenceLink, max: number): string {
  const actors = new Map<string, ActorNames>();
  for (const { article, analysis } of items) {
    for (const f of analysis.findings) {
      if (f.kind !== 'actor-mention') continue;
      const m = f;
      const a: ActorNames = actors.get(m.actorId) ?? { canonical: m.canonical, kind: m.actorKind, mentions: 0, articles: new Set<string>(), names: new Map(), refs: [] };
      a.mentions++;
      a.articles.add(article.id);
      const lang = languageOfFinding(f) ?? article.language ?? 'und';
      const forms = a.names.get(lang) ?? new Map<string, number>();
      forms.set(m.evidence, (forms.get(m.evidence) ?? 0) + 1);
      a.names.set(lang, forms);
      a.refs.push({ articleId: article.id, span: m.span, evidence: m.evidence });
      actors.set(m.actorId, a);
    }
  }
  const rows = [...actors.values()]
    .sort((x, y) => y.names.size - x.names.size || y.articles.size - x.articles.size || y.mentions - x.mentions || x.canonical.localeCompare(y.canonical))
    .slice(0, max);
  if (!rows.length) return '<p class="empty">No actor mentions yet.</p>';
  return `<table class="actors"><thead><tr><th>actor</th><th>kind</th><th>mentions</th><th>languages</th><th>names as written, by language</th></tr></thead><tbody>${rows
    .map((a) => {
      const langs = [...a.names].sort((x, y) => x[0].localeCompare(y[0]));
      const names = langs
        .map(([lang, forms]) => {
          const top = [...forms].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).slice(0, 6);
          return `<div class="names" data-language="${esc(lang)}">${langTag(lang)} ${top.map(([form, n]) => `<span class="form"${textDir(lang === 'und' ? null : lang)}>${esc(form)}</span><span class="dim">×${n}</span>`).join(' ')}</div>`;
        })
        .join('');
      return `<tr><th dir="auto">${esc(a.canonical)}</th><td>${esc(a.kind)}</td><td class="n">${link(a.mentions, `mentions of ${a.canonical}`, a.refs)}</td><td class="n">${a.names.size}</td><td>${names}</td></tr>`;
    })
    .join('')}</tbody></table>`;
}

/** Who each outlet quotes, in which language, with which verb: the quotes in every language side by side. */
export function quotesHtml(items: readonly CompareItem[], column: (a: CompareItem['article']) => string, link: EvidenceLink, max: number): string {
  const rows: Array<{ col: string; f: QuoteFinding; article: CompareItem['article'] }> = [];
  for (const it of items) for (const f of it.analysis.findings) if (f.kind === 'quote') rows.push({ col: column(it.article), f, article: it.article });
  if (!rows.length) return '<p class="empty">No quotes found yet (or the quotes analyzer has not run).</p>';
  rows.sort((x, y) => x.col.localeCompare(y.col) || (x.article.published ?? '').localeCompare(y.article.published ?? '') || x.f.span.start - y.f.span.start);
  const shown = rows.slice(0, max);
  return `<table class="quotes"><thead><tr><th>column</th><th>speaker</th><th>verb</th><th>language</th><th>quote</th><th>outlet</th></tr></thead><tbody>${shown
    .map(({ col, f, article }) => {
      const lang = languageOfFinding(f) ?? article.language ?? null;
      const text = f.evidence.length > 300 ? `${f.evidence.slice(0, 299)}…` : f.evidence;
      const verb = f.verb ? `${esc(f.verb)}${f.verbStance && f.verbStance !== 'neutral' ? ` <span class="tag">${esc(f.verbStance)}</span>` : ''}` : '—';
      return `<tr data-language="${esc(lang ?? 'und')}"><td dir="auto">${esc(col)}</td><td dir="auto">${esc(f.canonical ?? f.speaker ?? 'unattributed')}</td><td dir="auto">${verb}</td><td>${langTag(lang)}</td><td class="quote"${textDir(lang)}>${link(text, `quote in ${article.outlet ?? UNKNOWN_OUTLET}`, [{ articleId: article.id, span: f.span, evidence: f.evidence }])}</td><td dir="auto">${esc(outletColumn(article))}</td></tr>`;
    })
    .join('')}</tbody></table>${rows.length > max ? `<p class="note">${rows.length - max} more quotes in <code>parallax quotes --json</code>.</p>` : ''}`;
}

/** The language a finding says it is in (`data.language`, set by the language-aware analyzers), else null. */
export function languageOfFinding(f: Finding): string | null {
  const v = f.data?.language;
  return typeof v === 'string' && v ? v : null;
}

/** English glosses of label findings by place (`articleId:start:end`), for evidence lists. */
export function glossesByPlace(items: readonly CompareItem[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { article, analysis } of items) {
    for (const f of analysis.findings) {
      const g = f.kind === 'label' ? f.data?.gloss : undefined;
      if (typeof g === 'string' && g.trim()) out.set(`${article.id}:${f.span.start}:${f.span.end}`, g.trim());
    }
  }
  return out;
}
