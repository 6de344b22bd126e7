// DOM helpers. Text is always set with textContent / text nodes and
// attributes with setAttribute: nothing from the API or the user is ever
// parsed as HTML.

// h builds an element: h('a', {href: '#/x', class: 'k'}, 'text', child...).
// Attributes starting with "on" are event listeners.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

// s builds an SVG element like h.
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// clear empties el.
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// safeURL returns u when it is an http(s) URL (for links to sources),
// else null: "javascript:" and other schemes never become links.
export function safeURL(u) {
  return typeof u === 'string' && /^https?:\/\/[^\s]+$/i.test(u) ? u : null;
}

// sourceLink shows a label source: a link when it is a web address.
export function sourceLink(src) {
  const u = safeURL(src);
  return u ? h('a', {href: u, rel: 'noopener noreferrer', target: '_blank'}, src) : h('span', null, src || '—');
}

// path joins URL path segments, each escaped.
export function path(...parts) {
  return parts.map((p) => encodeURIComponent(String(p))).join('/');
}

// addrLink links an address to its page.
export function addrLink(chain, addr, text) {
  return h('a', {href: '#/address/' + path(chain, addr), class: 'mono', title: addr}, text || addr);
}

// txLink links a transaction to its page.
export function txLink(chain, hash, text) {
  return h('a', {href: '#/tx/' + path(chain, hash), class: 'mono', title: hash}, text || short(hash));
}

// short abbreviates a long hex string: 0x1234…abcd.
export function short(x) {
  x = String(x);
  return x.length > 16 ? x.slice(0, 8) + '…' + x.slice(-6) : x;
}

// message is a friendly notice box (kind: info, warn, error).
export function message(kind, title, ...text) {
  return h('div', {class: 'msg ' + kind, role: kind === 'error' ? 'alert' : 'status'}, h('strong', null, title), ' ', ...text);
}

// table builds a table from column headers and rows of cells.
export function table(headers, rows, attrs) {
  return h('table', attrs || null,
    h('thead', null, h('tr', null, headers.map((x) => h('th', null, x)))),
    h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => h('td', null, c))))));
}

// downloadBlob saves data as a file named name.
export function downloadBlob(name, type, data) {
  const url = URL.createObjectURL(new Blob([data], {type}));
  const a = h('a', {href: url, download: name, class: 'hidden'});
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
