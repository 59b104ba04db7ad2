// Live view: both insoles' heat maps and what the runner is doing right now.

import { feed } from './live-feed.js';
import { LiveMaps, stats } from './live-maps.js';
import { drawLegend, legendLabel } from './heatmap.js';
import { h, clear, fmt, km, pct, words, isNum, SIDE_NAME, STRIKE_WORDS, PRONATION_WORDS } from './dom.js';

let maps = null;
let timer = null;
let els = null;

function build(section) {
  clear(section);
  const legend = h('canvas', { width: 320, height: 28, 'data-testid': 'pressure-legend',
    role: 'img', 'aria-label': legendLabel() });
  drawLegend(legend);
  const mapBox = h('div', { class: 'feet' });
  els = {
    fps: h('span', { id: 'live-fps', 'data-testid': 'live-fps' }, '–'),
    latency: h('span', { id: 'live-latency', 'data-testid': 'live-latency' }, '–'),
    socket: h('span', { 'data-testid': 'live-socket' }, 'connecting'),
    metrics: h('dl', { class: 'metrics', 'data-testid': 'live-metrics' }),
    links: h('div', { class: 'links', 'data-testid': 'live-links' }),
    alerts: h('ul', { class: 'alerts', 'data-testid': 'live-alerts' }),
  };
  section.append(
    h('h2', { id: 'live-title' }, 'Live'),
    h('div', { class: 'live-grid' },
      h('div', { class: 'card' },
        h('h3', {}, 'Pressure under each foot'),
        mapBox,
        legend,
        h('p', { class: 'hint' }, 'The black line follows the centre of pressure through the current step, from landing (dot) to push-off.'),
        h('p', { class: 'meter' }, 'Screen updates: ', els.fps, ' · delay from insole to screen: ',
          els.latency, ' · feed: ', els.socket)),
      h('div', { class: 'card' },
        h('h3', {}, 'Right now (last 40 steps)'),
        els.metrics,
        h('h3', {}, 'Findings'),
        els.alerts,
        h('h3', {}, 'Insole links'),
        els.links)));
  maps = new LiveMaps(mapBox, { height: 380, idPrefix: 'live' });
}

function row(dl, label, value, testid) {
  dl.append(h('dt', {}, label), h('dd', { 'data-testid': testid }, value));
}

function balanceText(si) {
  // SI = (R - L) / mean × 100, so the right foot's share of the load is 50 % + SI / 4.
  if (!isNum(si)) return '–';
  const right = Math.round(50 + si / 4);
  return `left ${fmt(100 - right, 0, '%')} · right ${fmt(right, 0, '%')}`;
}

function contactMs(step) {
  if (!step) return null;
  if (isNum(step.contact_time_ms)) return step.contact_time_ms;
  if (isNum(step.contact_time_s)) return step.contact_time_s * 1000;
  return null;
}

function render() {
  if (!els) return;
  els.fps.textContent = fmt(stats.fps, 0, 'updates/s');
  els.latency.textContent = isNum(stats.latencyMs) ? fmt(stats.latencyMs, 0, 'ms') : '–';
  els.socket.textContent = feed.state === 'open' ? 'connected' : feed.state;
  const m = feed.live;
  const run = m && m.run;
  const lv = run && run.live;
  clear(els.metrics);
  row(els.metrics, 'Cadence', lv ? fmt(lv.cadence_spm, 0, 'steps/min') : '–', 'live-cadence');
  for (const side of ['L', 'R']) {
    const f = lv && lv.feet ? lv.feet[side] : null;
    const ct = contactMs(feed.feet[side].lastStep);
    row(els.metrics, `${SIDE_NAME[side]} contact time`, fmt(ct, 0, 'ms'), `live-contact-${side}`);
    row(els.metrics, `${SIDE_NAME[side]} landing`, f ? words(STRIKE_WORDS, f.last_strike) : '–',
      `live-strike-${side}`);
    row(els.metrics, `${SIDE_NAME[side]} pronation`,
      f ? `${words(PRONATION_WORDS, f.pronation)} (index ${fmt(f.pronation_index, 1)})` : '–',
      `live-pronation-${side}`);
  }
  const asym = lv && lv.asymmetry && lv.asymmetry.peak_force;
  row(els.metrics, 'Balance (peak force)', asym && asym.withheld
    ? 'not shown: a sensor of one insole reads nothing' : balanceText(asym ? asym.si_pct : null), 'live-balance');
  if (run) {
    row(els.metrics, 'Steps this run', `left ${run.steps.L} · right ${run.steps.R}`, 'live-steps');
    // The shoe this run counts towards: its distance so far and its wear verdict.
    row(els.metrics, 'Shoe', run.shoe
      ? `${run.shoe.name}, ${km(run.shoe.distance_km)} in them: ${run.shoe.message}`
      : 'none assigned: this run counts towards no shoe', 'live-shoe');
  }
  clear(els.alerts);
  const alerts = (lv && lv.alerts) || [];
  if (lv && lv.sensor_note) els.alerts.append(h('li', { class: 'warning', 'data-testid': 'live-sensor-note' }, lv.sensor_note));
  // "Nothing to change" only when both feet have enough steps for a finding (10 each).
  const stepsOf = (side) => (lv && lv.feet && lv.feet[side] ? lv.feet[side].steps || 0 : 0);
  const enough = stepsOf('L') >= 10 && stepsOf('R') >= 10;
  const quiet = !run ? 'No run being recorded.'
    : enough ? 'Nothing to change.'
      : stepsOf('L') === 0 || stepsOf('R') === 0
        ? 'Only one foot is being recorded: nothing is said about the other foot or the balance between your legs.'
        : 'Too few steps yet to tell.';
  if (alerts.length === 0) els.alerts.append(h('li', { class: 'none' }, quiet));
  for (const a of alerts) els.alerts.append(h('li', { class: 'alert' }, a.finding));
  clear(els.links);
  const devices = (m && m.devices) || [];
  if (devices.length === 0) els.links.append(h('p', {}, 'No insole connected.'));
  for (const d of devices) {
    const l = d.link || {};
    const quality = isNum(l.loss_ratio) ? pct(1 - l.loss_ratio, 2) : '–';
    els.links.append(h('p', { 'data-testid': `live-link-${d.side}`, class: 'link ' + d.state },
      h('strong', {}, `${SIDE_NAME[d.side] || d.side} (${d.serial_number || d.uri})`), ': ',
      `${d.state}, ${quality} of frames arrived, ${l.frames_lost || 0} lost, `,
      `${l.crc_errors || 0} damaged`,
      d.recording ? `; with no PC it stores ${minutes(d.recording.capacity_s)} of run at ${d.recording.rate_hz} Hz (${minutes(d.recording.free_s)} free)` : ''));
  }
}

// How long a run the insole's flash holds, as a runner reads it.
function minutes(s) {
  if (!isNum(s)) return '–';
  return s >= 600 ? `${Math.floor(s / 60)} min` : `${s} s`;
}

function onFeed(kind) {
  if (kind === 'live' || kind === 'state') render();
}

let shown = false;

export function show(section) {
  if (!maps) build(section);
  if (!shown) feed.acquire(onFeed);
  shown = true;
  maps.start();
  render();
  clearInterval(timer);
  timer = setInterval(render, 500);
}

export function hide() {
  if (maps) maps.stop();
  clearInterval(timer);
  if (shown) feed.release(onFeed);
  shown = false;
}
