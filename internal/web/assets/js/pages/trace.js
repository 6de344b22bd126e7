// The trace page: a form (its values live in the page address, so a
// trace can be bookmarked), then the totals, the graph, the summary by
// entity, the endpoint table with CSV/JSON export, and report links.

import {h, message, addrLink, txLink, table, downloadBlob, short} from '../dom.js';
import {get, q} from '../api.js';
import {explain} from '../errors.js';
import {CHAINS, fmt, sum, assetName} from '../units.js';
import {model, draw} from '../graph.js';
import {sankey} from '../sankey.js';
import {reportBox} from '../reports.js';
import {endpointsCSV} from '../export.js';

export async function render(root, segs, query) {
  const p = {
    chain: query.get('chain') || 'eth',
    seeds: query.getAll('seed').flatMap((x) => x.split(/[\s,]+/)).filter(Boolean),
    since_block: query.get('since_block') || '',
    policy: query.get('policy') || 'haircut',
    max_hops: query.get('max_hops') || '',
    direction: query.get('direction') || 'forward',
    incident: query.get('incident') || '',
  };
  root.appendChild(h('h1', null, 'Trace'));
  root.appendChild(form(p));
  if (!p.seeds.length) {
    root.appendChild(h('p', {class: 'muted'}, 'Give one or more seed addresses (comma or space separated) and run the trace.'));
    return;
  }
  const out = h('div', {id: 'trace-result'}, h('p', {class: 'muted', id: 'trace-wait'}, 'Tracing…'));
  root.appendChild(out);
  let res;
  try {
    res = await get('/v1/trace/graph?' + q({chain: p.chain, seed: p.seeds, since_block: p.since_block, policy: p.policy,
      max_hops: p.max_hops, direction: p.direction === 'forward' ? '' : p.direction, max_edges: 5000}));
  } catch (e) {
    out.replaceChildren(explain(e, 'A seed'));
    return;
  }
  out.replaceChildren();
  await results(out, res, p);
}

function form(p) {
  const opt = (v, cur) => h('option', {value: v, selected: v === cur}, v);
  const f = h('form', {id: 'trace-form', class: 'grid', autocomplete: 'off'},
    h('label', null, 'Chain', h('select', {name: 'chain'}, CHAINS.map((c) => opt(c, p.chain)))),
    h('label', {class: 'wide'}, 'Seed addresses', h('input', {name: 'seed', value: p.seeds.join(', '), required: true, maxlength: 20000, placeholder: '0x…, 0x…'})),
    h('label', null, 'Since block', h('input', {name: 'since_block', value: p.since_block, inputmode: 'numeric', pattern: '[0-9]*'})),
    h('label', null, 'Policy', h('select', {name: 'policy'}, ['haircut', 'poison', 'fifo'].map((x) => opt(x, p.policy)))),
    h('label', null, 'Max hops', h('input', {name: 'max_hops', value: p.max_hops, inputmode: 'numeric', pattern: '[0-9]*', placeholder: '64'})),
    h('label', null, 'Direction', h('select', {name: 'direction'}, ['forward', 'backward'].map((x) => opt(x, p.direction)))),
    h('input', {type: 'hidden', name: 'incident', value: p.incident}),
    h('button', {type: 'submit', id: 'run-trace'}, 'Run trace'));
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = new FormData(f);
    const next = '#/trace?' + q({chain: d.get('chain'), seed: String(d.get('seed')).split(/[\s,]+/).filter(Boolean),
      since_block: d.get('since_block'), policy: d.get('policy'), max_hops: d.get('max_hops'),
      direction: d.get('direction') === 'forward' ? '' : d.get('direction'), incident: d.get('incident')});
    if (location.hash === next) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = next;
  });
  return f;
}

async function results(out, res, p) {
  out.appendChild(summary(res));
  if (!res.endpoints.length && !res.resting.length) {
    out.appendChild(message('info', 'No tainted value found.', 'Nothing left the seeds after block ' + (p.since_block || 0) + ' in the data loaded.'));
  }
  // The graph: time from the answer to the first painted frame.
  const t0 = performance.now();
  const m = model(res);
  const t1 = performance.now();
  const g = draw(m, res.chain);
  const t2 = performance.now();
  const sec = h('section', {id: 'graph-section'}, h('h2', null, 'Graph'));
  sec.appendChild(g.el);
  out.appendChild(sec);
  g.fit();
  g.el.getBoundingClientRect();
  const t3 = performance.now();
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const ms = performance.now() - t0;
  g.el.setAttribute('data-render-ms', ms.toFixed(1));
  g.el.setAttribute('data-phases-ms', [t1 - t0, t2 - t1, t3 - t2, performance.now() - t3].map((x) => x.toFixed(1)).join(' '));
  sec.appendChild(h('p', {class: 'muted', id: 'graph-info'}, m.nodes.length + ' addresses, ' + m.edges.length + ' edges',
    res.edges_truncated ? ' (the ' + res.edges.length + ' largest of ' + res.edges_total + ' edges)' : '',
    m.omitted ? '; ' + m.omitted + ' smaller endpoints the kept edges do not reach are not drawn' : '',
    '; drawn in ' + ms.toFixed(0) + ' ms. Drag to move, wheel to zoom, click an address to open it.'));
  out.appendChild(flowSummary(res));
  out.appendChild(endpointTable(res));
  if (res.resting.length) out.appendChild(restingTable(res));
  out.appendChild(reports(res, p));
}

// totals per asset: what reached endpoints and what rests.
// assetsOf lists the assets of a result, the chain's own coin first.
function assetsOf(res) {
  const set = new Set(res.endpoints.map((e) => e.asset).concat(res.resting.map((r) => r.asset)));
  return [...set].sort((a, b) => (b === res.chain) - (a === res.chain) || a.localeCompare(b));
}

function summary(res) {
  const assets = assetsOf(res);
  const rows = assets.map((a) => {
    const ep = res.endpoints.filter((e) => e.asset === a);
    const rs = res.resting.filter((r) => r.asset === a);
    const te = sum(ep.map((e) => e.amount));
    const tr = sum(rs.map((r) => r.amount));
    return [h('span', {title: a}, assetName(a)), String(ep.length), h('span', {'data-amount': te, 'data-asset': a, 'data-kind': 'endpoints'}, fmt(te, a)),
      String(rs.length), h('span', {'data-amount': tr, 'data-asset': a, 'data-kind': 'resting'}, fmt(tr, a))];
  });
  return h('section', {id: 'trace-summary'}, h('h2', null, 'Result'),
    h('p', null, res.seeds.length + ' seed(s) on ' + res.chain + ', policy ' + res.policy + ', ' + (res.direction || 'forward') + '; ',
      String(res.stats.transfers_visited) + ' transfers visited in ' + res.stats.elapsed_ms + ' ms',
      res.stats.truncated ? h('strong', null, ' (stopped at the hop limit)') : '', '.'),
    table(['asset', 'endpoints', 'reached endpoints', 'resting addresses', 'resting'], rows, {class: 'totals'}));
}

function flowSummary(res) {
  const assets = assetsOf(res);
  const sec = h('section', {id: 'flows'}, h('h2', null, 'Where it went, by entity'));
  if (!assets.length) return sec;
  const box = h('div', {class: 'sankey-box'});
  const pick = h('select', {'aria-label': 'asset'}, assets.map((a) => h('option', {value: a}, assetName(a))));
  const show = () => box.replaceChildren(sankey(res, pick.value));
  pick.value = assets.includes(res.chain) ? res.chain : assets[0];
  pick.addEventListener('change', show);
  show();
  sec.append(h('label', null, 'Asset ', pick), box);
  return sec;
}

function endpointTable(res) {
  const name = 'trace-' + res.chain + '-' + short(res.seeds[0]).replace('…', '-');
  const sec = h('section', {id: 'endpoints'}, h('h2', null, 'Endpoints (' + res.endpoints.length + ')'),
    h('p', {class: 'actions'},
      h('button', {type: 'button', id: 'export-csv', onclick: () => downloadBlob(name + '.csv', 'text/csv', endpointsCSV(res.endpoints))}, 'Export CSV'), ' ',
      h('button', {type: 'button', id: 'export-json', onclick: () => downloadBlob(name + '.json', 'application/json', JSON.stringify(res.endpoints, null, 2))}, 'Export JSON')));
  sec.appendChild(longTable(['address', 'entity', 'category', 'deposit for', 'amount', 'hops', 'blocks', 'evidence path'],
    res.endpoints, (e) => [
      addrLink(res.chain, e.address, short(e.address)),
      h('span', {class: 'entity'}, e.entity),
      e.category,
      e.deposit_for ? addrLink(res.chain, e.deposit_for, short(e.deposit_for)) : '—',
      h('span', {class: 'num', 'data-amount': e.amount, 'data-asset': e.asset}, fmt(e.amount, e.asset)),
      String(e.hops),
      e.first_block + '–' + e.last_block,
      h('span', null, e.path.slice(0, 3).map((t, i) => [i ? ' → ' : '', txLink(res.chain, t)]), e.path.length > 3 ? ' … (' + e.path.length + ' txs)' : ''),
    ], 'endpoints'));
  return sec;
}

function restingTable(res) {
  return h('section', {id: 'resting'}, h('h2', null, 'Resting (' + res.resting.length + ')'),
    longTable(['address', 'amount'], res.resting, (r) => [addrLink(res.chain, r.address, short(r.address)),
      h('span', {class: 'num', 'data-amount': r.amount}, fmt(r.amount, r.asset))], 'resting'));
}

// ROWS is how many rows a long table shows before "Show all".
const ROWS = 500;

// longTable shows the first ROWS items of a long list, and a button that
// adds the rest (the exports always hold everything).
function longTable(headers, items, row, cls) {
  const t = table(headers, items.slice(0, ROWS).map(row), {class: cls});
  if (items.length <= ROWS) return t;
  const more = h('button', {type: 'button', class: 'secondary', onclick: () => {
    const body = t.querySelector('tbody');
    for (const it of items.slice(ROWS)) body.appendChild(h('tr', null, row(it).map((c) => h('td', null, c))));
    more.remove();
  }}, 'Show all ' + items.length.toLocaleString('en'));
  return h('div', null, t, more);
}

function reports(res, p) {
  if (p.direction === 'backward') {
    return h('p', {class: 'muted'}, 'Reports follow value forward: run the trace forward to get them.');
  }
  const base = {chain: res.chain, seed: res.seeds, since_block: p.since_block || 0, policy: p.policy, max_hops: p.max_hops};
  const links = ['html', 'md', 'json'].map((f) => [f === 'md' ? 'Markdown' : f.toUpperCase(),
    '/v1/reports/trace?' + q({...base, format: f}), 'trace-report.' + f]);
  const box = h('div', null, reportBox('Trace report', links));
  if (p.incident) {
    const opts = {chain: res.chain, since_block: p.since_block, policy: p.policy, max_hops: p.max_hops};
    const id = encodeURIComponent(p.incident);
    const exchanges = [...new Set(res.endpoints.filter((e) => e.category === 'exchange').map((e) => e.entity))].sort();
    box.appendChild(reportBox('Freeze-request packages (' + p.incident + ')', [['All exchanges', '/v1/reports/freeze/' + id + '?' + q(opts), p.incident + '-freeze.zip']]
      .concat(exchanges.map((x) => [x, '/v1/reports/freeze/' + id + '?' + q({...opts, exchange: x}), p.incident + '-' + x + '.zip']))));
  }
  return box;
}
