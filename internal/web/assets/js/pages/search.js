// Search results: what the text names. A single unambiguous hit (one
// address or one transaction, nothing else) opens its page directly.

import {h, message, addrLink, txLink, path, table} from '../dom.js';
import {get, q} from '../api.js';
import {explain} from '../errors.js';

export async function render(root, segs, query) {
  const text = (query.get('q') || '').trim();
  const input = document.getElementById('q');
  if (input && input.value !== text) input.value = text;
  root.appendChild(h('h1', null, 'Search: ', h('span', {class: 'query'}, text)));
  if (!text) {
    root.appendChild(message('info', 'Type something to search.', 'An address, a transaction hash, an entity or an incident name.'));
    return;
  }
  let r;
  try {
    r = await get('/v1/search?' + q({q: text}));
  } catch (e) {
    root.appendChild(explain(e));
    return;
  }
  const n = r.addresses.length + r.transactions.length + r.entities.length + r.incidents.length;
  const only = r.addresses.length + r.transactions.length === 1 && n === 1;
  if (only && r.addresses.length === 1) {
    location.replace('#/address/' + path(r.addresses[0].chain, r.addresses[0].address));
    return;
  }
  if (only) {
    location.replace('#/tx/' + path(r.transactions[0].chain, r.transactions[0].hash));
    return;
  }
  if (n === 0) {
    root.appendChild(message('warn', 'Nothing matches.', hint(text)));
    return;
  }
  sections(root, r);
}

// hint says why nothing matched, from the shape of the text.
function hint(text) {
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(text)) return 'No transaction with this hash is in the data loaded.';
  if (/^0x[0-9a-fA-F]*$/.test(text)) return 'An Ethereum-style address is 0x followed by 40 hex digits; this text has ' + (text.length - 2) + '.';
  return 'No address, transaction, labeled entity (names match from their start) or incident matches this text.';
}

function sections(root, r) {
  if (r.addresses.length) {
    root.append(h('h2', null, 'Addresses'), table(['chain', 'address', 'in the data', 'labels'],
      r.addresses.map((a) => [a.chain, addrLink(a.chain, a.address), a.seen ? 'yes' : 'no moves', String(a.labels)]), {class: 'results'}));
  }
  if (r.transactions.length) {
    root.append(h('h2', null, 'Transactions'), table(['chain', 'hash', 'block'],
      r.transactions.map((t) => [t.chain, txLink(t.chain, t.hash, t.hash), String(t.block)]), {class: 'results'}));
  }
  if (r.entities.length) {
    root.append(h('h2', null, 'Entities'), table(['entity', 'categories', 'addresses'],
      r.entities.map((e) => [h('span', {class: 'entity'}, e.entity), e.categories.join(', '),
        h('span', null, e.addresses.slice(0, 20).map((a) => h('span', {class: 'chip'}, addrLink(a.chain, a.address))),
          e.addresses.length > 20 ? ' … ' + (e.addresses.length - 20) + ' more' : '')]), {class: 'results'}));
  }
  if (r.incidents.length) {
    root.append(h('h2', null, 'Incidents'), table(['incident', 'date', 'victim', 'actor'],
      r.incidents.map((i) => [h('a', {href: '#/incident/' + path(i.id)}, i.name), i.date, i.victim, i.actor]), {class: 'results'}));
  }
}
