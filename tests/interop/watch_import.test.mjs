// Watch import (issue 17): a watch's FIT, GPX and TCX files, made for this test's runs by
// watch_fixtures.mjs (the FIT with Garmin's own encoder), attached with `insolectl import-watch`
// to the insole runs of one simulated week in a real SQLite file. Truth is the fixture's own
// track: a constant speed due north, so the distance over the run is speed x overlap. Checked:
// the run picked by time, the overlap and clock offset reported, the distance becoming the run's
// measured distance only when the track covers the run, the exported FIT carrying the watch's
// distance, speed and heart rate per second (read back with Garmin's decoder), and bad files
// refused naming the file and where, with nothing attached.
//
// usage: node watch_import.test.mjs --insolectl BIN --insole-history BIN --out DIR

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decoder, Stream } from '@garmin/fitsdk';
import { track, fitFile, gpxFile, tcxFile } from './watch_fixtures.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) =>
  (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
for (const need of ['insolectl', 'insole-history', 'out']) {
  if (!args[need]) { console.error(`watch_import: missing --${need}`); process.exit(2); }
}
let failures = 0;
function check(ok, what) {
  if (!ok) { failures++; console.error(`FAIL: ${what}`); }
}
const near = (a, b, tol) => Math.abs(a - b) <= tol;

const dir = join(args.out, 'watch_import');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const db = join(dir, 'week.db');
execFileSync(args['insole-history'], ['write', '--db', db, '--story', 'unchanged', '--weeks', '1',
  '--seed', '9', '--rate', '100'], { stdio: ['ignore', 'ignore', 'inherit'] });
const ctl = (...a) => execFileSync(args.insolectl, ['--db', db, ...a], { maxBuffer: 1 << 28 });
const ctlJson = (...a) => JSON.parse(ctl(...a, '--json').toString());
const attempt = (...a) => spawnSync(args.insolectl, ['--db', db, ...a]);

// Each run's time on the ground, UTC, from its steps.
const runs = ctlJson('runs');
check(runs.length === 3, `${runs.length} runs, want 3`);
const windows = runs.map((r) => {
  const steps = ctlJson('steps', String(r.id));
  const zero = Date.parse(r.started_at) / 1000;
  return { id: r.id, first: zero + steps[0].contact_s, last: zero + Math.max(...steps.map((s) => s.toe_off_s)) };
});
const write = (name, data) => { const p = join(dir, name); writeFileSync(p, data); return p; };

// Bad files first: each refused, naming the file and where; nothing attached.
const before = JSON.stringify(ctlJson('runs').map((r) => r.distance));
{
  const w = windows[0];
  const pts = track(Math.floor(w.first) - 30, Math.ceil(w.last - w.first) + 60, 3.0);
  const good = gpxFile(pts);
  const lines = good.split('\n');
  const bad = lines.findIndex((l) => l.includes('<time>')) + 40;  // a <time> line further down
  const hit = lines.findIndex((l, i) => i >= bad && l.includes('<time>'));
  lines[hit] = lines[hit].replace(/<time>[^<]*<\/time>/, '<time>yesterday</time>');
  const r1 = attempt('import-watch', 'auto', write('bad-time.gpx', lines.join('\n')));
  check(r1.status === 1 && r1.stderr.toString().includes(`bad-time.gpx line ${hit + 1}`) &&
    /not an XML dateTime/.test(r1.stderr), `bad GPX time: status ${r1.status}, ${r1.stderr}`);
  const fit = fitFile(pts);
  const r2 = attempt('import-watch', 'auto', write('cut.fit', fit.subarray(0, Math.floor(fit.length / 2))));
  check(r2.status === 1 && /cut\.fit: .*(cut short|CRC)/.test(r2.stderr), `cut FIT: status ${r2.status}, ${r2.stderr}`);
  const flipped = Buffer.from(fit);
  flipped[Math.floor(fit.length / 2)] ^= 0x55;
  const r3 = attempt('import-watch', 'auto', write('damaged.fit', flipped));
  check(r3.status === 1 && /damaged\.fit: file CRC/.test(r3.stderr), `damaged FIT: status ${r3.status}, ${r3.stderr}`);
  const r4 = attempt('import-watch', 'auto', write('ride.tcx', tcxFile(pts, 'Biking')));
  check(r4.status === 1 && /ride\.tcx is a biking activity/.test(r4.stderr), `biking TCX: status ${r4.status}, ${r4.stderr}`);
  const r5 = attempt('import-watch', 'auto', write('broken.gpx', good.slice(0, Math.floor(good.length / 2))));
  check(r5.status === 1 && /broken\.gpx line \d+/.test(r5.stderr), `cut GPX: status ${r5.status}, ${r5.stderr}`);
  const far = track(1e9, 600, 3.0);  // 2001: overlaps no run
  const r6 = attempt('import-watch', 'auto', write('old.gpx', gpxFile(far)));
  check(r6.status === 1 && /no recorded run overlaps \S*old\.gpx/.test(r6.stderr), `non-overlapping GPX: status ${r6.status}, ${r6.stderr}`);
  const r7 = attempt('import-watch', 'auto', write('notes.txt', 'hello'));
  check(r7.status === 1 && /not a \.fit, \.gpx or \.tcx/.test(r7.stderr), `text file: ${r7.status}, ${r7.stderr}`);
  const r8 = attempt('import-watch', 'auto');
  check(r8.status === 2, `missing file: status ${r8.status}`);
}
check(JSON.stringify(ctlJson('runs').map((r) => r.distance)) === before, 'a refused file changed a run');
for (const w of windows) check(ctlJson('summary', String(w.id)).watch === null, `run ${w.id}: a track attached by a refused file`);

// Run 1: the watch started 30 s early and stopped 20 s late; FIT; matched by time.
{
  const w = windows[0];
  const speed = 3.0;
  const start = Math.floor(w.first) - 30;
  const pts = track(start, Math.ceil(w.last - start) + 20, speed);
  const out = JSON.parse(ctl('import-watch', 'auto', write('watch.fit', fitFile(pts)), '--json').toString());
  check(out.run === w.id, `FIT matched run ${out.run}, want ${w.id}`);
  check(near(out.overlap_s, w.last - w.first, 1e-3), `FIT overlap ${out.overlap_s}, want ${w.last - w.first}`);
  check(near(out.coverage, 1, 1e-9), `FIT coverage ${out.coverage}`);
  check(near(out.start_offset_s, start - w.first, 1e-3), `FIT offset ${out.start_offset_s}, want ${start - w.first}`);
  check(near(out.run_distance_m, speed * (w.last - w.first), 0.01), `FIT distance ${out.run_distance_m}, want ${speed * (w.last - w.first)}`);
  // The fixture records no cadence: the watch's clock cannot be checked, and nothing is moved.
  check(out.clock?.result === 'no_cadence' && out.clock.applied === false, `FIT clock ${JSON.stringify(out.clock)}`);
  const run = ctlJson('runs').find((r) => r.id === w.id);
  check(run.distance.source === 'measured' && near(run.distance.km * 1000, out.run_distance_m, 0.01),
    `run ${w.id} distance ${JSON.stringify(run.distance)} after import`);
  const summary = ctlJson('summary', String(w.id));
  check(summary.watch?.format === 'fit' && summary.watch.file === 'watch.fit', `summary watch ${JSON.stringify(summary.watch)}`);
  // The exported FIT now carries the watch's seconds (Garmin's decoder reads it back).
  const bytes = ctl('export', String(w.id), '--format', 'fit');
  const decoder = new Decoder(Stream.fromByteArray(bytes));
  check(decoder.checkIntegrity(), 'export with a watch track: integrity');
  const { messages, errors } = decoder.read();
  check(errors.length === 0, `export with a watch track: ${errors}`);
  const recs = messages.recordMesgs;
  const firstUnix = recs[0].timestamp.getTime() / 1000;
  let checked = 0;
  for (const r of recs) {
    const t = r.timestamp.getTime() / 1000;
    const p = pts.find((x) => x.unix === t);
    if (!p) continue;
    checked++;
    check(near(r.distance, speed * (t - firstUnix), 0.011), `record at ${t}: distance ${r.distance}, want ${speed * (t - firstUnix)}`);
    check(near(r.enhancedSpeed, speed, 0.001), `record at ${t}: speed ${r.enhancedSpeed}`);
    check(r.heartRate === p.hr, `record at ${t}: heart rate ${r.heartRate}, want ${p.hr}`);
    check(near(r.enhancedAltitude, p.alt, 0.2), `record at ${t}: altitude ${r.enhancedAltitude}, want ${p.alt}`);
  }
  check(checked === recs.length, `${checked} of ${recs.length} records had the watch's second`);
  check(near(messages.sessionMesgs[0].totalDistance, out.run_distance_m, 0.01), `session distance ${messages.sessionMesgs[0].totalDistance}`);
  console.log(`run ${w.id}: watch.fit attached, ${out.samples} s, ${(out.run_distance_m / 1000).toFixed(3)} km; export carries it`);
}

// The watch's own file with insole's figures added (export --merge): every watch record kept as
// it was, insole's per-second figures on the records of the run's seconds, the run's on the
// session; read back by Garmin's decoder.
{
  const w = windows[0];
  const watchPath = join(dir, 'watch.fit');
  const merged = execFileSync(args.insolectl, ['--db', db, 'export', String(w.id), '--format', 'fit',
    '--merge', watchPath], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  writeFileSync(join(dir, 'merged.fit'), merged);
  const read = (bytes) => {
    const d = new Decoder(Stream.fromByteArray(bytes));
    check(d.checkIntegrity(), 'merged file: integrity');
    const { messages, errors } = d.read();
    check(errors.length === 0, `merged file: ${errors}`);
    return messages;
  };
  const m = read(merged);
  const original = read(readFileSync(watchPath));
  const own = read(ctl('export', String(w.id), '--format', 'fit'));
  check(m.recordMesgs.length === original.recordMesgs.length,
    `merged: ${m.recordMesgs.length} records, the watch had ${original.recordMesgs.length}`);
  // Developer field keys are per file: names come from each file's own descriptions.
  const namer = (messages) => {
    const names = {};
    for (const d of messages.fieldDescriptionMesgs ?? []) names[d.key] = d.fieldName;
    return (mesg) => Object.fromEntries(Object.entries(mesg.developerFields ?? {}).map(([k, v]) => [names[k], v]));
  };
  const dev = namer(m);
  const ownDev = namer(own);
  const ownByTime = new Map(own.recordMesgs.map((r) => [r.timestamp.getTime(), r]));
  let withRun = 0;
  m.recordMesgs.forEach((r, i) => {
    const o = original.recordMesgs[i];
    check(r.timestamp.getTime() === o.timestamp.getTime() && r.distance === o.distance &&
      r.heartRate === o.heartRate && r.enhancedSpeed === o.enhancedSpeed && r.positionLat === o.positionLat,
      `merged record ${i}: the watch's values changed`);
    const ins = ownByTime.get(r.timestamp.getTime());
    const d = dev(r);
    if (!ins) {
      check(Number.isNaN(d.insole_stance_time ?? NaN), `merged record ${i} outside the run has insole figures`);
      return;
    }
    withRun++;
    const cad = 2 * ((ins.cadence ?? NaN) + (ins.fractionalCadence ?? 0));
    if (!Number.isNaN(cad)) check(near(d.insole_cadence, cad, 2 / 128 + 1e-3), `merged record ${i}: insole_cadence ${d.insole_cadence}, want ${cad}`);
    check(near(d.insole_stance_time, ins.stanceTime, 0.06), `merged record ${i}: insole_stance_time ${d.insole_stance_time}, want ${ins.stanceTime}`);
    const od = ownDev(ins);
    for (const k of ['strike_index', 'pronation_index', 'peak_force']) {
      check(near(d[k], od[k], 1e-3 * Math.max(1, Math.abs(od[k]))), `merged record ${i}: ${k} ${d[k]}, want ${od[k]}`);
    }
  });
  check(withRun >= own.recordMesgs.length - 1, `merged: ${withRun} records with the run's figures of ${own.recordMesgs.length}`);
  const sd = dev(m.sessionMesgs[0]);
  const od = ownDev(own.sessionMesgs[0]);
  for (const k of ['strike_left', 'strike_right', 'pronation_left', 'flat_landing_share', 'impulse_asymmetry']) {
    check(sd[k] === od[k] || near(sd[k], od[k], 1e-4), `merged session ${k}: ${sd[k]}, want ${od[k]}`);
  }
  check(m.sessionMesgs[0].totalDistance === original.sessionMesgs[0].totalDistance, 'merged session distance is not the watch\'s');
  // Another run's watch file is refused.
  const other = attempt('export', String(windows[2].id), '--format', 'fit', '--merge', watchPath);
  check(other.status === 1 && /none of its \d+ records falls in run/.test(other.stderr) && other.stdout.length === 0,
    `merge of another run's file: ${other.status}, ${other.stderr}`);
  console.log(`run ${w.id}: merged into watch.fit: ${withRun} of ${m.recordMesgs.length} records carry insole's figures`);
}

// Run 2: GPX in local time (+01:00), covering only the second half: the track is kept, its
// distance is not the run's. Positions give the distance (haversine).
{
  const w = windows[1];
  const speed = 2.8;
  const mid = Math.floor((w.first + w.last) / 2);
  const pts = track(mid, Math.ceil(w.last - mid) + 5, speed);
  const out = JSON.parse(ctl('import-watch', 'auto', write('watch.gpx', gpxFile(pts, 60)), '--json').toString());
  check(out.run === w.id, `GPX matched run ${out.run}, want ${w.id}`);
  check(near(out.coverage, (w.last - mid) / (w.last - w.first), 1e-6), `GPX coverage ${out.coverage}`);
  check(out.run_distance_m === null && /recorded 5\d % of the run/.test(out.distance_note), `GPX distance ${out.run_distance_m}: ${out.distance_note}`);
  check(near(out.distance_m, speed * (w.last - mid), 0.05), `GPX track distance ${out.distance_m}, want ${speed * (w.last - mid)}`);
  const run = ctlJson('runs').find((r) => r.id === w.id);
  check(run.distance.source !== 'measured', `run ${w.id}: distance ${JSON.stringify(run.distance)} from half a track`);
  console.log(`run ${w.id}: watch.gpx attached (${Math.round(out.coverage * 100)} %), distance not used: ${out.distance_note}`);
}

// Run 3: TCX named by run id; re-importing replaces the track.
{
  const w = windows[2];
  const speed = 3.2;
  const pts = track(Math.floor(w.first) - 5, Math.ceil(w.last - w.first) + 10, speed);
  const path = write('watch.tcx', tcxFile(pts));
  ctl('import-watch', String(w.id), path, '--json');
  const out = JSON.parse(ctl('import-watch', String(w.id), path, '--json').toString());
  check(out.run === w.id && near(out.run_distance_m, speed * (w.last - w.first), 0.02),
    `TCX: run ${out.run}, distance ${out.run_distance_m}, want ${speed * (w.last - w.first)}`);
  const text = ctl('summary', String(w.id)).toString();
  check(/watch track watch\.tcx \(tcx\): 100 % of the run/.test(text), `summary text: ${text}`);
  const wrong = attempt('import-watch', String(windows[0].id), path);
  check(wrong.status === 1 && /does not overlap run/.test(wrong.stderr), `TCX on the wrong run: ${wrong.status}, ${wrong.stderr}`);
  console.log(`run ${w.id}: watch.tcx attached twice (replaced), ${(out.run_distance_m / 1000).toFixed(3)} km`);
}

if (failures) { console.error(`${failures} check(s) failed`); process.exit(1); }
console.log('watch_import: all checks passed');
