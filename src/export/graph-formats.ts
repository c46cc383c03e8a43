import type { GraphEdge, RelationGraph } from '../compare/graph.js';

/**
 * Serialisers for the relation graph: JSON (the contract), GEXF 1.3 (Gephi), GraphML (yEd, Cytoscape, NetworkX,
 * igraph) and DOT (Graphviz). Pure string builders. Every piece of text from an article (names, cues, outlet
 * names) is escaped for its format, so a name with quotes, <, & or a newline cannot break the file.
 */

export type GraphFormat = 'json' | 'gexf' | 'graphml' | 'dot';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['json', 'gexf', 'graphml', 'dot'];

const COLOURS = { hostile: { r: 204, g: 34, b: 34, hex: '#cc2222' }, cooperative: { r: 34, g: 153, b: 68, hex: '#229944' }, neutral: { r: 128, g: 128, b: 128, hex: '#808080' } };
function colourOf(e: GraphEdge) {
  if (e.negated || e.polarity === 0) return COLOURS.neutral;
  return e.polarity < 0 ? COLOURS.hostile : COLOURS.cooperative;
}

/** Characters XML 1.0 does not allow at all (C0 controls except tab, LF, CR; lone surrogates; U+FFFE/U+FFFF). */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for an XML attribute value or text node; line breaks and tabs become character references. */
export function xmlEscape(s: string): string {
  return s
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** A DOT double-quoted string: backslash and quote escaped, line breaks as \n (a centred line in labels). */
export function dotString(s: string): string {
  // eslint-disable-next-line no-control-regex
  const body = s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n').replace(/[\u0000-\u001F]/g, ' ');
  return `"${body}"`;
}

export function toJson(g: RelationGraph): string {
  return `${JSON.stringify(g, null, 2)}\n`;
}

function edgeLabel(e: GraphEdge): string {
  return `${e.negated ? 'not ' : ''}${e.type}${e.type === 'relations' && e.polarity ? (e.polarity > 0 ? ' (+)' : ' (-)') : ''}`;
}

/** GEXF 1.3 for Gephi: node attributes (kind, mentions), edge attributes (relation, polarity, negated, outlets, one weight per column), viz colours. */
export function toGexf(g: RelationGraph): string {
  const x = xmlEscape;
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">');
  out.push('  <meta>');
  out.push('    <creator>Parallax</creator>');
  out.push(`    <description>${x(`Relation graph by ${g.by}, ${g.level} level, ${g.includeQuotes ? 'own voice and quotations' : "outlets' own voice"}`)}</description>`);
  out.push('  </meta>');
  out.push('  <graph mode="static" defaultedgetype="directed">');
  out.push('    <attributes class="node">');
  out.push('      <attribute id="kind" title="kind" type="string"/>');
  out.push('      <attribute id="mentions" title="mentions" type="integer"/>');
  out.push('    </attributes>');
  out.push('    <attributes class="edge">');
  out.push('      <attribute id="relation" title="relation" type="string"/>');
  out.push('      <attribute id="polarity" title="polarity" type="integer"/>');
  out.push('      <attribute id="negated" title="negated" type="boolean"/>');
  out.push('      <attribute id="outlets" title="outlets" type="string"/>');
  out.push('      <attribute id="times" title="times" type="string"/>');
  g.columns.forEach((c, i) => out.push(`      <attribute id="w${i}" title="${x(`weight: ${c}`)}" type="double"/>`));
  out.push('    </attributes>');
  out.push('    <nodes>');
  for (const n of g.nodes) {
    out.push(`      <node id="${x(n.id)}" label="${x(n.label)}">`);
    out.push('        <attvalues>');
    out.push(`          <attvalue for="kind" value="${x(n.kind)}"/>`);
    out.push(`          <attvalue for="mentions" value="${n.mentions}"/>`);
    out.push('        </attvalues>');
    out.push(`        <viz:size value="${(4 + Math.sqrt(n.mentions) * 2).toFixed(2)}"/>`);
    out.push('      </node>');
  }
  out.push('    </nodes>');
  out.push('    <edges>');
  for (const e of g.edges) {
    const c = colourOf(e);
    out.push(
      `      <edge id="${x(e.id)}" source="${x(e.source)}" target="${x(e.target)}" type="${e.symmetric ? 'undirected' : 'directed'}" kind="${x(e.type)}" label="${x(edgeLabel(e))}" weight="${e.weight}">`,
    );
    out.push('        <attvalues>');
    out.push(`          <attvalue for="relation" value="${x(e.type)}"/>`);
    out.push(`          <attvalue for="polarity" value="${e.polarity}"/>`);
    out.push(`          <attvalue for="negated" value="${e.negated}"/>`);
    out.push(`          <attvalue for="outlets" value="${x(e.outlets.join('|'))}"/>`);
    out.push(`          <attvalue for="times" value="${x(e.times.join('|'))}"/>`);
    g.columns.forEach((col, i) => out.push(`          <attvalue for="w${i}" value="${e.weights[col] ?? 0}"/>`));
    out.push('        </attvalues>');
    out.push(`        <viz:color r="${c.r}" g="${c.g}" b="${c.b}"/>`);
    out.push('      </edge>');
  }
  out.push('    </edges>');
  out.push('  </graph>');
  out.push('</gexf>');
  return `${out.join('\n')}\n`;
}

/** GraphML with typed keys: node label/kind/mentions; edge relation/polarity/negated/weight/outlets and one weight key per column. */
export function toGraphml(g: RelationGraph): string {
  const x = xmlEscape;
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">');
  out.push('  <key id="label" for="node" attr.name="label" attr.type="string"/>');
  out.push('  <key id="kind" for="node" attr.name="kind" attr.type="string"/>');
  out.push('  <key id="mentions" for="node" attr.name="mentions" attr.type="int"/>');
  out.push('  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>');
  out.push('  <key id="elabel" for="edge" attr.name="label" attr.type="string"/>');
  out.push('  <key id="polarity" for="edge" attr.name="polarity" attr.type="int"/>');
  out.push('  <key id="negated" for="edge" attr.name="negated" attr.type="boolean"/>');
  out.push('  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>');
  out.push('  <key id="outlets" for="edge" attr.name="outlets" attr.type="string"/>');
  out.push('  <key id="color" for="edge" attr.name="color" attr.type="string"/>');
  g.columns.forEach((c, i) => out.push(`  <key id="w${i}" for="edge" attr.name="${x(`weight: ${c}`)}" attr.type="double"/>`));
  out.push('  <graph id="parallax" edgedefault="directed">');
  for (const n of g.nodes) {
    out.push(`    <node id="${x(n.id)}">`);
    out.push(`      <data key="label">${x(n.label)}</data>`);
    out.push(`      <data key="kind">${x(n.kind)}</data>`);
    out.push(`      <data key="mentions">${n.mentions}</data>`);
    out.push('    </node>');
  }
  for (const e of g.edges) {
    out.push(`    <edge id="${x(e.id)}" source="${x(e.source)}" target="${x(e.target)}" directed="${!e.symmetric}">`);
    out.push(`      <data key="relation">${x(e.type)}</data>`);
    out.push(`      <data key="elabel">${x(edgeLabel(e))}</data>`);
    out.push(`      <data key="polarity">${e.polarity}</data>`);
    out.push(`      <data key="negated">${e.negated}</data>`);
    out.push(`      <data key="weight">${e.weight}</data>`);
    out.push(`      <data key="outlets">${x(e.outlets.join('|'))}</data>`);
    out.push(`      <data key="color">${colourOf(e).hex}</data>`);
    g.columns.forEach((col, i) => {
      if (e.weights[col]) out.push(`      <data key="w${i}">${e.weights[col]}</data>`);
    });
    out.push('    </edge>');
  }
  out.push('  </graph>');
  out.push('</graphml>');
  return `${out.join('\n')}\n`;
}

/** Graphviz DOT: labelled edges coloured by polarity (hostile red, cooperative green, neutral or negated grey and dashed). */
export function toDot(g: RelationGraph): string {
  const q = dotString;
  const out: string[] = [];
  out.push('digraph parallax {');
  out.push('  graph [rankdir=LR, overlap=false, splines=true];');
  out.push('  node [shape=box, style="rounded,filled", fillcolor="#f5f5f5", fontname="Helvetica"];');
  out.push('  edge [fontname="Helvetica", fontsize=10];');
  const shape: Record<string, string> = { person: 'ellipse', state: 'box', organisation: 'hexagon', place: 'note' };
  for (const n of g.nodes) {
    out.push(`  ${q(n.id)} [label=${q(n.label)}, shape=${shape[n.kind] ?? 'box'}, tooltip=${q(`${n.kind}, ${n.mentions} mentions`)}];`);
  }
  for (const e of g.edges) {
    const c = colourOf(e);
    const per = Object.entries(e.weights)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n');
    const attrs = [
      `label=${q(`${edgeLabel(e)} ×${e.weight}`)}`,
      `color=${q(c.hex)}`,
      `fontcolor=${q(c.hex)}`,
      `penwidth=${(1 + Math.log2(e.weight)).toFixed(2)}`,
      `tooltip=${q(per)}`,
      ...(e.symmetric ? ['dir=none'] : []),
      ...(e.negated ? ['style=dashed'] : []),
    ];
    out.push(`  ${q(e.source)} -> ${q(e.target)} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

export function formatGraph(g: RelationGraph, format: GraphFormat): string {
  switch (format) {
    case 'json':
      return toJson(g);
    case 'gexf':
      return toGexf(g);
    case 'graphml':
      return toGraphml(g);
    case 'dot':
      return toDot(g);
  }
}
