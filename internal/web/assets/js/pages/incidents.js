// Incidents: the registry list, one incident with its facts and sources,
// its seeds, a trace of them, and report downloads.

import {h, message, addrLink, path, sourceLink, table} from '../dom.js';
import {get, q} from '../api.js';
import {explain} from '../errors.js';
import {fmt} from '../units.js';
import {reportBox} from '../reports.js';

export async function render(root, segs) {
  if (segs[0] === 'incident') return one(root, segs[1]);
  root.appendChild(h('h1', null, 'Incidents'));
  let r;
  try {
    r = await get('/v1/incidents');
  } catch (e) {
    root.appendChild(explain(e));
    return;
  }
  root.appendChild(reportBox('Activity summary (all incidents)', [
    ['HTML', '/v1/reports/summary?format=html', 'summary.html'],
    ['CSV', '/v1/reports/summary?format=csv', 'summary.csv'],
    ['JSON', '/v1/reports/summary?format=json', 'summary.json']]));
  if (!r.incidents.length) {
    root.appendChild(message('info', 'No incidents.', 'Import some with vigil incidents import FILE.'));
    return;
  }
  root.appendChild(table(['incident', 'date', 'victim', 'actor', 'chains', 'seeds'], r.incidents.map((i) => [
    h('a', {href: '#/incident/' + path(i.id)}, i.name), i.date.value, i.victim.value, i.actor.value,
    (i.chains || []).join(', '), String((i.seeds || []).length)]), {class: 'incidents'}));
}

async function one(root, id) {
  if (!id) {
    root.appendChild(message('warn', 'Which incident?', 'See the ', h('a', {href: '#/incidents'}, 'list'), '.'));
    return;
  }
  let i;
  try {
    i = await get('/v1/incidents/' + path(id));
  } catch (e) {
    root.append(h('h1', null, 'Incident ', h('span', {class: 'query'}, id)), explain(e, 'This incident'),
      h('p', null, h('a', {href: '#/incidents'}, 'All incidents')));
    return;
  }
  root.appendChild(h('h1', null, i.name));
  root.appendChild(h('dl', {class: 'facts'},
    fact('Date', i.date), fact('Victim', i.victim), fact('Actor', i.actor),
    h('dt', null, 'Chains'), h('dd', null, (i.chains || []).join(', ') || '—'),
    h('dt', null, 'Stolen'), h('dd', null, (i.stolen || []).length ? i.stolen.map((s) => h('div', null, s.display || fmt(s.base_units, s.asset),
      s.approximate ? h('span', {class: 'muted'}, ' (approximate)') : '', sources(s.sources))) : 'unknown'),
    h('dt', null, 'Registry'), h('dd', null, i.origin)));
  const e = encodeURIComponent(i.id);
  root.appendChild(reportBox('Incident report', [
    ['HTML', '/v1/reports/incident/' + e + '?format=html', i.id + '.html'],
    ['Markdown', '/v1/reports/incident/' + e + '?format=md', i.id + '.md'],
    ['JSON', '/v1/reports/incident/' + e + '?format=json', i.id + '.json']]));
  root.appendChild(reportBox('Freeze-request package', [['ZIP (every exchange reached)', '/v1/reports/freeze/' + e, i.id + '-freeze.zip']]));
  root.appendChild(h('p', {class: 'muted'}, 'Reports trace the seeds from the first block on or after the incident date; trace the seeds below to choose the block, the policy or one exchange.'));
  seeds(root, i);
  for (const n of i.notes || []) root.appendChild(h('p', {class: 'note'}, n.value, sources(n.sources)));
}

function fact(name, f) {
  return [h('dt', null, name), h('dd', null, (f && f.value) || 'unknown', f && f.note ? h('span', {class: 'muted'}, ' — ' + f.note) : '', sources(f && f.sources))];
}

function sources(list) {
  if (!list || !list.length) return '';
  return h('span', {class: 'sources'}, ' [', list.map((s, k) => [k ? ', ' : '', sourceLink(s)]), ']');
}

function seeds(root, i) {
  const list = i.seeds || [];
  root.appendChild(h('h2', null, 'Seed addresses'));
  if (!list.length) {
    root.appendChild(h('p', {class: 'muted'}, 'No seed addresses are known for this incident.'));
    return;
  }
  root.appendChild(table(['role', 'chain', 'address', 'note'], list.map((s) => [s.role, s.chain, addrLink(s.chain, s.address), s.note || ''])));
  const byChain = {};
  for (const s of list) if (s.role !== 'victim') (byChain[s.chain] = byChain[s.chain] || []).push(s.address);
  for (const [chain, addrs] of Object.entries(byChain)) {
    root.appendChild(h('p', {class: 'actions'}, h('a', {class: 'button', href: '#/trace?' + q({chain, seed: addrs, incident: i.id})},
      'Trace the ' + chain + ' seeds (' + addrs.length + ')')));
  }
}
