// A Sankey-style summary of one asset: the traced value (left) splits by
// category (middle) and by entity (right); resting value is its own band.
// Band heights are proportional to amounts.

import {h, s} from './dom.js';
import {num, fmt, approx, assetName} from './units.js';

const W = 900;
const H = 320;
const GAP = 6;
const BAR = 14;
const TOP_ENTITIES = 14;

// sankey draws the summary of res for asset.
export function sankey(res, asset) {
  const groups = flows(res, asset);
  const total = groups.reduce((t, g) => t + g.value, 0);
  if (!total) return h('p', {class: 'muted'}, 'No value of this asset reached an endpoint or rests.');
  const ents = groups.flatMap((g) => g.entities);
  const k = (H - GAP * Math.max(ents.length, groups.length)) / total;
  const svg = s('svg', {class: 'sankey', viewBox: '0 0 ' + W + ' ' + (H + 20), role: 'img', 'aria-label': 'summary by entity'});
  const x0 = 10; const x1 = W / 2 - BAR / 2; const x2 = W - 300;
  svg.appendChild(s('rect', {x: x0, y: 0, width: BAR, height: total * k, class: 'bar cat-seed'}));
  svg.appendChild(s('text', {x: x0, y: total * k + 14, class: 'lbl'}, 'traced ' + assetName(asset)));
  let ySrc = 0; let yMid = 0; let yRight = 0;
  for (const g of groups) {
    const gh = g.value * k;
    svg.appendChild(band(x0 + BAR, ySrc, x1, yMid, gh, g.cat));
    svg.appendChild(s('rect', {x: x1, y: yMid, width: BAR, height: Math.max(gh, 1), class: 'bar cat-' + g.cat},
      s('title', null, g.cat + ': ' + fmt(g.amount, asset))));
    svg.appendChild(s('text', {x: x1 + BAR + 4, y: yMid + Math.min(gh, 20) / 2 + 4, class: 'lbl'}, g.cat));
    let yIn = yMid;
    for (const e of g.entities) {
      const eh = e.value * k;
      svg.appendChild(band(x1 + BAR, yIn, x2, yRight, eh, g.cat));
      svg.appendChild(s('rect', {x: x2, y: yRight, width: BAR, height: Math.max(eh, 1), class: 'bar cat-' + g.cat},
        s('title', null, e.name + ': ' + fmt(e.amount, asset))));
      svg.appendChild(s('text', {x: x2 + BAR + 4, y: yRight + Math.min(eh, 20) / 2 + 4, class: 'lbl'}, e.name + ' · ' + approx(e.amount, asset)));
      yIn += eh;
      yRight += eh + GAP;
    }
    ySrc += gh;
    yMid += gh + GAP;
  }
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + (Math.max(yRight, yMid, total * k + 20) + 4));
  return svg;
}

// flows groups endpoint and resting value of asset by category and entity.
export function flows(res, asset) {
  const cats = new Map();
  const add = (cat, name, amount) => {
    let g = cats.get(cat);
    if (!g) cats.set(cat, g = {cat, amount: 0n, ents: new Map()});
    g.amount += BigInt(amount);
    g.ents.set(name, (g.ents.get(name) || 0n) + BigInt(amount));
  };
  for (const e of res.endpoints) if (e.asset === asset) add(cleanCat(e.category), e.entity || e.address, e.amount);
  for (const r of res.resting) if (r.asset === asset) add('resting', 'resting', r.amount);
  const out = [...cats.values()].map((g) => {
    let ents = [...g.ents].map(([name, a]) => ({name, amount: a.toString(), value: num(a.toString())}));
    ents.sort((a, b) => b.value - a.value);
    if (ents.length > TOP_ENTITIES) {
      const rest = ents.slice(TOP_ENTITIES - 1);
      const a = rest.reduce((t, x) => t + BigInt(x.amount), 0n).toString();
      ents = ents.slice(0, TOP_ENTITIES - 1).concat([{name: rest.length + ' others', amount: a, value: num(a)}]);
    }
    return {cat: g.cat, amount: g.amount.toString(), value: num(g.amount.toString()), entities: ents};
  });
  out.sort((a, b) => b.value - a.value);
  return out;
}

function cleanCat(c) {
  return String(c || 'service').toLowerCase().replace(/[^a-z0-9_-]/g, '') || 'service';
}

// band is a filled curve of height hh from (xa, ya) to (xb, yb).
function band(xa, ya, xb, yb, hh, cat) {
  const m = (xa + xb) / 2;
  const d = 'M' + xa + ' ' + ya + ' C' + m + ' ' + ya + ' ' + m + ' ' + yb + ' ' + xb + ' ' + yb +
    ' L' + xb + ' ' + (yb + hh) + ' C' + m + ' ' + (yb + hh) + ' ' + m + ' ' + (ya + hh) + ' ' + xa + ' ' + (ya + hh) + ' Z';
  return s('path', {d, class: 'band cat-' + cat});
}
