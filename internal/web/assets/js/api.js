// The JSON API client: every call goes to this server's /v1 routes with
// the API key of this tab, if any.

const KEY = 'vigil.key';

export function getKey() { return sessionStorage.getItem(KEY) || ''; }
export function setKey(k) { k ? sessionStorage.setItem(KEY, k) : sessionStorage.removeItem(KEY); }

// ApiError is a failed call: status, the API's stable code and message.
export class ApiError extends Error {
  constructor(status, code, message, item) {
    super(message);
    this.status = status;
    this.code = code;
    this.item = item || '';
  }
}

function headers() {
  const k = getKey();
  return k ? {Authorization: 'Bearer ' + k} : {};
}

// raw fetches url with the key and throws ApiError on a non-2xx answer.
export async function raw(url) {
  let r;
  try {
    r = await fetch(url, {headers: headers()});
  } catch (e) {
    throw new ApiError(0, 'network', 'the server did not answer (' + e.message + ')');
  }
  if (!r.ok) {
    let e = {};
    try { e = (await r.json()).error || {}; } catch (_) { /* not JSON */ }
    throw new ApiError(r.status, e.code || 'http_' + r.status, e.message || r.statusText || 'request failed', e.item);
  }
  return r;
}

// get fetches url and decodes its JSON.
export async function get(url) {
  return (await raw(url)).json();
}

// q builds a query string from an object (arrays repeat the name).
export function q(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    for (const x of Array.isArray(v) ? v : [v]) u.append(k, x);
  }
  return u.toString();
}

// filename is the name a download answer asks for, or fallback.
export function filename(r, fallback) {
  const cd = r.headers.get('Content-Disposition') || '';
  const m = /filename="?([^";]+)"?/i.exec(cd);
  return m ? m[1] : fallback;
}
