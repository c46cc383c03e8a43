/* Parallax report client script (inlined into the report; plain ES2019, no imports).
 * Reads the JSON block, draws the charts with Chart.js and the graph with Cytoscape.js (both inlined before this
 * script), and highlights the span a link points to. All corpus text reaches the page through textContent or
 * canvas drawing, never innerHTML. */
(function () {
  'use strict';
  var dataEl = document.getElementById('parallax-data');
  var data = dataEl ? JSON.parse(dataEl.textContent || '{}') : {};
  var palette = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
  var printing = window.matchMedia && window.matchMedia('print').matches;
  window.parallaxCharts = {};

  function colorOf(i) {
    return palette[i % palette.length];
  }
  function make(id, config) {
    var el = document.getElementById(id);
    if (!el || typeof Chart === 'undefined') return;
    config.options = config.options || {};
    config.options.animation = false;
    config.options.responsive = true;
    config.options.maintainAspectRatio = false;
    window.parallaxCharts[id] = new Chart(el, config);
  }

  // Articles per outlet, coloured by group.
  if (data.outlets && data.outlets.length) {
    var groups = [];
    data.outlets.forEach(function (o) {
      var g = o.group || '(no group)';
      if (groups.indexOf(g) < 0) groups.push(g);
    });
    make('chart-outlets', {
      type: 'bar',
      data: {
        labels: data.outlets.map(function (o) { return o.name; }),
        datasets: [{
          label: 'articles',
          data: data.outlets.map(function (o) { return o.articles; }),
          backgroundColor: data.outlets.map(function (o) { return colorOf(groups.indexOf(o.group || '(no group)')); }),
        }],
      },
      options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  // Mean stance per actor and column.
  if (data.stance && data.stance.rows && data.stance.rows.length) {
    make('chart-stance', {
      type: 'bar',
      data: {
        labels: data.stance.rows.map(function (r) { return r.actor; }),
        datasets: data.stance.columns.map(function (c, i) {
          return { label: c, data: data.stance.rows.map(function (r) { return r.means[i]; }), backgroundColor: colorOf(i) };
        }),
      },
      options: { indexAxis: 'y', scales: { x: { min: -1, max: 1 } } },
    });
  }

  // Techniques per column (stacked).
  if (data.techniques && data.techniques.techniques && data.techniques.techniques.length) {
    make('chart-techniques', {
      type: 'bar',
      data: {
        labels: data.techniques.columns,
        datasets: data.techniques.techniques.map(function (t, i) {
          return { label: t, data: data.techniques.counts[i], backgroundColor: colorOf(i) };
        }),
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  // Timeline: dated events as points (x: date, y: how many outlets date it there).
  if (data.timeline && data.timeline.length) {
    var pts = [];
    data.timeline.forEach(function (e) {
      var iso = e.date.length === 4 ? e.date + '-07-01' : e.date.length === 7 ? e.date + '-15' : e.date;
      var t = Date.parse(iso);
      if (!isNaN(t)) pts.push({ x: t, y: e.outlets.length, label: e.date + ': ' + e.label });
    });
    make('chart-timeline', {
      type: 'scatter',
      data: { datasets: [{ label: 'events', data: pts, backgroundColor: colorOf(0), pointRadius: 5 }] },
      options: {
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (ctx) { return ctx.raw.label; } } } },
        scales: {
          x: { ticks: { callback: function (v) { return new Date(v).toISOString().slice(0, 10); } } },
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'outlets' } },
        },
      },
    });
  }

  // Actor graph.
  var g = data.graph;
  var box = document.getElementById('graph');
  if (g && box && g.edges && g.edges.length && typeof cytoscape !== 'undefined') {
    var maxSize = 1;
    g.nodes.forEach(function (n) { if (n.size > maxSize) maxSize = n.size; });
    var kindColor = { state: '#4e79a7', person: '#f28e2b', organisation: '#59a14f', place: '#9c755f' };
    var elements = g.nodes.map(function (n) {
      return { data: { id: n.id, label: n.label, size: 18 + 32 * Math.sqrt(n.size / maxSize), color: kindColor[n.kind] || '#bab0ac' } };
    }).concat(g.edges.map(function (e) {
      var col = e.polarity === 'positive' ? '#2e7d32' : e.polarity === 'negative' ? '#c62828' : '#9e9e9e';
      return { data: { id: 'edge-' + e.id, source: e.source, target: e.target, label: e.label, width: 1 + Math.min(8, e.weight), color: col, style: e.contested ? 'dashed' : 'solid' } };
    }));
    window.parallaxGraph = cytoscape({
      container: box,
      elements: elements,
      layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 90; } },
      style: [
        { selector: 'node', style: { label: 'data(label)', width: 'data(size)', height: 'data(size)', 'background-color': 'data(color)', 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 3 } },
        { selector: 'edge', style: { width: 'data(width)', 'line-color': 'data(color)', 'line-style': 'data(style)', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 9, color: '#555', 'text-rotation': 'autorotate', opacity: 0.8 } },
      ],
    });
  }

  // Highlight the span a link points to: #s-<article>-<start>-<end>.
  function mark() {
    var old = document.querySelectorAll('.current');
    for (var i = 0; i < old.length; i++) old[i].classList.remove('current');
    var m = /^#s-([A-Za-z0-9_-]+)-(\d+)-(\d+)$/.exec(location.hash);
    if (!m) return;
    var anchor = document.getElementById(location.hash.slice(1));
    if (!anchor) return;
    var start = +m[2];
    var end = +m[3];
    var text = anchor.closest('.text');
    if (!text) return;
    var segs = text.querySelectorAll('.hl');
    for (var j = 0; j < segs.length; j++) {
      var o = +segs[j].getAttribute('data-o');
      var e = +segs[j].getAttribute('data-e');
      if (o >= start && e <= end) segs[j].classList.add('current');
    }
  }
  // Language filter (multilingual corpora): hides the labels, quotes, evidence entries and articles of the other
  // languages; every such element carries data-language.
  var langSelect = document.getElementById('lang-filter');
  if (langSelect) {
    langSelect.addEventListener('change', function () {
      var want = langSelect.value;
      var els = document.querySelectorAll('main [data-language]');
      for (var k = 0; k < els.length; k++) {
        els[k].classList.toggle('lang-hidden', !!want && els[k].getAttribute('data-language') !== want);
      }
      document.documentElement.setAttribute('data-language-filter', want);
    });
  }
  window.addEventListener('hashchange', mark);
  mark();
  if (printing) Object.keys(window.parallaxCharts).forEach(function (k) { window.parallaxCharts[k].resize(); });
  document.documentElement.setAttribute('data-ready', '1');
})();
