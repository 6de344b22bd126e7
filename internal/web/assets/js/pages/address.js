// The address page: labels with their provenance and TLP, totals and
// balances, the screening result, and a button to trace from it.

import {h, message, sourceLink, path, table, short, addrLink} from '../dom.js';
import {get, q} from '../api.js';
import {explain} from '../errors.js';
import {fmt} from '../units.js';

export async function render(root, segs) {
  const [, chain, addr] = segs;
  if (!chain || !addr) {
    root.appendChild(message('warn', 'Which address?', 'The page address is #/address/CHAIN/ADDRESS.'));
    return;
  }
  root.appendChild(h('h1', null, 'Address ', h('span', {class: 'mono break', id: 'addr'}, addr), ' ', h('span', {class: 'chip'}, chain)));
  const [a, sc, cp] = await Promise.allSettled([
    get('/v1/addresses/' + path(chain, addr)),
    get('/v1/screen?' + q({chain, address: addr, explain: 'true'})),
    get('/v1/addresses/' + path(chain, addr) + '/counterparties?limit=25'),
  ]);
  if (a.status === 'rejected') {
    root.appendChild(explain(a.reason, 'This address'));
    return;
  }
  const info = a.value;
  root.appendChild(h('p', {class: 'actions'},
    h('a', {class: 'button', href: '#/trace?' + q({chain: info.chain, seed: info.address})}, 'Trace from this address'), ' ',
    h('a', {class: 'button secondary', href: '#/trace?' + q({chain: info.chain, seed: info.address, direction: 'backward'})}, 'Trace where its funds came from')));
  if (!info.seen && info.labels.length === 0) {
    root.appendChild(message('info', 'Nothing known about this address.', 'It has no moves in the data loaded and no labels. Check the chain and the address, or load more data.'));
  }
  root.appendChild(screening(sc));
  root.appendChild(labels(info.labels));
  if (info.seen) {
    root.appendChild(totals(info));
    root.appendChild(counterparties(cp, info.chain));
  }
}

function counterparties(cp, chain) {
  const box = h('section', {id: 'counterparties'}, h('h2', null, 'Counterparties'));
  if (cp.status === 'rejected') {
    box.appendChild(h('p', {class: 'muted'}, 'Not available: ', cp.reason.message));
    return box;
  }
  const r = cp.value;
  const side = (title, list, total) => [h('h3', null, title + ' (' + total + ')'), list.length ? table(['address', 'entity', 'amount', 'moves', 'blocks'],
    list.map((c) => [addrLink(chain, c.address, short(c.address)), c.entity ? h('span', {class: 'entity'}, c.entity, ' ', h('span', {class: 'muted'}, c.category)) : '—',
      h('span', {class: 'num', 'data-amount': c.amount}, fmt(c.amount, c.asset)), String(c.count), c.first_block + '–' + c.last_block]), {class: 'counterparties'})
    : h('p', {class: 'muted'}, 'None.'),
  total > list.length ? h('p', {class: 'muted'}, 'The ' + list.length + ' with the most moves of ' + total + '.') : ''];
  box.append(...side('Sent to', r.sent, r.sent_total), ...side('Received from', r.received, r.received_total));
  return box;
}

function screening(sc) {
  const box = h('section', {id: 'screening'}, h('h2', null, 'Screening'));
  if (sc.status === 'rejected') {
    box.appendChild(explain(sc.reason, 'The screening'));
    return box;
  }
  const r = sc.value.results[0];
  box.appendChild(h('p', null, 'Risk ', h('span', {class: 'risk risk-' + r.risk, id: 'risk'}, r.risk.toUpperCase()),
    r.known ? '' : h('span', {class: 'muted'}, ' (labels only: no moves of this address in the data loaded)')));
  if (r.explain) box.appendChild(h('p', {class: 'muted'}, 'Rule ', r.explain.rule, ': ', r.explain.reason));
  if ((r.indirect || []).length) {
    box.appendChild(table(['direction', 'entity', 'category', 'share', 'amount', 'hops'],
      r.indirect.map((x) => [x.direction, x.entity, x.category, x.share, fmt(x.amount, x.asset), String(x.hops)])));
  }
  return box;
}

function labels(ls) {
  const box = h('section', {id: 'labels'}, h('h2', null, 'Labels (' + ls.length + ')'));
  if (!ls.length) {
    box.appendChild(h('p', {class: 'muted'}, 'No labels.'));
    return box;
  }
  box.appendChild(table(['entity', 'category', 'TLP', 'confidence', 'source', 'imported', 'list / programs', 'status'],
    ls.map((l) => [
      h('span', {class: 'entity'}, l.entity, l.actor ? h('span', {class: 'muted'}, ' (actor ', l.actor, ')') : ''),
      h('span', {class: 'cat cat-' + cssName(l.category)}, l.category),
      h('span', {class: 'tlp tlp-' + cssName((l.tlp || 'clear').toLowerCase())}, 'TLP:' + (l.tlp || 'CLEAR').toUpperCase()),
      String(l.confidence),
      sourceLink(l.source),
      h('span', {title: l.imported_at}, l.importer, ' ', (l.imported_at || '').slice(0, 10)),
      [l.list, (l.programs || []).join(', '), l.list_entry_id ? '#' + l.list_entry_id : ''].filter(Boolean).join(' '),
      l.status + (l.delisted_at ? ' ' + l.delisted_at : ''),
    ]), {class: 'labels'}));
  const notes = ls.filter((l) => l.note);
  for (const l of notes) box.appendChild(h('p', {class: 'note'}, h('strong', null, l.entity, ': '), l.note));
  return box;
}

function totals(info) {
  const recv = new Map(info.received.map((x) => [x.asset, x]));
  const sent = new Map(info.sent.map((x) => [x.asset, x]));
  return h('section', {id: 'totals'}, h('h2', null, 'Balances'),
    h('p', {class: 'muted'}, 'Totals over the data loaded, blocks ', String(info.first_block), '–', String(info.last_block),
      '. A balance is received minus sent and may be negative when the data starts mid-chain.'),
    table(['asset', 'balance', 'received', 'sent'], info.balances.map((b) => [
      h('span', {title: b.asset}, short(b.asset)),
      h('span', {class: 'num', 'data-amount': b.amount}, fmt(b.amount, b.asset)),
      recv.has(b.asset) ? fmt(recv.get(b.asset).amount, b.asset) + ' in ' + recv.get(b.asset).count : '—',
      sent.has(b.asset) ? fmt(sent.get(b.asset).amount, b.asset) + ' in ' + sent.get(b.asset).count : '—',
    ]), {class: 'balances'}));
}

// cssName keeps a class-name-safe version of a value.
export function cssName(x) {
  return String(x || '').toLowerCase().replace(/[^a-z0-9_-]/g, '');
}
