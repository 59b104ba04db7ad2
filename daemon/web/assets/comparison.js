// The side-by-side comparison of a customer's trials and the printable fitting report.

import { HeatMap, drawLegend, fittedScaleKpa, legendLabel } from './heatmap.js';
import {
  h, clear, fmt, signed, isNum, words, SIDE_NAME, STRIKE_WORDS, PRONATION_WORDS,
} from './dom.js';

const STRIKE_KEYS = ['rearfoot', 'midfoot', 'forefoot'];

// A foot's result whether the daemon sends {"L":..,"R":..}, {"feet":{"L":..}} or {"feet":[l, r]}.
function footOf(result, side) {
  if (!result) return null;
  const feet = result.feet;
  if (feet) return Array.isArray(feet) ? feet[side === 'L' ? 0 : 1] : feet[side];
  return result[side] || null;
}

function layoutOf(result, side) {
  const foot = footOf(result, side);
  if (foot && foot.layout) return foot.layout;
  return result && result.layout ? result.layout[side] : null;
}

function strikeShare(foot, key) {
  const s = foot && foot.strike_share;
  if (!s) return NaN;
  return Array.isArray(s) ? s[STRIKE_KEYS.indexOf(key)] : s[key];
}

function pair(result, get) {
  const l = get(footOf(result, 'L'));
  const r = get(footOf(result, 'R'));
  return h('span', { class: 'pair' }, h('span', {}, 'L ', l), h('span', {}, 'R ', r));
}

function mapFigure(result, side, maxKpa) {
  const layout = layoutOf(result, side);
  const foot = footOf(result, side);
  const canvas = h('canvas', { width: 110, height: 230, role: 'img', class: 'trial-map',
    'data-testid': `trial-map-${side}`,
    'aria-label': `${SIDE_NAME[side]} foot: mean peak pressure with the centre-of-pressure line` });
  if (layout && layout.sensels && foot) {
    const map = new HeatMap(canvas, side);
    map.setLayout(layout);
    map.setScale(maxKpa);
    const path = (foot.cop_path || []).map((p) => (Array.isArray(p) ? p : [p.x_mm, p.y_mm]));
    map.draw(foot.pressure_map_kpa || null, path, null);
  }
  return h('figure', { class: 'foot' }, canvas, h('figcaption', {}, SIDE_NAME[side]));
}

function asymText(result, key) {
  const a = result && result.asymmetry && result.asymmetry[key];
  if (!a || !isNum(a.si_pct)) return '–';
  const ci = a.ci95 || [];
  return `${signed(a.si_pct, 1, '%')} (${fmt(ci[0], 1)} to ${fmt(ci[1], 1)})${a.flagged ? ' ⚑' : ''}`;
}

export function renderComparison(box, cmp, customer) {
  clear(box);
  const trials = cmp.trials || [];
  const rankOf = new Map((cmp.ranking || []).map((r) => [String(r.trial_id), r]));
  // Best first; unranked trials (no result yet) last.
  const ordered = [...trials].sort((a, b) => {
    const ra = rankOf.get(String(a.id));
    const rb = rankOf.get(String(b.id));
    return (ra ? ra.rank : 1e9) - (rb ? rb.rank : 1e9);
  });
  const printBtn = h('button', { type: 'button', class: 'no-print', 'data-testid': 'print-report' },
    'Print report / save as PDF');
  printBtn.addEventListener('click', () => window.print());
  box.append(
    h('div', { class: 'print-only report-head' },
      h('p', {}, `insole fitting report · ${customer.name} · ${new Date().toLocaleDateString()}`)),
    h('div', { class: 'heading-row' }, h('h3', { id: 'comparison-title' }, 'Comparison'), printBtn));

  const best = ordered.length ? rankOf.get(String(ordered[0].id)) : null;
  const rec = h('div', { class: 'recommendation', 'data-testid': 'recommendation' });
  if (best && ordered.length > 1) {
    rec.append(h('p', { class: 'pick' }, 'Best fit on this evidence: ',
      h('strong', { 'data-testid': 'recommended-shoe' }, ordered[0].shoe)));
  }
  if (cmp.summary) rec.append(h('p', { 'data-testid': 'recommendation-summary' }, cmp.summary));
  if (best && best.reasons && best.reasons.length) {
    // The reasons the summary already says in full are not repeated.
    const extra = best.reasons.filter((r) => !(cmp.summary || '').includes(r));
    const list = h('ul', { 'data-testid': 'recommendation-reasons' }, best.reasons.map((r) => h('li', {}, r)));
    if (extra.length === 0 && cmp.summary) list.classList.add('visually-hidden');
    rec.append(list);
  }
  if (ordered.length < 2) rec.append(h('p', { class: 'hint' }, 'Record a second shoe to compare.'));
  box.append(rec);

  const head = h('tr', {}, h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Measure')));
  for (const t of ordered) {
    const r = rankOf.get(String(t.id));
    head.append(h('th', { scope: 'col', 'data-testid': 'comparison-column', 'data-trial-id': t.id },
      h('span', { class: 'shoe-name' }, t.shoe),
      r ? h('span', { class: 'rank' + (r.rank === 1 ? ' first' : '') }, `#${r.rank}`) : null));
  }
  const body = h('tbody');
  const row = (label, cell, testid) => {
    const tr = h('tr', { 'data-testid': testid }, h('th', { scope: 'row' }, label));
    for (const t of ordered) tr.append(h('td', {}, t.result ? cell(t.result, t) : '–'));
    body.append(tr);
  };
  // One colour scale for every map compared, fitted to the highest pressure among them, so the
  // same colour means the same pressure in every column and nothing saturates.
  const shown = [];
  for (const t of ordered) {
    for (const side of ['L', 'R']) shown.push(...((footOf(t.result, side) || {}).pressure_map_kpa || []));
  }
  const maxKpa = fittedScaleKpa(shown);
  row(h('span', {}, 'Pressure (mean peak per step)', h('br'), h('small', {}, 'line: centre of pressure, heel to toe')),
    (res) => h('div', { class: 'feet tiny' }, mapFigure(res, 'L', maxKpa), mapFigure(res, 'R', maxKpa)), 'row-maps');
  row('Comfort (customer, 1–10)', (res, t) => (t.comfort ? `${t.comfort} / 10` : 'not rated'), 'row-comfort');
  row('Steps measured', (res) => pair(res, (f) => String(f ? f.steps : 0)), 'row-steps');
  row('Landing', (res) => pair(res, (f) => (f ? `${words(STRIKE_WORDS, f.strike)}, ${fmt(100 * strikeShare(f, f.strike), 0, '%')}` : '–')), 'row-strike');
  row('Flat landings', (res) => pair(res, (f) => fmt(f && f.flat_foot_pct, 0, '%')), 'row-flat');
  row(h('span', {}, 'Pronation', h('br'), h('small', {}, 'information, not a verdict')),
    (res) => pair(res, (f) => (f ? `${words(PRONATION_WORDS, f.pronation)} (${fmt(f.pronation_index, 1)})` : '–')), 'row-pronation');
  row('Ground contact time', (res) => pair(res, (f) => fmt(f && f.contact_time_ms, 0, 'ms')), 'row-contact');
  row('Peak pressure', (res) => pair(res, (f) => fmt(f && f.peak_pressure_kpa, 0, 'kPa')), 'row-peak-pressure');
  row('Loading rate', (res) => pair(res, (f) => fmt(f && f.loading_rate_bw_per_s, 1, 'BW/s')), 'row-loading');
  row('Left/right: peak force', (res) => asymText(res, 'peak_force'), 'row-asym-peak');
  row('Left/right: loading rate', (res) => asymText(res, 'loading_rate'), 'row-asym-loading');
  row('Cadence', (res) => fmt(res.cadence_spm, 0, 'steps/min'), 'row-cadence');
  const reasons = h('tr', { 'data-testid': 'row-reasons' }, h('th', { scope: 'row' }, 'Why this place'));
  for (const t of ordered) {
    const r = rankOf.get(String(t.id));
    reasons.append(h('td', {}, r && r.reasons && r.reasons.length
      ? h('ul', { class: 'reasons' }, r.reasons.map((x) => h('li', {}, x))) : '–'));
  }
  body.append(reasons);
  box.append(h('div', { class: 'table-scroll' }, h('table', { class: 'compare', 'data-testid': 'comparison-table' },
    h('caption', { class: 'visually-hidden' }, 'Shoes side by side, best first'), h('thead', {}, head), body)));

  const legend = h('canvas', { width: 300, height: 28, role: 'img', 'data-testid': 'comparison-legend',
    'data-max-kpa': String(maxKpa), 'aria-label': legendLabel(maxKpa) });
  drawLegend(legend, maxKpa);
  box.append(h('div', { class: 'notes' }, legend,
    h('p', { class: 'hint' }, `Maps: one colour scale for every shoe here, 0 to ${maxKpa} kPa (the highest mean peak among them); pressure is the load a sensor reads over the part of the insole it covers.`),
    h('p', { class: 'hint' }, 'L = left foot, R = right foot. Left/right: how much more the right foot does than the left, in % with its 95 % interval; ⚑ marks a real difference. BW/s: body weights per second. Pronation (how far the foot rolls in) is shown as information: research does not support choosing shoes by pronation class; comfort and the measured load count.'),
    cmp.rule ? h('p', { class: 'hint' }, `Ranking rule: ${cmp.rule}.`) : null));
}
