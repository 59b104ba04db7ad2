// A runner's twelve simulated weeks (issue 18) on the dashboard's runs page: insole_history
// writes 36 runs through the sensor read-out and the analysis into the database (100 Hz, about
// a minute), insoled serves it with no insole attached, and the "Week by week" card must show
// twelve weeks, the weeks with a true training-load spike, the weakening right leg and the
// cadence coaching's follow-up as readings, and the shoe past 600 km.

import { run, check } from './harness.mjs';

run('browser_history', async (t) => {
  const truth = await t.writeHistory(['--story', 'twelve-weeks', '--seed', '3', '--rate', '100'], 600000);
  const url = await t.startDaemon();
  const page = await t.launchBrowser();
  await page.goto(url + '#/runs');
  await page.waitForSelector('[data-testid="weekly-table"] tbody tr');
  const rows = await page.$$eval('[data-testid="weekly-table"] tbody tr',
    (r) => r.map((x) => [...x.children].map((c) => c.textContent)));
  check(rows.length === 12, `${rows.length} weeks shown, want 12`);
  // Newest first; the last column counts the week's spikes. Truth: from the plan's distances.
  const spikeWeeks = new Set(truth.runs.filter((r) => r.load_spike).map((r) => r.week));
  rows.forEach((cells, i) => {
    const week = 12 - i;
    const want = spikeWeeks.has(week) ? '1' : '0';
    check(cells[cells.length - 1] === want, `week ${week}: ${cells[cells.length - 1]} spikes shown, want ${want}`);
    check(cells[1] === '3', `week ${week}: ${cells[1]} runs shown, want 3`);
  });
  // No run of this story has a measured distance: no pace is shown, and the caption says why.
  const paces = await page.$$eval('[data-testid="week-pace"]', (c) => c.map((x) => x.textContent));
  check(paces.length === 12 && paces.every((p) => p === '–'), `paces shown: ${JSON.stringify(paces)}, want none`);
  const caption = await page.textContent('[data-testid="weekly-table"] caption');
  check(/Pace only where it was measured/.test(caption), `caption: ${caption}`);
  const factors = await page.$$eval('[data-testid="weekly-readings"] li', (l) => l.map((x) => x.dataset.factor));
  check(factors.includes('asymmetry') && factors.includes('cadence_coaching'),
    `readings ${JSON.stringify(factors)}, want asymmetry and cadence_coaching`);
  const coaching = await page.textContent('[data-testid="weekly-readings"] li[data-factor="cadence_coaching"]');
  check(/Since the cadence suggestion on \d{4}-\d{2}-\d{2}: 15\d to 17\d steps\/min/.test(coaching), `coaching: ${coaching}`);
  const shoes = await page.$$eval('[data-testid="weekly-shoes"] li', (l) => l.map((x) => x.textContent));
  const km = shoes.length === 1 ? Number((/: (\d+) km/.exec(shoes[0]) || [])[1]) : NaN;
  check(km > 600, `shoes shown: ${JSON.stringify(shoes)}, want the one shoe past 600 km`);
  await t.screenshot('weeks');
});
