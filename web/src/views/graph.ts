import type { Core, EventObject } from 'cytoscape';
import type cytoscapeFactory from 'cytoscape';
import type { GraphEdge, GraphNode, RelationGraph } from '../../../src/compare/graph.js';
import { get } from '../api.js';
import type { View, ViewContext } from '../context.js';
import { h, mount } from '../dom.js';
import { linkTo, navigate } from '../state.js';
import { apiQuery, emptyState, heading } from './common.js';

const EDGE_COLOUR: Record<string, string> = { '-1': '#c62828', '0': '#8a8f98', '1': '#2e7d32' };
const NODE_COLOUR: Record<string, string> = { state: '#3454a4', person: '#a45b34', organisation: '#5b34a4', place: '#3f8f8f' };

function edgeEvidence(ctx: ViewContext, e: GraphEdge, names: Map<string, string>, column: string | null): void {
  const ev = column ? e.evidence.filter((x) => x.outlet === column || x.group === column) : e.evidence;
  ctx.showEvidence(
    `${names.get(e.source) ?? e.source} —${e.type}${e.negated ? ' (negated)' : ''}→ ${names.get(e.target) ?? e.target}`,
    ev.map((x) => ({ articleId: x.articleId, span: x.span, evidence: x.evidence, note: `${x.outlet}: cue “${x.cue}”${x.time ? `, ${x.time}` : ''}${x.quoted ? ', inside a quotation' : ''} (confidence ${x.confidence})` })),
    `${e.weight} finding${e.weight === 1 ? '' : 's'}: ${Object.entries(e.weights).map(([c, n]) => `${c} ${n}`).join(', ')}`,
  );
}
/** The cytoscape factory, loaded with the view (a chunk of its own). */
type Cytoscape = typeof cytoscapeFactory;

/** The filters above the graph: who asserted it, actors or states, and the relation types shown. */
function graphControls(g: RelationGraph, types: string[], hiddenTypes: Set<string>, column: string | null, level: 'state' | 'actor', setParam: (k: string, v: string | null) => void) {
  const typeBoxes = h(
    'fieldset',
    { class: 'types' },
    h('legend', null, 'Relation types'),
    types.map((t) =>
      h(
        'label',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          name: `type-${t}`,
          checked: !hiddenTypes.has(t),
          on: {
            change: (ev) => {
              const next = new Set(hiddenTypes);
              if ((ev.target as HTMLInputElement).checked) next.delete(t);
              else next.add(t);
              setParam('hide', [...next].join(',') || null);
            },
          },
        }),
        ` ${t} (${g.edges.filter((e) => e.type === t).length})`,
      ),
    ),
  );
  const colSelect = h(
    'label',
    { class: 'filter' },
    h('span', null, `Asserted by (${g.by})`),
    h(
      'select',
      { name: 'column', on: { change: (ev) => setParam('column', (ev.target as HTMLSelectElement).value || null) } },
      h('option', { value: '', selected: !column }, 'any'),
      g.columns.map((c) => h('option', { value: c, selected: column === c }, c)),
    ),
  );
  const levelSelect = h(
    'label',
    { class: 'filter' },
    h('span', null, 'Nodes'),
    h(
      'select',
      { name: 'level', on: { change: (ev) => setParam('level', (ev.target as HTMLSelectElement).value === 'state' ? 'state' : null) } },
      h('option', { value: 'actor', selected: level === 'actor' }, 'actors'),
      h('option', { value: 'state', selected: level === 'state' }, 'states (people folded in)'),
    ),
  );
  return { typeBoxes, colSelect, levelSelect };
}

/** The relations as a table: each count opens the sentences behind it. */
function edgeTable(ctx: ViewContext, edges: GraphEdge[], names: Map<string, string>, column: string | null): HTMLElement {
  return h(
    'table',
    { class: 'grid edges' },
    h('thead', null, h('tr', null, h('th', null, 'source'), h('th', null, 'relation'), h('th', null, 'target'), h('th', { class: 'num' }, 'findings'), h('th', null, 'asserted by'))),
    h(
      'tbody',
      null,
      edges.map((e) =>
        h(
          'tr',
          null,
          h('td', null, names.get(e.source) ?? e.source),
          h('td', { class: `pol${e.polarity}` }, `${e.type}${e.negated ? ' (negated)' : ''}`),
          h('td', null, names.get(e.target) ?? e.target),
          h('td', { class: 'num' }, h('button', { type: 'button', class: 'drill', data: { edge: e.id }, on: { click: () => edgeEvidence(ctx, e, names, column) } }, String(column ? (e.weights[column] ?? 0) : e.weight))),
          h('td', null, e.outlets.join(', ')),
        ),
      ),
    ),
  );
}

export const graphView: View = async (ctx) => {
  const level = ctx.params.get('level') === 'state' ? 'state' : 'actor';
  const [g, cytoscape] = await Promise.all([get<RelationGraph>('graph', apiQuery(ctx, { level })), import('cytoscape').then((m) => m.default)]);
  const types = [...new Set(g.edges.map((e) => e.type))].sort();
  const hiddenTypes = new Set((ctx.params.get('hide') ?? '').split(',').filter(Boolean));
  const column = ctx.params.get('column');
  const names = new Map(g.nodes.map((n) => [n.id, n.label]));
  const edges = g.edges.filter((e) => !hiddenTypes.has(e.type) && (!column || (e.weights[column] ?? 0) > 0));
  const used = new Set(edges.flatMap((e) => [e.source, e.target]));
  const nodes = g.nodes.filter((n) => used.has(n.id));

  const setParam = (k: string, v: string | null) => navigate(linkTo('/graph', { [k]: v }, [...ctx.params.keys()]), true);
  const { typeBoxes, colSelect, levelSelect } = graphControls(g, types, hiddenTypes, column, level, setParam);
  const box = h('div', { class: 'graph-box', id: 'graph', role: 'img', aria: { label: `relation graph: ${nodes.length} actors, ${edges.length} relations` } });
  const holder: { cy: Core | null } = { cy: null };
  const zoom = (f: number) => () => {
    const cy = holder.cy;
    if (!cy) return;
    cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: box.clientWidth / 2, y: box.clientHeight / 2 } });
  };
  const edgeList = edgeTable(ctx, edges, names, column);
  mount(
    ctx.main,
    heading('Relation graph', 'Who supplies, threatens, visits, allies with whom. Green cooperative, red hostile, grey neutral, dashed negated; edge width is the number of findings. Scroll or use the buttons to zoom, drag to pan; click an edge for its sentences, a node to filter by that actor.'),
    h('div', { class: 'graph-controls' }, colSelect, levelSelect, typeBoxes, h('div', { class: 'zoom' }, h('button', { type: 'button', title: 'zoom in', on: { click: zoom(1.25) } }, '+'), h('button', { type: 'button', title: 'zoom out', on: { click: zoom(0.8) } }, '−'), h('button', { type: 'button', title: 'fit', on: { click: () => holder.cy?.fit(undefined, 30) } }, 'fit'))),
    nodes.length ? box : emptyState('No relations with these filters.'),
    h('h2', null, `Relations (${edges.length})`),
    edgeList,
  );
  if (!nodes.length) return;
  // The box must be in the document before cytoscape measures it: render after the view is mounted.
  requestAnimationFrame(() => drawGraph({ ctx, cytoscape, box, holder, nodes, edges, names, column }));
};

/** Draws the graph into its box, once the box is in the document (cytoscape measures it). */
function drawGraph(o: { ctx: ViewContext; cytoscape: Cytoscape; box: HTMLElement; holder: { cy: Core | null }; nodes: GraphNode[]; edges: GraphEdge[]; names: Map<string, string>; column: string | null }): void {
  const { ctx, cytoscape, box, holder, nodes, edges, names, column } = o;
  if (!box.isConnected) return;
  const maxW = Math.max(1, ...edges.map((e) => (column ? (e.weights[column] ?? 0) : e.weight)));
  const maxM = Math.max(1, ...nodes.map((n) => n.mentions));
  const cy = cytoscape({
    container: box,
    elements: [
      ...nodes.map((n) => ({ data: { id: n.id, label: n.label, kind: n.kind, size: 18 + 42 * Math.sqrt(n.mentions / maxM) } })),
      ...edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target, label: e.type, pol: String(e.polarity), negated: e.negated ? 1 : 0, symmetric: e.symmetric ? 1 : 0, w: 1 + 7 * ((column ? (e.weights[column] ?? 0) : e.weight) / maxW) } })),
    ],
    style: [
      { selector: 'node', style: { label: 'data(label)', width: 'data(size)', height: 'data(size)', 'background-color': (n: { data: (k: string) => string }) => NODE_COLOUR[n.data('kind')] ?? '#555', color: '#1b1f24', 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 3, 'text-outline-color': '#fff', 'text-outline-width': 2 } },
      {
        selector: 'edge',
        style: {
          width: 'data(w)',
          'line-color': (e: { data: (k: string) => string }) => EDGE_COLOUR[e.data('pol')] ?? '#888',
          'target-arrow-color': (e: { data: (k: string) => string }) => EDGE_COLOUR[e.data('pol')] ?? '#888',
          'target-arrow-shape': (e: { data: (k: string) => number }) => (e.data('symmetric') ? 'none' : 'triangle'),
          'curve-style': 'bezier',
          'line-style': (e: { data: (k: string) => number }) => (e.data('negated') ? 'dashed' : 'solid'),
          label: 'data(label)',
          'font-size': 9,
          color: '#444',
          'text-rotation': 'autorotate',
          'text-background-color': '#fff',
          'text-background-opacity': 0.8,
          'text-background-padding': '1px',
        },
      },
      { selector: ':selected', style: { 'overlay-color': '#f5b700', 'overlay-opacity': 0.3 } },
    ],
    layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 110, padding: 30 } as never,
    minZoom: 0.2,
    maxZoom: 4,
  });
  const byId = new Map(edges.map((e) => [e.id, e]));
  holder.cy = cy;
  cy.on('tap', 'edge', (ev: EventObject) => {
    const e = byId.get(ev.target.id());
    if (e) edgeEvidence(ctx, e, names, column);
  });
  cy.on('tap', 'node', (ev: EventObject) => navigate(linkTo('/graph', { actor: ev.target.id() }, [...ctx.params.keys()])));
  box.dataset.ready = 'true';
}
