// Client-side exports of trace results.

const COLS = ['address', 'entity', 'category', 'deposit_for', 'asset', 'amount', 'hops', 'first_block', 'last_block', 'path'];

// csvField quotes a field when needed and defuses spreadsheet formulas
// (a leading = + - @ tab or CR gets a leading apostrophe).
export function csvField(v) {
  let x = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(x)) x = "'" + x;
  return /[",\r\n']/.test(x) ? '"' + x.replace(/"/g, '""') + '"' : x;
}

// endpointsCSV writes endpoints as CSV (the path as space-separated
// transaction hashes).
export function endpointsCSV(eps) {
  const lines = [COLS.join(',')];
  for (const e of eps) {
    lines.push(COLS.map((c) => csvField(c === 'path' ? e.path.join(' ') : e[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
