// Report downloads. Links point at the report routes; a click fetches the
// report with this tab's API key and saves it, or says on the page why it
// could not (an unknown incident, reports not built into this server).

import {h, downloadBlob} from './dom.js';
import {raw, filename} from './api.js';

// reportLink is a download link for url, saved as name unless the server
// names the file; status (an element) tells what happened.
export function reportLink(text, url, name, status) {
  return h('a', {href: url, class: 'report', download: name, onclick: (e) => {
    e.preventDefault();
    fetchReport(url, name, status);
  }}, text);
}

async function fetchReport(url, name, status) {
  status.textContent = 'Preparing ' + name + '…';
  status.className = 'report-status';
  try {
    const r = await raw(url);
    const blob = await r.blob();
    const file = filename(r, name);
    downloadBlob(file, blob.type, blob);
    status.textContent = 'Downloaded ' + file + ' (' + blob.size.toLocaleString('en') + ' bytes, ' + (blob.type || 'unknown type') + ').';
    status.setAttribute('data-bytes', String(blob.size));
    status.setAttribute('data-file', file);
    status.setAttribute('data-type', blob.type);
  } catch (e) {
    status.className = 'report-status error';
    status.textContent = e.code === 'not_found' && /route/.test(e.message)
      ? 'Reports are not available on this server (' + e.message + ').'
      : 'Could not download the report: ' + e.message;
  }
}

// reportBox is a titled list of report links sharing one status line.
export function reportBox(title, links) {
  const status = h('p', {class: 'report-status', role: 'status'});
  return h('section', {class: 'reports'}, h('h2', null, title),
    h('p', null, links.map(([text, url, name], i) => [i ? ' · ' : '', reportLink(text, url, name, status)])), status);
}
