// Runs: the list of recorded runs, trends across runs, and one run's report.

import { api, fileUrl } from './api.js';
import { lineChart, barChart, intervalChart, SERIES_COLOURS } from './charts.js';
import {
  h, clear, fmt, km, signed, pct, duration, dateTime, isNum, words, say,
  SIDE_NAME, STRIKE_WORDS, PRONATION_WORDS, METRIC_WORDS,
} from './dom.js';

export async function show(section, id) {
  clear(section);
  if (id) return showReport(section, id);
  return showList(section);
}

export function hide() {}

// A run recorded on an insole in a boot no PC saw has no date: say so, never invent one.
function runDate(iso) {
  return iso ? dateTime(iso) : 'date unknown';
}

async function showList(section) {
  const status = h('p', { role: 'status' }, 'Loading runs…');
  section.append(h('h2', { id: 'runs-title' }, 'Your runs'), status);
  const [{ runs }, trends, weekly] = await Promise.all([api.get('/api/runs'), api.get('/api/trends').catch(() => null),
    api.get('/api/trends/weekly').catch(() => null)]);
  status.remove();
  if (runs.length === 0) {
    section.append(h('p', {}, 'No runs yet. Put the insoles in your shoes and go for a run.'));
    return;
  }
  const body = h('tbody');
  for (const r of runs) {
    body.append(h('tr', { 'data-testid': 'run-row', 'data-run-id': r.id },
      h('td', {}, h('a', { href: `#/runs/${r.id}`, 'data-testid': `run-link-${r.id}` }, runDate(r.started_at))),
      h('td', {}, duration(r.duration_s)),
      h('td', { 'data-testid': `run-distance-${r.id}` }, distanceShort(r.distance)),
      h('td', { class: 'num' }, `${(r.steps && r.steps.L) || 0} / ${(r.steps && r.steps.R) || 0}`),
      h('td', {}, r.shoe ? r.shoe.name : '–'),
      h('td', {}, (r.status === 'complete' ? 'finished' : r.status) + (r.truncated ? ' (cut: insole memory full)' : ''))));
  }
  section.append(h('div', { class: 'card' }, h('table', { class: 'list', 'data-testid': 'runs-table' },
    h('caption', {}, 'Newest first. Choose a run to see its report.'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Started'), h('th', { scope: 'col' }, 'Duration'), h('th', { scope: 'col' }, 'Distance, pace'),
      h('th', { scope: 'col' }, 'Steps left / right'), h('th', { scope: 'col' }, 'Shoe'), h('th', { scope: 'col' }, 'Status'))),
    body)));
  if (weekly) section.append(weeklyTrends(weekly));
  if (trends) section.append(trendCharts(trends.runs || []));
}

// Each factor week by week, and what changed in the latest week against the runner's own
// earlier weeks (reports/weekly_trends.h, reports/trend_words.h).
function weeklyTrends(weekly) {
  const box = h('div', { class: 'card', 'data-testid': 'weekly' }, h('h3', {}, 'Week by week'));
  const weeks = weekly.weeks || [];
  if (weeks.length === 0) {
    box.append(h('p', {}, 'Weeks appear once runs have a date.'));
    return box;
  }
  const fixed = (x, d) => (isNum(x) ? x.toFixed(d) : '–');
  const pair = (o, d, scale = 1) => `${fixed(o && o.L * scale, d)} / ${fixed(o && o.R * scale, d)}`;
  const hours = (s) => `${Math.floor(s / 3600)}:${String(Math.round(s / 60) % 60).padStart(2, '0')}`;
  const signed = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
  // The impulse difference with its 95 % interval over the week's runs.
  const impulseCell = (w) => {
    const a = w.asymmetry && w.asymmetry.impulse;
    if (!a || !isNum(a.si_pct)) return '–';
    const ci = isNum(a.ci95[0]) ? ` (${signed(a.ci95[0])} to ${signed(a.ci95[1])})` : '';
    return `${signed(a.si_pct)} %${ci}`;
  };
  // As run, and in brackets at the runner's usual pace when the week has it.
  const atPace = (asRun, w, key) => {
    const at = w.at_pace && w.at_pace[key];
    return `${fixed(asRun, 0)}${isNum(at) ? ` (${at.toFixed(0)})` : ''}`;
  };
  const eq = weekly.equal_pace || {};
  const body = h('tbody', {});
  for (const w of weeks.slice().reverse()) {
    body.append(h('tr', {},
      h('th', { scope: 'row' }, w.week), h('td', {}, String(w.runs)),
      h('td', {}, `${w.km_estimated ? '~' : ''}${fixed(w.km, 1)} km`), h('td', {}, hours(w.running_s)),
      h('td', { 'data-testid': 'week-pace' }, pace(w).replace(' /km', '') || '–'),
      h('td', {}, atPace(w.cadence_spm, w, 'cadence_spm')),
      h('td', { 'data-testid': 'week-contact' }, atPace(w.contact_time_ms, w, 'contact_time_ms')),
      h('td', {}, pair(w.flat_foot_pct, 0)),
      h('td', {}, pair(w.pronation_index, 1)),
      h('td', {}, impulseCell(w)),
      h('td', {}, pair(w.loading_rate_n_per_s, 1, 1e-3)),
      h('td', {}, `${w.late_run.changed} of ${w.late_run.judged}`), h('td', {}, String(w.load_spikes))));
  }
  box.append(h('table', { class: 'list', 'data-testid': 'weekly-table' },
    h('caption', {}, 'Newest week first (ISO weeks, UTC); ~ marks distances estimated from your steps. ' +
      (eq.fitted
        ? `In brackets: at your usual pace, ${pace({ pace_s_per_km: eq.reference_pace_s_per_km })} (a line through your ${eq.runs} runs of measured pace).`
        : `Pace only where it was measured (a watch track or a distance you set); with ${eq.runs_needed} runs at different measured paces, weeks are also compared at the same pace.`)),
    h('thead', {}, h('tr', {}, ...['Week', 'Runs', 'Distance', 'Time', 'Pace /km', 'Cadence', 'Contact ms', 'Flat landings % L / R',
      'Pronation index L / R', 'Load difference (impulse, 95 % interval)', 'Loading rate kN/s L / R', 'Form changed late',
      'Load spikes'].map((t) => h('th', { scope: 'col' }, t)))),
    body));
  box.append(h('p', { class: 'note' }, weekly.note));
  const readings = h('ul', { 'data-testid': 'weekly-readings' });
  for (const r of weekly.readings || []) readings.append(h('li', { 'data-factor': r.factor }, h('strong', {}, r.text), ' ', r.advice));
  box.append(readings);
  // Each shoe in use as it stands now: distance and wear verdict.
  const shoes = h('ul', { 'data-testid': 'weekly-shoes' });
  for (const s of weekly.shoes || []) {
    shoes.append(h('li', {}, h('strong', {}, `${s.name}: ${fixed(s.distance_km, 0)} km, ${String(s.verdict).replace(/_/g, ' ')}.`), ' ', s.message || ''));
  }
  if ((weekly.shoes || []).length) box.append(h('h4', {}, 'Shoes'), shoes);
  return box;
}

function trendCharts(runs) {
  const box = h('div', { class: 'card', 'data-testid': 'trends' }, h('h3', {}, 'Trends across runs'));
  if (runs.length < 2) {
    box.append(h('p', {}, 'Trends appear after two runs of at least 10 steps.'));
    return box;
  }
  // One point per run, evenly spaced and labelled by date (by time when all are on one day).
  const day = (r) => runs.indexOf(r);
  const sameDay = new Date(runs[0].started_at).toDateString() === new Date(runs[runs.length - 1].started_at).toDateString();
  const label = (i) => (runs[i].started_at ? new Date(runs[i].started_at).toLocaleString(undefined, sameDay
    ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' }) : 'date unknown');
  const every = Math.ceil(runs.length / 6);
  const xTicks = runs.map((_, i) => i).filter((i) => (runs.length - 1 - i) % every === 0);
  const xFormat = (i) => (Number.isInteger(i) && runs[i] ? label(i) : '');
  const perFoot = (get) => ['L', 'R'].map((s) => ({
    label: SIDE_NAME[s], colour: SERIES_COLOURS[s], points: runs.map((r) => [day(r), get(r, s)]),
  }));
  const pick = (o, s) => (o && isNum(o[s]) ? o[s] : NaN);
  box.append(
    h('div', { class: 'charts' },
      lineChart([{ label: 'Both feet', colour: '#444', points: runs.map((r) => [day(r), r.cadence_spm]) }],
        { title: 'Cadence per run', yLabel: 'steps/min', xFormat, xTicks, testid: 'trend-cadence', width: 420 }),
      lineChart(perFoot((r, s) => pick(r.flat_foot_pct, s)),
        { title: 'Flat landings per run', yLabel: '% of steps', includeZero: true, xFormat, xTicks, testid: 'trend-flat', width: 420 }),
      lineChart(perFoot((r, s) => pick(r.pronation_index, s)),
        { title: 'Pronation index per run', yLabel: 'index (13.5–24.5 neutral)', band: [13.5, 24.5], xFormat, xTicks, width: 420 }),
      lineChart(perFoot((r, s) => pick(r.loading_rate_n_per_s, s) / 1000),
        { title: 'Loading rate per run', yLabel: 'kN/s', xFormat, xTicks, width: 420 }),
      lineChart([{ label: 'Peak force SI', colour: '#7a4bc4',
        points: runs.map((r) => [day(r), r.asymmetry && r.asymmetry.peak_force ? r.asymmetry.peak_force.si_pct : NaN]) }],
      { title: 'Left/right difference in peak force per run', yLabel: '% (right − left)', band: [-5, 5], xFormat, xTicks, width: 420 })));
  return box;
}

async function showReport(section, id) {
  const status = h('p', { role: 'status' }, 'Loading the run…');
  section.append(h('p', {}, h('a', { href: '#/runs' }, '← All runs')), status);
  let rep;
  try {
    rep = await api.get(`/api/runs/${encodeURIComponent(id)}`);
  } catch (e) {
    say(status, e.status === 404 ? `There is no run ${id}.` : e.message, 'error');
    return;
  }
  status.remove();
  const run = rep.run;
  const s = rep.summary || {};
  const report = h('article', { class: 'report', 'data-testid': 'run-report', 'data-run-id': run.id });
  section.append(report);
  report.append(h('h2', { id: 'runs-title' }, run.started_at ? `Run of ${dateTime(run.started_at)}` : 'Run (date unknown)'));
  if (!run.started_at) {
    report.append(h('p', { 'data-testid': 'run-date-unknown' }, 'Recorded on the insole while it had not met your PC since it was last switched on, so when this run took place cannot be known.'));
  }
  for (const side of rep.sides || []) {
    if (side.recording_note) report.append(h('p', { class: 'warning', 'data-testid': `run-recording-note-${side.side}` }, `${SIDE_NAME[side.side] || side.side} foot: ${side.recording_note}.`));
  }
  const dl = h('dl', { class: 'summary', 'data-testid': 'run-summary' });
  const add = (k, v, t) => dl.append(h('div', {}, h('dt', {}, k), h('dd', { 'data-testid': t }, v)));
  add('Duration', duration(run.duration_s), 'run-duration');
  add('Steps', `left ${s.steps ? s.steps.L : run.steps.L} · right ${s.steps ? s.steps.R : run.steps.R}`, 'run-steps');
  add('Cadence', fmt(s.cadence_spm, 0, 'steps/min'), 'run-cadence');
  add('Distance and pace', distanceText(run.distance), 'run-distance');
  if (run.watch) {
    add('Watch', `${run.watch.file}: ${Math.round(100 * run.watch.coverage)} % of the run` +
      (isNum(run.watch.heart_rate_bpm) ? `, heart rate ${Math.round(run.watch.heart_rate_bpm)} bpm on average` : ''), 'run-watch');
  }
  if (isNum(s.mean_flight_time_s)) add('Time in the air per step', fmt(1000 * s.mean_flight_time_s, 0, 'ms'), 'run-flight');
  add('Shoe', run.shoe
    ? run.shoe.name + (isNum(run.shoe.distance_km) ? `, ${km(run.shoe.distance_km)} in them` : '')
    : '–', 'run-shoe');
  if (run.shoe && run.shoe.message) add('Shoe wear', run.shoe.message, 'run-shoe-wear');
  add('Surface', surfacePicker(run), 'run-surface');
  for (const side of ['L', 'R']) {
    add(`${SIDE_NAME[side]} foot lands`, words(STRIKE_WORDS, s.strike && s.strike[side]), `run-strike-${side}`);
    add(`${SIDE_NAME[side]} foot pronation`,
      `${words(PRONATION_WORDS, s.pronation && s.pronation[side])} (index ${fmt(s.pronation_index && s.pronation_index[side], 1)})`,
      `run-pronation-${side}`);
  }
  const summaryCard = h('section', { class: 'card' }, h('h3', {}, 'Summary'), dl);
  if (s.note) summaryCard.append(h('p', { class: 'hint', 'data-testid': 'run-note' }, s.note));
  if (s.sensor_note) summaryCard.append(h('p', { class: 'warning', 'data-testid': 'run-sensor-note' }, s.sensor_note));
  report.append(summaryCard);
  report.append(alertsCard(s.alerts || [], s));
  if ((s.information || []).length) report.append(informationCard(s.information));
  report.append(distributionCard(rep.distribution || {}, s));
  report.append(asymmetryCard(s.asymmetry || {}));
  report.append(seriesCard(rep.series || {}));
  report.append(linksCard(rep.sides || []));
  report.append(exportCard(run));
  report.append(runActions(run));
}

const DISTANCE_SOURCE = {
  measured: 'measured (your GPS or track distance)',
  calibrated_model: 'estimated from contact times, calibrated by your measured runs',
  uncalibrated_model: 'estimated from contact times, not calibrated: can be 10–20 % off',
};

const SOURCE_SHORT = { measured: 'measured', calibrated_model: 'estimated', uncalibrated_model: 'estimated, uncalibrated' };

function pace(d) {
  if (!isNum(d.pace_s_per_km)) return '';
  const p = Math.round(d.pace_s_per_km);
  return `${Math.floor(p / 60)}:${String(p % 60).padStart(2, '0')} /km`;
}

function distanceShort(d) {
  if (!d || d.source === 'none' || !isNum(d.km)) return '–';
  const p = pace(d);
  return `${fmt(d.km, 2, 'km')}${p ? ' · ' + p : ''} (${SOURCE_SHORT[d.source] || d.source})`;
}

function distanceText(d) {
  if (!d || d.source === 'none' || !isNum(d.km)) return 'not known (no steps)';
  let text = fmt(d.km, 2, 'km');
  if (pace(d)) text += ` · ${pace(d)}`;
  return `${text} — ${DISTANCE_SOURCE[d.source] || d.source}`;
}

// What the run was on, as the runner says (insole does not guess it from pressure): trends can
// then compare runs on the same ground.
function surfacePicker(run) {
  const select = h('select', { 'data-testid': 'run-surface-select', 'aria-label': 'Surface of this run' },
    ...[['', 'not said'], ['road', 'road'], ['track', 'track'], ['trail', 'trail'], ['treadmill', 'treadmill']]
      .map(([value, label]) => h('option', { value }, label)));
  select.value = run.surface || '';
  const status = h('span', { role: 'status', 'data-testid': 'run-surface-status' });
  select.addEventListener('change', async () => {
    try {
      const r = await api.put(`/api/runs/${run.id}/surface`, { surface: select.value || null });
      say(status, r.surface ? ` Saved: ${r.surface}.` : ' Cleared.');
    } catch (e) {
      say(status, ' ' + e.message, 'error');
    }
  });
  return h('span', {}, select, status);
}

// Not the runner's run (someone else's, a fitting): take it off its shoe, or delete it for good.
// The run as a FIT file for Garmin Connect, Strava and the like (docs/interop.md).
function exportCard(run) {
  const box = h('section', { class: 'card no-print', 'data-testid': 'run-export' }, h('h3', {}, 'Take it elsewhere'));
  if (run.status === 'recording') {
    box.append(h('p', {}, 'The run can be exported once it has ended.'));
  } else if (!run.started_at) {
    box.append(h('p', {}, 'A FIT file needs the time of day of every second, and this run\'s date is not known.'));
  } else {
    box.append(h('p', {}, h('a', { href: fileUrl(`/api/runs/${run.id}/export.fit`), download: `insole-run-${run.id}.fit`, 'data-testid': 'run-export-fit' },
      'Download as a FIT file'), ' for Garmin Connect, Strava and other running apps: cadence, ground contact time and its left/right balance, with landing, pronation, forces and shoe as extra fields.'));
  }
  return box;
}

function runActions(run) {
  const box = h('section', { class: 'card danger no-print', 'data-testid': 'run-actions' },
    h('h3', {}, 'Not your run?'));
  const status = h('p', { role: 'status', 'data-testid': 'run-action-status' });
  if (run.shoe) {
    const unassign = h('button', { type: 'button', 'data-testid': 'run-unassign' },
      `Do not count it towards ${run.shoe.name}`);
    unassign.addEventListener('click', async () => {
      try {
        await api.del(`/api/runs/${run.id}/shoe`);
        unassign.remove();
        const shown = document.querySelector('[data-testid="run-shoe"]');
        if (shown) shown.textContent = '–';
        say(status, `This run no longer counts towards ${run.shoe.name}.`);
      } catch (e) {
        say(status, e.message, 'error');
      }
    });
    box.append(h('p', {}, `It counts towards the distance and wear of ${run.shoe.name}.`), unassign);
  }
  if (run.status === 'recording') {
    box.append(h('p', {}, 'It can be deleted once it has ended.'), status);
    return box;
  }
  box.append(h('p', {}, 'Deleting removes the run, its steps and its recorded pressure data from this computer.'));
  const ask = h('button', { type: 'button', 'data-testid': 'run-delete' }, 'Delete this run…');
  const yes = h('button', { type: 'button', class: 'danger', hidden: true, 'data-testid': 'run-delete-confirm' },
    'Yes, delete this run for good');
  const no = h('button', { type: 'button', hidden: true }, 'Keep');
  ask.addEventListener('click', () => { ask.hidden = true; yes.hidden = false; no.hidden = false; yes.focus(); });
  no.addEventListener('click', () => { ask.hidden = false; yes.hidden = true; no.hidden = true; });
  yes.addEventListener('click', async () => {
    try {
      await api.del(`/api/runs/${run.id}`);
      window.location.hash = '#/runs';
    } catch (e) {
      say(status, e.message, 'error');
    }
  });
  box.append(ask, yes, no, status);
  return box;
}

function alertsCard(alerts, s) {
  const card = h('section', { class: 'card', 'data-testid': 'run-alerts' }, h('h3', {}, 'What to work on'));
  if (alerts.length === 0) {
    // Never "nothing to change" about a foot that was not recorded.
    card.append(h('p', {}, s && s.note ? `No findings for the foot that was recorded. ${s.note}`
      : 'No findings in this run: nothing to change.'));
    return card;
  }
  for (const a of alerts) {
    card.append(h('div', { class: 'alert-box' }, h('p', { class: 'finding' }, a.finding),
      a.advice ? h('p', { class: 'advice' }, a.advice) : null));
  }
  return card;
}

// Findings that are information, not faults (pronation that did not change against the
// runner's own earlier runs): shown, but not under "What to work on".
function informationCard(items) {
  const card = h('section', { class: 'card', 'data-testid': 'run-information' }, h('h3', {}, 'For your information'));
  for (const a of items) {
    card.append(h('div', { class: 'info-box' }, h('p', { class: 'finding' }, a.finding),
      a.advice ? h('p', { class: 'advice' }, a.advice) : null));
  }
  return card;
}

function distributionCard(dist, s) {
  const card = h('section', { class: 'card', 'data-testid': 'run-distribution' },
    h('h3', {}, 'How each foot lands and rolls'));
  const share = (side, group, key) => {
    const d = dist[side] && dist[side][group];
    if (!d) return NaN;
    const total = Object.values(d).reduce((a, b) => a + b, 0);
    return total ? (100 * d[key]) / total : NaN;
  };
  const feet = [{ key: 'L', label: 'Left', colour: SERIES_COLOURS.L }, { key: 'R', label: 'Right', colour: SERIES_COLOURS.R }];
  const groups = (group, keys, labels) => keys.map((k, i) => ({
    label: labels[i], values: { L: share('L', group, k), R: share('R', group, k) },
  }));
  card.append(h('div', { class: 'charts' },
    barChart(groups('strike', ['rearfoot', 'midfoot', 'forefoot'], ['Heel first', 'Whole foot', 'Ball first']),
      feet, { title: 'Where the foot lands (share of steps)', yLabel: '% of steps', valueFormat: (v) => v.toFixed(0) + '%', testid: 'chart-strike' }),
    barChart(groups('pronation', ['under', 'neutral', 'over'], ['Rolls out', 'Neutral', 'Rolls in']),
      feet, { title: 'Pronation (share of steps)', yLabel: '% of steps', valueFormat: (v) => v.toFixed(0) + '%', testid: 'chart-pronation' })));
  const flat = s.flat_foot_fraction || {};
  card.append(h('p', {}, `Flat landings (the whole foot hits at once): left ${pct(flat.L)}, right ${pct(flat.R)} of steps.`));
  card.append(h('p', { class: 'hint' }, 'Pronation is how far the foot rolls inward after landing. It is information, not a fault: many runners roll in and run well.'));
  return card;
}

function asymmetryCard(asym) {
  const rows = Object.keys(METRIC_WORDS).filter((k) => asym[k]).map((k) => ({
    label: METRIC_WORDS[k], value: asym[k].si_pct,
    lo: asym[k].ci95 ? asym[k].ci95[0] : NaN, hi: asym[k].ci95 ? asym[k].ci95[1] : NaN,
    flagged: asym[k].flagged, withheld: asym[k].withheld,
  }));
  const card = h('section', { class: 'card', 'data-testid': 'run-asymmetry' },
    h('h3', {}, 'Left and right compared'));
  if (rows.length === 0) {
    card.append(h('p', {}, 'Not enough steps to compare the feet.'));
    return card;
  }
  card.append(intervalChart(rows, { title: 'Right minus left, % of the mean, with 95 % interval',
    xLabel: '% (positive: right foot more)', band: 5, testid: 'chart-asymmetry' }));
  const list = h('ul', {});
  for (const r of rows) {
    if (r.withheld) {
      list.append(h('li', {}, `${r.label}: not shown (a sensor of one insole read nothing; see the summary)`));
      continue;
    }
    list.append(h('li', {}, `${r.label}: ${signed(r.value, 1, '%')} (95 % interval ${fmt(r.lo, 1)} to ${fmt(r.hi, 1, '%')})`,
      r.flagged ? h('strong', {}, ' — a real difference') : ''));
  }
  card.append(list, h('p', { class: 'hint' }, 'Differences inside the shaded ±5 % band, or whose interval crosses zero, are normal.'));
  return card;
}

// Long runs have thousands of steps: plot means of bins of about 10 s... up to 300 points.
function binned(t, y, maxPoints) {
  const pts = [];
  for (let i = 0; i < t.length; ++i) if (isNum(t[i]) && isNum(y[i])) pts.push([t[i], y[i]]);
  if (pts.length <= maxPoints) return pts;
  const per = Math.ceil(pts.length / maxPoints);
  const out = [];
  for (let i = 0; i < pts.length; i += per) {
    const chunk = pts.slice(i, i + per);
    out.push([chunk.reduce((a, p) => a + p[0], 0) / chunk.length, chunk.reduce((a, p) => a + p[1], 0) / chunk.length]);
  }
  return out;
}

function seriesCard(series) {
  const card = h('section', { class: 'card', 'data-testid': 'run-series' }, h('h3', {}, 'Step by step through the run'));
  const long = ['L', 'R'].some((s) => series[s] && series[s].t_s && series[s].t_s[series[s].t_s.length - 1] > 600);
  const xScale = long ? 60 : 1;
  const xLabel = long ? 'minutes' : 'seconds';
  const chart = (key, title, unit, f, testid, band) => lineChart(['L', 'R'].filter((s) => series[s]).map((s) => ({
    label: SIDE_NAME[s], colour: SERIES_COLOURS[s],
    points: binned(series[s].t_s.map((t) => t / xScale), series[s][key].map(f), 300),
  })), { title, yLabel: unit, xLabel, testid, band, width: 520 });
  const id = (v) => v;
  card.append(h('div', { class: 'charts' },
    chart('contact_time_ms', 'Ground contact time', 'ms', id, 'chart-contact'),
    chart('peak_force_n', 'Peak force', 'N', id, 'chart-peak'),
    chart('loading_rate_n_per_s', 'Loading rate (how hard you land)', 'kN/s', (v) => v / 1000, 'chart-loading'),
    chart('pronation_index', 'Pronation index', 'index (band: neutral)', id, 'chart-pronation-index', [13.5, 24.5])));
  return card;
}

function linksCard(sides) {
  const card = h('section', { class: 'card' }, h('h3', {}, 'Insoles'));
  for (const s of sides) {
    const l = s.link || {};
    card.append(h('p', {}, `${SIDE_NAME[s.side] || s.side} (${s.serial_number}): ${s.steps} steps, `,
      `${l.frames || 0} frames, ${l.frames_lost || 0} lost, ${l.frames_recovered || 0} re-read from the insole.`));
  }
  return card;
}
