// The trace graph: seeds on the left, the hops the tainted value took,
// the endpoints (services) where it arrived. Nodes are laid out in
// columns by their distance from the seeds; edges are as wide as the
// amount they carried (square-root scale, per asset) and colored by the
// category of the node they lead to. Drag to pan, wheel or buttons to
// zoom, click a node to open its address page.

import {h, s, path, short} from './dom.js';
import {num, fmt} from './units.js';

const COL = 240; // column distance
const ROW = 26; // row distance
const MAX_ROWS = 40; // rows of a column before it folds
const SUB = 34; // distance of the sub-columns of a folded column
const MAX_LOOSE = 1000; // unconnected endpoints drawn at most

// model builds nodes and edges from a /v1/trace/graph answer.
export function model(res) {
  const nodes = new Map();
  const node = (a) => {
    let n = nodes.get(a);
    if (!n) {
      n = {addr: a, kind: 'hop', entity: '', category: '', adj: [], depth: -1, order: 0, x: 0, y: 0, amounts: []};
      nodes.set(a, n);
    }
    return n;
  };
  for (const a of res.seeds) node(a).kind = 'seed';
  const edges = res.edges.map((e) => {
    const f = node(e.from);
    const t = node(e.to);
    f.adj.push(t);
    t.adj.push(f);
    return {from: f, to: t, asset: e.asset, amount: e.amount};
  });
  for (const e of res.endpoints) {
    const n = node(e.address);
    if (n.kind !== 'seed') n.kind = 'endpoint';
    n.entity = e.entity;
    n.category = e.category;
    n.amounts.push(e);
  }
  for (const r of res.resting) {
    const n = node(r.address);
    if (n.kind === 'hop') n.kind = 'resting';
    n.amounts.push(r);
  }
  // Endpoints and resting addresses the kept edges do not reach (the API
  // cut the edges at max_edges) are drawn apart, the largest MAX_LOOSE.
  const top = (n) => Math.max(0, ...n.amounts.map((a) => num(a.amount)));
  const loose = [...nodes.values()].filter((n) => !n.adj.length && n.kind !== 'seed').sort((a, b) => top(b) - top(a));
  for (const n of loose.slice(MAX_LOOSE)) nodes.delete(n.addr);
  layout(nodes, res.seeds, res.direction === 'backward' ? -1 : 1);
  return {nodes: [...nodes.values()], edges, omitted: Math.max(0, loose.length - MAX_LOOSE)};
}

// layout places nodes in columns by breadth-first distance from the
// seeds, ordered inside a column by the mean row of their neighbours in
// the previous column (fewer crossings); a column of more than MAX_ROWS
// nodes folds into sub-columns.
function layout(nodes, seeds, dir) {
  let layer = seeds.map((a) => nodes.get(a));
  layer.forEach((n, i) => { n.depth = 0; n.order = i; });
  const columns = [layer];
  while (layer.length) {
    const next = [];
    for (const n of layer) {
      for (const m of n.adj) {
        if (m.depth < 0) {
          m.depth = n.depth + 1;
          next.push(m);
        }
      }
    }
    for (const m of next) {
      let t = 0;
      let k = 0;
      for (const p of m.adj) if (p.depth === m.depth - 1) { t += p.order; k++; }
      m.key = k ? t / k : 0;
    }
    next.sort((a, b) => a.key - b.key);
    next.forEach((m, i) => { m.order = i; });
    if (next.length) columns.push(next);
    layer = next;
  }
  const rest = [...nodes.values()].filter((n) => n.depth < 0); // not connected (edges cut)
  if (rest.length) {
    rest.forEach((n, i) => { n.depth = columns.length; n.order = i; });
    columns.push(rest);
  }
  // A tall column folds into sub-columns, row by row, so that the
  // children of one parent stay level with it.
  let x = 0;
  for (const col of columns) {
    const sub = Math.ceil(col.length / MAX_ROWS);
    const rows = Math.ceil(col.length / sub);
    const top = -((rows - 1) * ROW) / 2;
    for (const n of col) {
      n.x = dir * (x + (n.order % sub) * SUB);
      n.folded = sub > 1;
      n.y = top + Math.floor(n.order / sub) * ROW;
    }
    x += (sub - 1) * SUB + COL;
  }
}

// draw renders the model into a new element and returns it with the
// time it took (model to painted frame is measured by the caller).
export function draw(m, chain) {
  const maxOf = {};
  for (const e of m.edges) maxOf[e.asset] = Math.max(maxOf[e.asset] || 0, num(e.amount));
  const edges = s('g', {class: 'edges'});
  for (const e of m.edges) edges.appendChild(edge(e, maxOf[e.asset] || 1));
  const nodes = s('g', {class: 'nodes'});
  const named = labeled(m.nodes);
  for (const n of m.nodes) nodes.appendChild(vertex(n, named.has(n)));
  const vp = s('g', {class: 'viewport'}, edges, nodes);
  const svg = s('svg', {class: 'graph' + (m.nodes.length > 500 ? ' big' : ''), role: 'img', 'aria-label': 'trace graph', 'data-nodes': m.nodes.length, 'data-edges': m.edges.length}, vp);
  const info = h('div', {class: 'graph-info', 'aria-live': 'polite'}, 'Point at an address or an edge.');
  const box = h('div', {class: 'graph-box', id: 'graph'}, svg, info);
  interact(svg, info, chain);
  const view = panZoom(svg, vp, bounds(m.nodes));
  box.prepend(h('div', {class: 'graph-tools'},
    h('button', {type: 'button', onclick: () => view.zoom(1.4)}, '+'),
    h('button', {type: 'button', onclick: () => view.zoom(1 / 1.4)}, '−'),
    h('button', {type: 'button', onclick: () => view.fit()}, 'Fit'),
    legend()));
  return {el: box, fit: view.fit};
}

function edge(e, max) {
  const w = 1 + 11 * Math.sqrt(num(e.amount) / max);
  const dx = (e.to.x - e.from.x) / 2;
  const d = 'M' + e.from.x + ' ' + e.from.y + ' C' + (e.from.x + dx) + ' ' + e.from.y + ' ' + (e.to.x - dx) + ' ' + e.to.y + ' ' + e.to.x + ' ' + e.to.y;
  const p = s('path', {d, class: 'edge cat-' + catClass(e.to), 'stroke-width': w.toFixed(2)});
  p.__edge = e;
  return p;
}

// labeled picks the nodes drawn with a name: the seeds and the
// MAX_LABELS endpoints that received the most, outside folded columns
// (where names would overlap); the others say it on hover.
const MAX_LABELS = 60;

function labeled(nodes) {
  const eps = nodes.filter((n) => (n.kind === 'endpoint' || n.kind === 'resting') && !n.folded);
  const top = (n) => Math.max(0, ...n.amounts.map((a) => num(a.amount)));
  eps.sort((a, b) => top(b) - top(a));
  return new Set(nodes.filter((n) => n.kind === 'seed').concat(eps.slice(0, MAX_LABELS)));
}

function vertex(n, named) {
  const r = n.kind === 'seed' ? 9 : n.kind === 'endpoint' ? 8 : 5;
  const g = s('g', {class: 'node kind-' + n.kind + ' cat-' + catClass(n), transform: 'translate(' + n.x + ' ' + n.y + ')',
    'data-address': n.addr, tabindex: 0, role: 'link', 'aria-label': n.addr}, s('circle', {r}));
  if (named) g.appendChild(s('text', {x: r + 4, y: 4}, n.kind === 'seed' ? 'seed ' + short(n.addr) : n.entity || short(n.addr)));
  g.__node = n;
  return g;
}

// describe is the hover text of a node or an edge.
function describe(el) {
  const n = el.__node;
  if (n) {
    return [n.addr + (n.entity ? ' — ' + n.entity + ' (' + n.category + ')' : '') + ' · ' + n.kind].concat(
      n.amounts.map((a) => (a.entity !== undefined ? 'reached ' : 'resting ') + fmt(a.amount, a.asset)));
  }
  const e = el.__edge;
  return [e.from.addr + ' → ' + e.to.addr, fmt(e.amount, e.asset)];
}

// interact opens a node's address page on click or Enter, and shows what
// is under the pointer in info: one listener each for the whole graph.
function interact(svg, info, chain) {
  const open = (t) => {
    const g = t.closest && t.closest('.node');
    if (g) location.hash = '#/address/' + path(chain, g.__node.addr);
  };
  svg.addEventListener('click', (ev) => open(ev.target));
  svg.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') open(ev.target); });
  svg.addEventListener('mouseover', (ev) => {
    const el = ev.target.closest && (ev.target.closest('.node') || ev.target.closest('.edge'));
    if (el) info.replaceChildren(...describe(el).map((x) => h('div', null, x)));
  });
}

// catClass is the color class of a node: its category, or its kind.
function catClass(n) {
  if (n.kind === 'endpoint') return String(n.category).toLowerCase().replace(/[^a-z0-9_-]/g, '') || 'service';
  return n.kind;
}

function legend() {
  const cats = ['seed', 'hop', 'resting', 'exchange', 'bridge', 'mixer', 'dex', 'sanctioned', 'service'];
  return h('span', {class: 'legend'}, cats.map((c) => h('span', {class: 'key cat-' + c}, c)));
}

function bounds(nodes) {
  let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
  for (const n of nodes) {
    x0 = Math.min(x0, n.x); y0 = Math.min(y0, n.y); x1 = Math.max(x1, n.x); y1 = Math.max(y1, n.y);
  }
  if (!nodes.length) return {x0: 0, y0: 0, x1: 1, y1: 1};
  return {x0: x0 - 40, y0: y0 - 30, x1: x1 + 200, y1: y1 + 30};
}

// panZoom moves and scales vp inside svg with the pointer and the wheel.
function panZoom(svg, vp, b) {
  let k = 1; let tx = 0; let ty = 0;
  const apply = () => vp.setAttribute('transform', 'translate(' + tx.toFixed(1) + ' ' + ty.toFixed(1) + ') scale(' + k.toFixed(4) + ')');
  const size = () => ({w: svg.clientWidth || 800, h: svg.clientHeight || 520});
  const zoomAt = (f, px, py) => {
    const nk = Math.min(8, Math.max(0.02, k * f));
    tx = px - (px - tx) * (nk / k);
    ty = py - (py - ty) * (nk / k);
    k = nk;
    apply();
  };
  const fit = () => {
    const {w, h: hh} = size();
    k = Math.min(1.2, Math.max(0.02, Math.min(w / (b.x1 - b.x0), hh / (b.y1 - b.y0))));
    tx = (w - (b.x1 - b.x0) * k) / 2 - b.x0 * k;
    ty = (hh - (b.y1 - b.y0) * k) / 2 - b.y0 * k;
    apply();
  };
  svg.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = svg.getBoundingClientRect();
    zoomAt(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - r.left, e.clientY - r.top);
  }, {passive: false});
  let drag = null;
  svg.addEventListener('pointerdown', (e) => {
    if (e.target.closest('.node')) return;
    drag = {x: e.clientX - tx, y: e.clientY - ty};
    svg.setPointerCapture(e.pointerId);
    svg.classList.add('dragging');
  });
  svg.addEventListener('pointermove', (e) => {
    if (!drag) return;
    tx = e.clientX - drag.x;
    ty = e.clientY - drag.y;
    apply();
  });
  const stop = () => { drag = null; svg.classList.remove('dragging'); };
  svg.addEventListener('pointerup', stop);
  svg.addEventListener('pointercancel', stop);
  return {fit, zoom: (f) => { const {w, h: hh} = size(); zoomAt(f, w / 2, hh / 2); }};
}
