// Shoes: distance, measured cushioning change and the remaining distance of every shoe.

import { api } from './api.js';
import { lineChart } from './charts.js';
import { h, clear, fmt, km, signed, isNum } from './dom.js';

export async function show(section) {
  clear(section);
  const status = h('p', { role: 'status' }, 'Loading shoes…');
  section.append(h('h2', { id: 'shoes-title' }, 'Your shoes'), status);
  const { shoes } = await api.get('/api/shoes');
  status.remove();
  if (shoes.length === 0) {
    section.append(h('p', {}, 'No shoes registered. Add one with: insolectl shoes add --brand BRAND --model MODEL'));
    return;
  }
  for (const s of shoes) section.append(shoeCard(s));
}

export function hide() {}

function trendText(label, t) {
  if (!t || !t.estimable) return `${label}: not measurable yet (needs 5 runs over 30 km).`;
  const ci = t.change_ci95_pct || [];
  return `${label}: ${signed(t.change_pct, 1, '%')} since new (95 % interval ${signed(ci[0], 1)} to ${signed(ci[1], 1, '%')}); the limit is ${signed(t.threshold_pct, 0, '%')}.`;
}

function shoeCard(s) {
  const w = s.wear || {};
  const title = s.name || [s.brand, s.model].filter(Boolean).join(' ');
  const card = h('section', { class: 'card shoe', 'data-testid': 'shoe-card', 'data-shoe-id': s.id },
    h('h3', {}, title, s.size_eu ? ` (EU ${s.size_eu})` : '', s.retired_at ? ' — retired' : ''));
  const dl = h('dl', { class: 'summary' });
  const add = (k, v) => dl.append(h('div', {}, h('dt', {}, k), h('dd', {}, v)));
  add('Distance', km(s.distance_km));  // a new shoe's first runs show
  add('Runs', String(s.runs || 0));
  add('In use since', s.start_date || '–');
  if (isNum(w.remaining_km)) {
    const range = isNum(w.remaining_low_km) && isNum(w.remaining_high_km)
      ? ` (${fmt(w.remaining_low_km, 0)} to ${fmt(w.remaining_high_km, 0, 'km')})` : '';
    add('Left in it', fmt(w.remaining_km, 0, 'km') + range);
  } else {
    add('Left in it', 'not known yet');
  }
  card.append(dl);
  if (w.message) card.append(h('p', { class: 'verdict ' + (w.verdict || '') }, w.message));
  card.append(h('ul', {}, h('li', {}, trendText('Peak force', w.peak_force)),
    h('li', {}, trendText('Loading rate', w.loading_rate))));
  const pts = s.points || [];
  if (pts.length > 1) {
    const first = (k) => pts.find((p) => isNum(p[k]));
    const rel = (k) => {
      const f = first(k);
      return pts.map((p) => [p.distance_km, f && isNum(p[k]) ? 100 * (p[k] / f[k] - 1) : NaN]);
    };
    card.append(lineChart([
      { label: 'Peak force', colour: '#2f6fd0', points: rel('peak_force_bw') },
      { label: 'Loading rate', colour: '#d2553a', points: rel('loading_rate_bw_per_s') },
    ], { title: `Cushioning of ${title} over its distance`, yLabel: '% change from the first run',
      refLines: [
        { y: (w.peak_force && w.peak_force.threshold_pct) || 5, label: 'peak force limit', colour: '#2f6fd0' },
        { y: (w.loading_rate && w.loading_rate.threshold_pct) || 10, label: 'loading rate limit', colour: '#d2553a' },
      ],
      xLabel: 'km in the shoe', dots: true, testid: 'shoe-chart', width: 560 }));
    card.append(h('p', { class: 'hint' }, 'Each dot is a run: how much harder the landings were than in the first run, per body weight. A worn midsole lets these rise.'));
  }
  return card;
}
