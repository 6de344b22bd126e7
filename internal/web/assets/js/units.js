// Amounts: decimal strings of base units, shown in whole coins for the
// native assets (exactly, with BigInt) and as base units for tokens
// (their decimals are not known here).

const DECIMALS = {btc: 8, ltc: 8, bch: 8, doge: 8, zec: 8, eth: 18, bsc: 18, arb: 18, base: 18, op: 18, polygon: 18};
const SYMBOL = {btc: 'BTC', ltc: 'LTC', bch: 'BCH', doge: 'DOGE', zec: 'ZEC', eth: 'ETH', bsc: 'BNB', arb: 'ETH', base: 'ETH', op: 'ETH', polygon: 'POL'};

export const CHAINS = Object.keys(DECIMALS);

// decimalsOf returns the decimals of a native asset, or null for tokens.
export function decimalsOf(asset) {
  return asset in DECIMALS ? DECIMALS[asset] : null;
}

// assetName is a short display name: ETH, or token 0x1234…abcd.
export function assetName(asset) {
  if (asset in SYMBOL) return SYMBOL[asset];
  const i = asset.indexOf(':');
  return i < 0 ? asset : 'token ' + asset.slice(i + 1, i + 9) + '…';
}

// fmt shows an amount: "1,234.5 ETH" (exact) or "123 units of token …".
export function fmt(amount, asset) {
  const d = decimalsOf(asset);
  const s = String(amount);
  const neg = s.startsWith('-');
  const digits = neg ? s.slice(1) : s;
  if (d === null) return (neg ? '-' : '') + group(digits) + ' units ' + assetName(asset);
  const pad = digits.padStart(d + 1, '0');
  const whole = pad.slice(0, pad.length - d);
  const frac = pad.slice(pad.length - d).replace(/0+$/, '');
  return (neg ? '-' : '') + group(whole) + (frac ? '.' + frac : '') + ' ' + assetName(asset);
}

function group(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// num is an approximate float of an amount (for sizes on screen only).
export function num(amount) {
  const x = Number(amount);
  return Number.isFinite(x) ? x : 0;
}

// sum adds decimal strings exactly.
export function sum(xs) {
  let t = 0n;
  for (const x of xs) t += BigInt(x);
  return t.toString();
}

// approx shows an amount shortly: 4 decimals of a native coin
// ("≈ 502.7124 ETH"), or 3 significant digits of token units.
export function approx(amount, asset) {
  const d = decimalsOf(asset);
  const s = String(amount);
  if (d === null) {
    return s.length <= 6 ? s + ' units ' + assetName(asset) : Number(s).toPrecision(3) + ' units ' + assetName(asset);
  }
  const pad = s.padStart(d + 1, '0');
  const whole = pad.slice(0, pad.length - d);
  const frac = pad.slice(pad.length - d, pad.length - d + 4).replace(/0+$/, '');
  const exact = /^0*$/.test(pad.slice(pad.length - d + 4));
  return (exact ? '' : '≈ ') + group(whole) + (frac ? '.' + frac : '') + ' ' + assetName(asset);
}
