// A runner's runs and one run's report: two 12 s runs are recorded first (insoled --duration
// 12), then the dashboard daemon opens the same database; the runs list shows the trends across
// runs and links to the report, whose summary, distributions, asymmetry intervals and
// step-by-step plots are drawn.

import { run, waitFor, check } from './harness.mjs';

run('browser_report', async (t) => {
  await t.startInsoles('flatfoot-overpronator-asym8-worn');
  await t.insolectl(['shoes', 'add', '--brand', 'Testbrand', '--model', 'Trainer', '--size', '42']);
  await t.recordRun(12);  // both runs are run in the shoe just added (the default shoe)
  await t.recordRun(12);  // a second run, for the trends across runs
  const url = await t.startDaemon();
  const page = await t.launchBrowser();
  await page.goto(url + '#/runs');

  // The finished run (the daemon has started a second one, still recording, above it).
  await page.waitForSelector('[data-testid="run-row"]');
  const finished = page.locator('[data-testid="run-row"]', { hasText: 'finished' }).first();
  const runId = await finished.getAttribute('data-run-id');
  check(runId, 'no finished run in the list');
  const finishedRuns = await page.locator('[data-testid="run-row"]', { hasText: 'finished' }).count();
  check(finishedRuns === 2, `${finishedRuns} finished runs listed, want 2`);
  // Trends across the two recorded runs (the one being recorded has too few steps to count).
  for (const chart of ['trend-cadence', 'trend-flat']) {
    const dots = await page.$$eval(`[data-testid="${chart}"] circle`, (c) => c.length);
    check(dots >= 2, `trend chart ${chart} has ${dots} points, want at least 2`);
  }
  // Week by week: both finished runs fall in this week, which has nothing earlier to compare with.
  await page.waitForSelector('[data-testid="weekly-table"] tbody tr');
  const weekRows = await page.$$eval('[data-testid="weekly-table"] tbody tr', (r) => r.map((x) => x.textContent));
  check(weekRows.length === 1 && /^\d{4}-W\d{2}2/.test(weekRows[0]), `weekly rows: ${JSON.stringify(weekRows)}, want this week with 2 runs`);
  const reading = await page.textContent('[data-testid="weekly-readings"] li[data-factor="history"]');
  check(/nothing to compare with yet/.test(reading), `weekly reading: ${reading}`);
  const shoes = await page.$$eval('[data-testid="weekly-shoes"] li', (l) => l.map((x) => x.textContent));
  check(shoes.length === 1 && /^Testbrand Trainer: \d+ km, /.test(shoes[0]), `weekly shoes: ${JSON.stringify(shoes)}`);
  await t.screenshot('runs');
  await finished.getByRole('link').click();
  await page.waitForSelector(`[data-testid="run-report"][data-run-id="${runId}"]`);

  const cadence = await page.textContent('[data-testid="run-cadence"]');
  check(/\d+\s*steps\/min/.test(cadence), `cadence shows "${cadence}"`);
  const duration = await page.textContent('[data-testid="run-duration"]');
  check(/1[0-4] s/.test(duration), `duration shows "${duration}" for a 12 s run`);
  // The runner says what the run was on; the report shows it again after a reload, and
  // insolectl reads the same from the database.
  check(await page.inputValue('[data-testid="run-surface-select"]') === '', 'a new run has a surface said');
  await page.selectOption('[data-testid="run-surface-select"]', 'track');
  await waitFor('the surface saved', async () => /Saved: track/.test(await page.textContent('[data-testid="run-surface-status"]')));
  await page.reload();
  await page.waitForSelector(`[data-testid="run-report"][data-run-id="${runId}"]`);
  const surface = await page.inputValue('[data-testid="run-surface-select"]');
  check(surface === 'track', `surface after a reload: "${surface}", want track`);
  const summary = JSON.parse(await t.insolectl(['summary', runId, '--json']));
  check(summary.surface === 'track', `insolectl reads surface ${summary.surface}`);
  for (const side of ['L', 'R']) {
    const strike = await page.textContent(`[data-testid="run-strike-${side}"]`);
    check(/heel|whole|ball/.test(strike), `strike ${side} shows "${strike}"`);
  }

  // Plots: bars for the strike and pronation shares, the asymmetry intervals, lines per foot.
  const bars = await page.$$eval('[data-testid="chart-strike"] rect', (r) => r.filter((x) => Number(x.getAttribute('height')) > 0).length);
  check(bars >= 2, `the strike chart has ${bars} bars`);
  const pronBars = await page.$$eval('[data-testid="chart-pronation"] rect', (r) => r.length);
  check(pronBars >= 2, `the pronation chart has ${pronBars} bars`);
  const intervals = await page.$$eval('[data-testid="chart-asymmetry"] circle', (c) => c.length);
  check(intervals === 4, `the asymmetry chart shows ${intervals} metrics, want 4`);
  for (const chart of ['chart-contact', 'chart-peak', 'chart-loading', 'chart-pronation-index']) {
    const lines = await page.$$eval(`[data-testid="${chart}"] path.series`, (p) => p.map((x) => x.getAttribute('d').split(/[ML]/).length - 1));
    check(lines.length === 2 && lines.every((n) => n >= 5), `${chart}: ${lines.length} lines with ${lines.join('/')} points`);
  }
  // The scenario's runner lands flat and over-pronates: the report says so, with advice.
  const alerts = await page.textContent('[data-testid="run-alerts"]');
  check(!/No findings/.test(alerts), `no findings for a flat-footed over-pronator: "${alerts}"`);
  const advice = await page.$$('[data-testid="run-alerts"] .advice');
  check(advice.length >= 1, 'the findings come without advice');
  // Pronation is information unless it changed against the runner's own earlier runs.
  check(!/overpronation/.test(alerts), `pronation is listed as something to work on: "${alerts}"`);
  const info = await page.textContent('[data-testid="run-information"]');
  check(/overpronation/.test(info), `the pronation information is missing: "${info}"`);
  await t.screenshot('report');

  // The shoe: its runs counted, its distance, and a chart point per finished run.
  await page.goto(url + '#/shoes');
  await page.waitForSelector('[data-testid="shoe-card"]');
  const card = await page.textContent('[data-testid="shoe-card"]');
  check(/Testbrand Trainer/.test(card), `the shoe card shows "${card}"`);
  check(/Runs\s*[23]/.test(card), `the shoe card does not count the runs: "${card}"`);
  check(/not measurable yet|not enough/i.test(card), `two short runs cannot estimate wear: "${card}"`);
  const points = await page.$$eval('[data-testid="shoe-chart"] circle', (c) => c.length);
  check(points >= 2, `the shoe chart has ${points} points, want one per finished run`);
  await t.screenshot('shoes');

  // Not the runner's run: taken off the shoe, then deleted; the list and the shoe follow.
  await page.goto(url + `#/runs/${runId}`);
  await page.waitForSelector(`[data-testid="run-report"][data-run-id="${runId}"]`);
  await page.click('[data-testid="run-unassign"]');
  await waitFor('the run taken off its shoe',
    async () => /no longer counts/.test(await page.textContent('[data-testid="run-action-status"]')));
  const shoeShown = await page.textContent('[data-testid="run-shoe"]');
  check(shoeShown === '–', `the report still names the shoe "${shoeShown}"`);
  await page.click('[data-testid="run-delete"]');
  await page.click('[data-testid="run-delete-confirm"]');
  await page.waitForSelector('[data-testid="runs-table"]');
  const left = await page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`).count();
  check(left === 0, `run ${runId} is still listed after deletion`);
  const remaining = await page.locator('[data-testid="run-row"]', { hasText: 'finished' }).count();
  check(remaining === 1, `${remaining} finished runs listed after deleting one, want 1`);
  await t.screenshot('run-deleted');
});
