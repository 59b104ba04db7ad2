// Small helpers to build DOM and to write numbers with their units in plain words.

// h('p', {class: 'x', 'data-testid': 'y'}, 'text', child, [more]) -> element.
// Attributes starting with "on" are event listeners; null/undefined/false children are skipped.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  appendAll(el, children);
  return el;
}

function appendAll(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) appendAll(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function isNum(x) {
  return typeof x === 'number' && Number.isFinite(x);
}

// fmt(12.345, 1, 'ms') -> "12.3 ms"; unknown values -> "–" (and no unit).
export function fmt(x, digits, unit) {
  if (!isNum(x)) return '–';
  const s = x.toFixed(digits === undefined ? 0 : digits);
  return unit ? s + '\u00a0' + unit : s;
}

// A distance with the precision it deserves: 0.10 km, 3.25 km, 540 km (as insolectl prints it).
export function km(x) {
  if (!isNum(x)) return '–';
  if (x === 0) return fmt(0, 0, 'km');
  return fmt(x, Math.abs(x) < 10 ? 2 : 0, 'km');
}

export function signed(x, digits, unit) {
  if (!isNum(x)) return '–';
  return (x > 0 ? '+' : '') + fmt(x, digits, unit);
}

export function pct(fraction, digits) {
  return isNum(fraction) ? fmt(100 * fraction, digits || 0, '%') : '–';
}

export function duration(seconds) {
  if (!isNum(seconds)) return '–';
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  const h2 = Math.floor(m / 60);
  if (h2 > 0) return `${h2} h ${String(m % 60).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}

export function dateTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
  });
}

export const SIDE_NAME = { L: 'Left', R: 'Right' };

export const STRIKE_WORDS = {
  rearfoot: 'heel first (rearfoot)',
  midfoot: 'whole foot (midfoot)',
  forefoot: 'ball first (forefoot)',
};

export const PRONATION_WORDS = {
  under: 'rolls out (under)',
  neutral: 'neutral',
  over: 'rolls in (over)',
};

export const METRIC_WORDS = {
  peak_force: 'Peak force',
  impulse: 'Impulse (load per step)',
  contact_time: 'Ground contact time',
  loading_rate: 'Loading rate (how hard you land)',
};

export function words(table, key) {
  if (key === null || key === undefined) return '–';
  return table[key] || String(key);
}

// A status line in an element with role="status": shows errors and progress in words.
export function say(el, text, kind) {
  if (!el) return;
  el.textContent = text || '';
  el.dataset.kind = kind || 'info';
}
