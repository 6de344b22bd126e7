// The application: a router on the URL fragment and the header's search
// and API key forms. Each page renders into a fresh container; answers
// that arrive after the user moved on land in a detached container.

import {h, clear, message} from './dom.js';
import {getKey, setKey} from './api.js';
import * as home from './pages/home.js';
import * as search from './pages/search.js';
import * as address from './pages/address.js';
import * as tx from './pages/tx.js';
import * as tracePage from './pages/trace.js';
import * as incidents from './pages/incidents.js';

// routes: first path segment -> page.
const routes = {'': home, search, address, tx, trace: tracePage, incidents, incident: incidents};

// parse splits "#/a/b?x=1" into decoded segments and query parameters.
export function parse(hash) {
  const s = hash.replace(/^#\/?/, '');
  const i = s.indexOf('?');
  const pathPart = i < 0 ? s : s.slice(0, i);
  const query = new URLSearchParams(i < 0 ? '' : s.slice(i + 1));
  const segs = pathPart.split('/').filter((x) => x !== '').map((x) => {
    try { return decodeURIComponent(x); } catch (_) { return x; }
  });
  return {segs, query};
}

async function show() {
  const view = document.getElementById('view');
  const {segs, query} = parse(location.hash);
  const page = routes[segs[0] || ''];
  const root = h('div', {class: 'page', 'data-page': segs[0] || 'home'});
  clear(view).appendChild(root);
  try {
    if (page) await page.render(root, segs, query);
    else root.appendChild(message('warn', 'No such page.', 'Use the search box, or go to the ', h('a', {href: '#/'}, 'start page'), '.'));
  } catch (e) {
    root.appendChild(message('error', 'Something went wrong.', e.message || String(e)));
  }
  root.setAttribute('data-ready', '1');
}

function setupHeader() {
  const form = document.getElementById('search');
  const input = document.getElementById('q');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (text) location.hash = '#/search?' + new URLSearchParams({q: text}).toString();
  });
  const key = document.getElementById('key');
  const box = document.getElementById('keybox');
  const mark = () => box.classList.toggle('set', getKey() !== '');
  key.value = getKey();
  mark();
  document.getElementById('keyform').addEventListener('submit', (e) => {
    e.preventDefault();
    setKey(key.value.trim());
    mark();
    box.open = false;
    show();
  });
  document.getElementById('forget').addEventListener('click', () => {
    key.value = '';
    setKey('');
    mark();
    show();
  });
}

setupHeader();
window.addEventListener('hashchange', show);
show();
