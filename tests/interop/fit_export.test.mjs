// FIT export (issue 17) checked by Garmin's own decoder, @garmin/fitsdk (installed from
// package-lock.json by scripts/setup; never vendored). One simulated week of runs is written
// through the sensor read-out and the analysis into a real SQLite file (insole_history); each
// run is exported with `insolectl export RUN --format fit` and decoded. The decoder must find a
// FIT file with a sound header and CRC and no errors; the records, lap and session must say what
// the run's steps say, computed here from `insolectl steps --json` independently of the encoder;
// every developer field must be described and found by name; distance only when measured.
//
// usage: node fit_export.test.mjs --insolectl BIN --insole-history BIN --out DIR

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decoder, Stream } from '@garmin/fitsdk';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) =>
  (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
for (const need of ['insolectl', 'insole-history', 'out']) {
  if (!args[need]) { console.error(`fit_export: missing --${need}`); process.exit(2); }
}
let failures = 0;
function check(ok, what) {
  if (!ok) { failures++; console.error(`FAIL: ${what}`); }
}
const near = (a, b, tol) => Math.abs(a - b) <= tol;
// "No value": the SDK leaves out invalid native fields and reads an invalid float32 developer
// field (all ones) as NaN.
const none = (v) => v === undefined || Number.isNaN(v);

const dir = join(args.out, 'fit_export');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const db = join(dir, 'week.db');
execFileSync(args['insole-history'], ['write', '--db', db, '--story', 'unchanged', '--weeks', '1',
  '--seed', '5', '--rate', '100'], { stdio: ['ignore', 'ignore', 'inherit'] });
const ctl = (...a) => execFileSync(args.insolectl, ['--db', db, ...a], { maxBuffer: 1 << 28 });
const ctlJson = (...a) => JSON.parse(ctl(...a, '--json').toString());

const runs = ctlJson('runs');
check(runs.length === 3, `${runs.length} runs written, want 3`);
// Run 1: a measured distance (5 % above the model's estimate, plausible), a body mass and a
// surface; run 2: nothing said.
const first = runs[0].id;
const estimateKm = runs[0].distance.km;
ctl('set-run', String(first), '--distance-km', (estimateKm * 1.05).toFixed(3), '--mass-kg', '70',
  '--surface', 'track');

function decode(id) {
  const bytes = ctl('export', String(id), '--format', 'fit');
  writeFileSync(join(dir, `run${id}.fit`), bytes);
  const decoder = new Decoder(Stream.fromByteArray(bytes));
  check(decoder.isFIT(), `run ${id}: not a FIT file`);
  check(decoder.checkIntegrity(), `run ${id}: header or CRC fails Garmin's integrity check`);
  const { messages, errors } = decoder.read();
  check(errors.length === 0, `run ${id}: decode errors ${JSON.stringify(errors.map(String))}`);
  return messages;
}

function byName(messages) {
  const names = {};
  for (const d of messages.fieldDescriptionMesgs ?? []) names[d.key] = d;
  return (mesg) => Object.fromEntries(Object.entries(mesg.developerFields ?? {})
    .map(([k, v]) => [names[k]?.fieldName, v]));
}

const FIT_EPOCH = 631065600;
for (const id of [first, runs[1].id]) {
  const m = decode(id);
  const steps = ctlJson('steps', String(id));
  const summary = ctlJson('summary', String(id));
  const run = ctlJson('runs').find((r) => r.id === id);
  check(m.fileIdMesgs?.[0]?.type === 'activity', `run ${id}: file_id type ${m.fileIdMesgs?.[0]?.type}`);
  check(m.sessionMesgs?.length === 1 && m.lapMesgs?.length === 1 && m.activityMesgs?.length === 1,
    `run ${id}: sessions/laps/activities ${m.sessionMesgs?.length}/${m.lapMesgs?.length}/${m.activityMesgs?.length}`);
  const session = m.sessionMesgs[0];
  check(session.sport === 'running', `run ${id}: sport ${session.sport}`);

  // Times: the run's clock starts at started_at; records every second of the stances.
  const zero = Date.parse(run.started_at) / 1000;
  const firstContact = steps[0].contact_s;
  const lastToeOff = Math.max(...steps.map((s) => s.toe_off_s));
  const startWant = Math.floor(zero + firstContact);
  check(Math.round(session.startTime.getTime() / 1000) === startWant,
    `run ${id}: session start ${session.startTime.toISOString()}, want ${new Date(startWant * 1000).toISOString()}`);
  check(near(session.totalElapsedTime, lastToeOff - firstContact, 0.001),
    `run ${id}: elapsed ${session.totalElapsedTime} s, want ${lastToeOff - firstContact}`);
  const records = m.recordMesgs ?? [];
  const secondsWant = Math.ceil(lastToeOff) - Math.ceil(firstContact) + 1;
  check(records.length === secondsWant, `run ${id}: ${records.length} records, want ${secondsWant}`);

  // Each record against the steps with contact in (t - 5 s, t].
  const dev = byName(m);
  let compared = 0;
  for (const r of records) {
    const t = Math.round(r.timestamp.getTime() / 1000) - zero;  // run clock, within a second
    const tRun = Math.ceil(firstContact) + compared;
    compared++;
    check(Math.floor(zero + tRun) === Math.round(r.timestamp.getTime() / 1000),
      `run ${id}: record ${compared} at ${t}, want second ${tRun}`);
    const win = steps.filter((s) => s.contact_s > tRun - 5 && s.contact_s <= tRun);
    if (win.length >= 3) {
      const spm = 60 * (win.length - 1) / (win[win.length - 1].contact_s - win[0].contact_s);
      const got = 2 * (r.cadence + (r.fractionalCadence ?? 0));
      check(near(got, spm, 2 / 128 + 1e-6), `run ${id} t=${tRun}: cadence ${got} spm, want ${spm}`);
    } else {
      check(none(r.cadence), `run ${id} t=${tRun}: cadence ${r.cadence} from ${win.length} steps`);
    }
    if (win.length > 0) {
      const ct = win.reduce((a, s) => a + s.contact_time_s, 0) / win.length * 1000;
      check(near(r.stanceTime, ct, 0.05 + 1e-9), `run ${id} t=${tRun}: stance ${r.stanceTime} ms, want ${ct}`);
      const side = (x) => win.filter((s) => s.side === x).map((s) => s.contact_time_s);
      const [l, rr] = [side('L'), side('R')];
      if (l.length && rr.length) {
        const ml = l.reduce((a, b) => a + b) / l.length, mr = rr.reduce((a, b) => a + b) / rr.length;
        check(near(r.stanceTimeBalance, 100 * ml / (ml + mr), 0.005 + 1e-9),
          `run ${id} t=${tRun}: balance ${r.stanceTimeBalance}, want ${100 * ml / (ml + mr)}`);
      }
      const d = dev(r);
      const pron = win.map((s) => s.pronation_index).filter((v) => v !== null);
      const pronWant = pron.reduce((a, b) => a + b, 0) / pron.length;
      check(near(d.pronation_index, pronWant, 1e-3 * Math.max(1, Math.abs(pronWant))),
        `run ${id} t=${tRun}: pronation_index ${d.pronation_index}, want ${pronWant}`);
      const peak = win.reduce((a, s) => a + s.peak_force_n, 0) / win.length;
      check(near(d.peak_force, peak, 1e-3 * peak), `run ${id} t=${tRun}: peak_force ${d.peak_force}, want ${peak}`);
      if (id === first) {
        const lr = win.reduce((a, s) => a + s.loading_rate_n_per_s, 0) / win.length / (70 * 9.80665);
        check(near(d.loading_rate, lr, 1e-3 * lr), `run ${id} t=${tRun}: loading_rate ${d.loading_rate} BW/s, want ${lr}`);
      } else {
        check(none(d.loading_rate), `run ${id}: loading rate ${d.loading_rate} BW/s without a body mass`);
      }
    }
  }

  // Session: the run's cadence as its summary gives it, contact time and balance of all steps.
  const spm = summary.analysis.cadence_spm;
  check(near(2 * (session.avgCadence + (session.avgFractionalCadence ?? 0)), spm, 2 / 128 + 1e-6),
    `run ${id}: session cadence ${2 * (session.avgCadence + session.avgFractionalCadence)}, want ${spm}`);
  const allCt = steps.reduce((a, s) => a + s.contact_time_s, 0) / steps.length * 1000;
  check(near(session.avgStanceTime, allCt, 0.05 + 1e-9), `run ${id}: session stance ${session.avgStanceTime}, want ${allCt}`);
  const sd = byName(m)(session);
  const names = (m.fieldDescriptionMesgs ?? []).map((d) => d.fieldName);
  for (const want of ['strike_index', 'pronation_index', 'peak_force', 'loading_rate',
    'flat_landing_share', 'impulse_asymmetry', 'strike_left', 'strike_right', 'pronation_left',
    'pronation_right', 'shoe_id', 'shoe_distance', 'shoe_wear', 'distance_estimate',
    'distance_estimate_source']) {
    check(names.includes(want), `run ${id}: no field_description for ${want}`);
  }
  const flat = 100 * steps.filter((s) => s.flat_foot).length / steps.length;
  check(near(sd.flat_landing_share, flat, 1e-3), `run ${id}: flat share ${sd.flat_landing_share}, want ${flat}`);
  const impulse = summary.analysis.asymmetry.impulse.si_pct;
  check(typeof impulse === 'number' && near(sd.impulse_asymmetry, impulse, 1e-3),
    `run ${id}: impulse asymmetry ${sd.impulse_asymmetry}, want ${impulse}`);
  for (const [s, key] of [['L', 'left'], ['R', 'right']]) {
    check(sd[`strike_${key}`] === summary.analysis.strike[s],
      `run ${id}: strike_${key} ${sd[`strike_${key}`]}, want ${summary.analysis.strike[s]}`);
    check(sd[`pronation_${key}`] === summary.analysis.pronation[s],
      `run ${id}: pronation_${key} ${sd[`pronation_${key}`]}, want ${summary.analysis.pronation[s]}`);
  }
  if (id === first) {
    const km = estimateKm * 1.05;
    check(near(session.totalDistance, Number(km.toFixed(3)) * 1000, 0.01),
      `run ${id}: distance ${session.totalDistance} m, want the measured ${km} km`);
    check(session.enhancedAvgSpeed > 1 && session.enhancedAvgSpeed < 7, `run ${id}: speed ${session.enhancedAvgSpeed} m/s`);
    check(none(sd.distance_estimate), `run ${id}: an estimate beside the measured distance`);
    check(session.subSport === 'track', `run ${id}: sub sport ${session.subSport}, want track`);
  } else {
    check(none(session.totalDistance), `run ${id}: FIT distance ${session.totalDistance} m that nobody measured`);
    check(near(sd.distance_estimate, run.distance.km * 1000, 1), `run ${id}: estimate ${sd.distance_estimate}, want ${run.distance.km} km`);
    check(/model/.test(sd.distance_estimate_source ?? ''), `run ${id}: estimate source ${sd.distance_estimate_source}`);
  }
  console.log(`run ${id}: ${records.length} records, ${steps.length} steps, cadence ${spm.toFixed(1)} spm, decoded by @garmin/fitsdk`);
}

// Bad requests: an unknown run, and --frames with fit.
const unknown = spawnSync(args.insolectl, ['--db', db, 'export', '99', '--format', 'fit']);
check(unknown.status === 1 && /no run 99/.test(unknown.stderr.toString()),
  `export of an unknown run: status ${unknown.status}, ${unknown.stderr}`);
check(unknown.stdout.length === 0, 'export of an unknown run wrote bytes');
const frames = spawnSync(args.insolectl, ['--db', db, 'export', String(first), '--format', 'fit', '--frames']);
check(frames.status === 2, `--format fit --frames: status ${frames.status}`);

if (failures) { console.error(`${failures} check(s) failed`); process.exit(1); }
console.log('fit_export: all checks passed');
