// The transaction page: its value moves (account chains) or inputs and
// outputs (UTXO chains).

import {h, message, addrLink, path, table} from '../dom.js';
import {get} from '../api.js';
import {explain} from '../errors.js';
import {fmt} from '../units.js';

export async function render(root, segs) {
  const [, chain, hash] = segs;
  if (!chain || !hash) {
    root.appendChild(message('warn', 'Which transaction?', 'The page address is #/tx/CHAIN/HASH.'));
    return;
  }
  root.appendChild(h('h1', null, 'Transaction ', h('span', {class: 'mono break'}, hash), ' ', h('span', {class: 'chip'}, chain)));
  let t;
  try {
    t = await get('/v1/tx/' + path(chain, hash));
  } catch (e) {
    root.appendChild(explain(e, 'This transaction'));
    return;
  }
  const when = t.timestamp ? new Date(t.timestamp * 1000).toISOString().replace('.000Z', 'Z') : 'unknown';
  root.appendChild(h('p', null, 'Block ', String(t.block), ', position ', String(t.index), ', time ', when,
    t.failed ? h('strong', {class: 'risk risk-high'}, ' FAILED (moved nothing)') : ''));
  const a = (x) => (x ? addrLink(chain, x) : '—');
  if (t.transfers) {
    root.appendChild(table(['kind', 'from', 'to', 'amount'],
      t.transfers.map((m) => [m.kind, a(m.from), a(m.to), h('span', {'data-amount': m.amount}, fmt(m.amount, m.asset))]), {class: 'moves'}));
    return;
  }
  root.append(h('h2', null, 'Inputs'), table(['spent output', 'address', 'value'],
    t.inputs.map((i) => [h('a', {href: '#/tx/' + path(chain, i.spent_transaction_hash), class: 'mono'}, i.spent_transaction_hash.slice(0, 12) + '…:' + i.spent_output_index),
      a(i.address), fmt(i.value, chain)])),
  h('h2', null, 'Outputs'), table(['index', 'address', 'value'], t.outputs.map((o) => [String(o.index), a(o.address), fmt(o.value, chain)])),
  t.fee ? h('p', null, 'Fee ', fmt(t.fee, chain)) : '');
}
