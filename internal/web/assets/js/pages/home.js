// The start page.

import {h} from '../dom.js';

export async function render(root) {
  root.append(
    h('h1', null, 'Follow the money'),
    h('p', null, 'Search an address, a transaction hash, a labeled entity (an exchange, a sanctioned actor) or an incident with the box above.'),
    h('ul', {class: 'cards'},
      h('li', null, h('a', {href: '#/trace'}, 'Trace'), ' — follow value from seed addresses to the services where it arrived, as a graph, a summary by entity and a table.'),
      h('li', null, h('a', {href: '#/incidents'}, 'Incidents'), ' — the heist registry, with reports and freeze-request packages.')),
    h('p', {class: 'muted'}, 'Every page is built from the JSON API of this server (', h('a', {href: '/openapi.json'}, '/openapi.json'), ').'));
}
