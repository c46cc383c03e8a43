import { Tokenizer } from 'htmlparser2';

/**
 * Nesting depth of HTML and XML, measured and bounded in one linear pass before anything builds a tree.
 *
 * Why: htmlparser2's Parser (under linkedom and our feed reader) keeps its open elements in an array it grows with
 * `unshift`, so parsing costs O(depth) per tag: 100,000 nested `<span>` took 32 s to parse and 700 KB of unclosed
 * `<table>` 5 min. Readability is worse (its scoring reads the text of every ancestor: 500 nested `<div>` take
 * 6 s), and recursive walks over such a tree overflow the stack. Real pages are shallow: the deepest of the 102
 * article-extraction benchmark pages nests 51 elements. So the markup is scanned with htmlparser2's own
 * Tokenizer (linear; no tree) and a stack that mirrors the Parser's rules (void elements, the tags whose opening
 * implicitly closes others, self-closing tags in SVG/MathML), in O(1) per tag.
 *
 * `boundHtmlNesting` then unwraps every element that would open deeper than the limit: its tags are removed and
 * its content stays where it was, so no text is lost; a block element's tags become `<br>` so that its text
 * does not run into its neighbour's. Raw-text elements (`<script>`, `<style>`, `<textarea>`, `<title>`) that
 * deep are dropped whole: unwrapping them would turn code into text.
 */

/** What one scan found. */
export interface NestingScan {
  /** Deepest element nesting (the root element is depth 1). */
  depth: number;
  /** Elements opened. */
  elements: number;
  /** Where the deepest element opened: line and column (1-based) and its name. */
  deepest: { line: number; column: number; name: string } | null;
  /** The first element that opened deeper than the limit, when one did. */
  firstOver: { line: number; column: number; name: string } | null;
}

export interface BoundedHtml extends NestingScan {
  /** The markup with every element deeper than the limit unwrapped (the input itself when none was). */
  html: string;
  /** Elements unwrapped (or, for raw-text elements, dropped). */
  unwrapped: number;
}

// The rules of htmlparser2's Parser in HTML mode (htmlparser2 10, the version linkedom parses with; MIT).
const FORM = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
const P = ['p'];
const IMPLIES_CLOSE = new Map<string, Set<string>>(
  (
    [
      ['tr', ['tr', 'th', 'td']],
      ['th', ['th']],
      ['td', ['thead', 'th', 'td']],
      ['body', ['head', 'link', 'script']],
      ['li', ['li']],
      ['option', ['option']],
      ['optgroup', ['optgroup', 'option']],
      ['dd', ['dd', 'dt']],
      ['dt', ['dd', 'dt']],
      ['rt', ['rt', 'rp']],
      ['rp', ['rt', 'rp']],
      ['tbody', ['thead', 'tbody']],
      ['tfoot', ['thead', 'tbody']],
      ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t) => [t, FORM]),
      ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl',
        'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section',
        'table', 'ul'].map((t) => [t, P]),
    ] as [string, string[]][]
  ).map(([k, v]) => [k, new Set(v)]),
);
const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const FOREIGN = new Set(['math', 'svg']);
const INTEGRATION = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'iframe', 'noscript']);
/** Elements whose tags separate text: unwrapped, each tag becomes a line break. */
const BREAKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'dir', 'div',
  'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hgroup', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'th',
  'thead', 'tfoot', 'tr', 'ul',
]);

interface Entry {
  name: string;
  /** Unwrapped: its tags are cut from the output. */
  cut: boolean;
  /** Inside SVG/MathML content (self-closing tags close there). */
  foreign: boolean;
  /** Where its start tag begins ("<"). */
  start: number;
}

/** A cut of the output: [from, to) replaced by `by`. */
interface Cut {
  from: number;
  to: number;
  by: string;
}

function lineColumn(s: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = s.indexOf('\n'); i !== -1 && i < offset; i = s.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

function scan(markup: string, xml: boolean, limit: number, rewrite: boolean): BoundedHtml {
  const stack: Entry[] = [];
  // Stack positions per element name, so a closing tag finds its element in O(1) as the Parser's indexOf does.
  const positions = new Map<string, number[]>();
  const cuts: Cut[] = [];
  let depth = 0;
  let elements = 0;
  let unwrapped = 0;
  let deepestAt = -1;
  let deepestName = '';
  let overAt = -1;
  let overName = '';
  let pendingEntry: Entry | null = null;

  const push = (e: Entry) => {
    stack.push(e);
    let p = positions.get(e.name);
    if (!p) positions.set(e.name, (p = []));
    p.push(stack.length - 1);
  };
  const pop = (): Entry => {
    const e = stack.pop()!;
    positions.get(e.name)!.pop();
    return e;
  };
  const cutTag = (e: Entry, from: number, to: number) => {
    cuts.push({ from, to, by: BREAKS.has(e.name) ? '<br>' : '' });
  };

  const tokenizer = new Tokenizer(
    { xmlMode: xml, decodeEntities: false },
    {
      onopentagname(start, end) {
        let name = markup.slice(start, end);
        if (!xml) name = name.toLowerCase();
        const tagStart = start - 1;
        if (!xml) {
          const closes = IMPLIES_CLOSE.get(name);
          if (closes) while (stack.length && closes.has(stack[stack.length - 1].name)) pop();
        }
        pendingEntry = null;
        elements++;
        if (!xml && VOID.has(name)) {
          if (stack.length + 1 > depth) {
            depth = stack.length + 1;
            deepestAt = tagStart;
            deepestName = name;
          }
          return;
        }
        const parent = stack[stack.length - 1];
        const foreign = xml || FOREIGN.has(name) ? true : INTEGRATION.has(name) ? false : (parent?.foreign ?? false);
        const entry: Entry = { name, cut: stack.length >= limit, foreign, start: tagStart };
        if (entry.cut && overAt < 0) {
          overAt = tagStart;
          overName = name;
        }
        push(entry);
        pendingEntry = entry;
        if (stack.length > depth) {
          depth = stack.length;
          deepestAt = tagStart;
          deepestName = name;
        }
      },
      onopentagend(end) {
        const e = pendingEntry;
        if (e?.cut) {
          unwrapped++;
          // A raw-text element is cut whole when its closing tag comes; other elements lose their start tag.
          if (!RAW_TEXT.has(e.name)) cutTag(e, e.start, end + 1);
        }
        pendingEntry = null;
      },
      onselfclosingtag(end) {
        const e = pendingEntry;
        pendingEntry = null;
        if (!e) return;
        if (e.cut) {
          unwrapped++;
          cutTag(e, e.start, end + 1);
        }
        // XML closes every self-closing tag; HTML only inside SVG/MathML content.
        if (xml || e.foreign) pop();
      },
      onclosetag(start, end) {
        let name = markup.slice(start, end);
        if (!xml) name = name.toLowerCase();
        if (!xml && VOID.has(name)) return;
        const at = positions.get(name);
        if (!at || !at.length) return;
        const pos = at[at.length - 1];
        let closed: Entry | null = null;
        while (stack.length > pos) closed = pop();
        if (closed?.cut) {
          const lt = markup.lastIndexOf('<', start);
          const gt = markup.indexOf('>', end);
          const to = gt < 0 ? markup.length : gt + 1;
          if (RAW_TEXT.has(closed.name)) cuts.push({ from: closed.start, to, by: '' });
          else cutTag(closed, lt, to);
        }
      },
      ...IGNORED_EVENTS,
    },
  );
  tokenizer.write(markup);
  tokenizer.end();
  // A raw-text element cut at its start whose closing tag never came runs to the end of the input.
  for (const e of stack) if (e.cut && RAW_TEXT.has(e.name)) cuts.push({ from: e.start, to: markup.length, by: '' });

  const deepest = deepestAt >= 0 ? { ...lineColumn(markup, deepestAt), name: deepestName } : null;
  const firstOver = overAt >= 0 ? { ...lineColumn(markup, overAt), name: overName } : null;
  if (!cuts.length || !rewrite) return { html: markup, depth, elements, deepest, firstOver, unwrapped };
  return { html: applyCuts(markup, cuts), depth, elements, deepest, firstOver, unwrapped };
}

/** The tokenizer events the scan does not need. */
const IGNORED_EVENTS = {
  onattribdata() {},
  onattribentity() {},
  onattribend() {},
  onattribname() {},
  oncdata() {},
  oncomment() {},
  ondeclaration() {},
  onend() {},
  onprocessinginstruction() {},
  ontext() {},
  ontextentity() {},
};

/** The markup with the cut ranges replaced (a cut inside one already made is skipped). */
function applyCuts(markup: string, cuts: Cut[]): string {
  cuts.sort((a, b) => a.from - b.from);
  const out: string[] = [];
  let pos = 0;
  for (const c of cuts) {
    if (c.from < pos) continue; // inside a raw-text element already cut whole
    out.push(markup.slice(pos, c.from), c.by);
    pos = c.to;
  }
  out.push(markup.slice(pos));
  return out.join('');
}

/** Nesting depth of XML (a feed), without building a tree; `firstOver` is the first element deeper than `limit`. */
export function xmlNesting(xml: string, limit = Infinity): NestingScan {
  const { depth, elements, deepest, firstOver } = scan(xml, true, limit, false);
  return { depth, elements, deepest, firstOver };
}

/** HTML with every element nested deeper than `limit` unwrapped (see the module comment). */
export function boundHtmlNesting(html: string, limit: number): BoundedHtml {
  return scan(html, false, limit, true);
}
