// A two-shoe fitting end to end, as a store clerk does it: a new customer, a short trial in each
// shoe (the same simulated runner, so the comfort ratings 8 and 5 decide), the side-by-side
// comparison with pressure maps and a recommendation with reasons, the printable report (also
// saved as PDF), and the customer deleted at the end. Must take under five minutes.

import path from 'node:path';
import { run, waitFor, check } from './harness.mjs';

const TRIAL_S = 8;

run('browser_fitting', async (t) => {
  await t.startInsoles('rearfoot-neutral-easy-run');
  const url = await t.startDaemon();
  const page = await t.launchBrowser();
  const clerkStarted = Date.now();
  await page.goto(url + '#/fitting');

  await page.getByLabel('Name or nickname').fill('Alex');
  await page.getByLabel('Body mass in kg (optional: loading rate per body weight)').fill('68');
  await page.getByRole('button', { name: 'Start fitting' }).click();
  await waitFor('the customer page', async () => /#\/fitting\/\d+/.test(page.url()));
  const title = await page.textContent('[data-testid="customer-title"]');
  check(title.includes('Alex'), `the customer page is titled "${title}"`);
  const massLine = await page.textContent('[data-testid="customer-mass-line"]');
  check(massLine.includes('Body mass 68.0 kg'), `the customer page says "${massLine}" (want the 68 kg given)`);

  // Wait until both insoles stream (the header's status line says so) before the first trial.
  await waitFor('two insoles streaming', async () => /2 insoles streaming/.test(await page.textContent('[data-testid="connection"]')), { timeoutMs: 20000 });

  async function trial(shoe, comfort, n) {
    await page.getByLabel('Shoe being tried').fill(shoe);
    await page.getByLabel('Length (seconds)').fill(String(TRIAL_S));
    await page.getByRole('button', { name: 'Start trial' }).click();
    await page.waitForSelector('[data-testid="trial-progress"]:not([hidden])', { timeout: 10000 });
    // Mid-trial: progress shown with steps counted.
    await waitFor(`${shoe}: progress past 3 s`, async () => {
      const v = await page.$eval('[data-testid="trial-progress-bar"]', (p) => p.value).catch(() => 0);
      return v >= 3;
    }, { timeoutMs: 15000 });
    const text = await page.textContent('[data-testid="trial-progress-text"]');
    check(/of 8\s*s/.test(text) && /steps: left \d+, right \d+/.test(text), `progress reads "${text}"`);
    if (n === 1) await t.screenshot('trial-running');
    // The page stops the trial at its length and lists it.
    await waitFor(`${shoe} listed as a finished trial`, async () => (await page.$$('[data-testid="trial-row"]')).length === n, { timeoutMs: (TRIAL_S + 30) * 1000 });
    const row = page.locator('[data-testid="trial-row"]', { hasText: shoe });
    const id = await row.getAttribute('data-trial-id');
    await page.selectOption(`[data-testid="comfort-${id}"]`, String(comfort));
    await waitFor(`${shoe}'s comfort saved`, async () => (await page.textContent('[data-testid="fitting-status"]')).includes(`${comfort} / 10 saved`));
    return id;
  }

  const a = await trial('Shoe A', 8, 1);
  const b = await trial('Shoe B', 5, 2);

  // The comparison: both trials side by side, best first, with maps and the measured rows.
  await waitFor('both trials in the comparison', async () => (await page.$$('[data-testid="comparison-column"]')).length === 2, { timeoutMs: 10000 });
  await waitFor('the comparison to show both comfort ratings', async () => {
    const t2 = await page.textContent('[data-testid="row-comfort"]');
    return t2.includes('8 / 10') && t2.includes('5 / 10');
  });
  const columns = await page.$$eval('[data-testid="comparison-column"]', (els) => els.map((e) => e.dataset.trialId));
  check(columns.includes(a) && columns.includes(b), `comparison columns ${columns} are not trials ${a} and ${b}`);
  for (const row of ['row-strike', 'row-pronation', 'row-peak-pressure', 'row-loading', 'row-asym-peak']) {
    const cells = await page.$$eval(`[data-testid="${row}"] td`, (td) => td.map((x) => x.textContent));
    check(cells.length === 2 && cells.every((c) => /[0-9a-z]/i.test(c.replace(/[LR] –/g, ''))), `comparison row ${row} is empty: ${JSON.stringify(cells)}`);
  }
  const peak = await page.textContent('[data-testid="row-peak-pressure"]');
  check((peak.match(/\d+\s*kPa/g) || []).length === 4, `peak pressure row shows "${peak}" (want L and R for both shoes, in kPa)`);
  // The maps share one colour scale fitted to the pressures shown: its top is the highest peak
  // rounded up to 100 kPa, and the legend says so in numbers.
  const peaks = (peak.match(/\d+(?=\s*kPa)/g) || []).map(Number);
  const top = await page.getAttribute('[data-testid="comparison-legend"]', 'data-max-kpa');
  const label = await page.getAttribute('[data-testid="comparison-legend"]', 'aria-label');
  check(Number(top) >= Math.max(...peaks) && Number(top) - Math.max(...peaks) <= 100,
    `colour scale top ${top} kPa does not fit the highest peak shown (${peaks.join(', ')} kPa)`);
  check(label.includes(`0 to ${top} kilopascals`), `legend label "${label}" does not give the scale`);
  check(Math.max(...peaks) < 1000, `peak pressures ${peaks.join(', ')} kPa: above what running shoes see (200-700 kPa published)`);
  const loading = await page.textContent('[data-testid="row-loading"]');
  check((loading.match(/\d\s*BW\/s/g) || []).length === 4, `loading rate row shows "${loading}"`);

  // Four pressure maps (two feet, two shoes), each with colour on it.
  const maps = await page.$$eval('[data-testid^="trial-map-"]', (canvases) => canvases.map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b] = [d[i], d[i + 1], d[i + 2]];
      if (d[i + 3] > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
    }
    return coloured;
  }));
  check(maps.length === 4, `${maps.length} pressure maps in the comparison, want 4`);
  check(maps.every((n) => n > 200), `a pressure map is blank (coloured pixels: ${maps.join(', ')})`);

  // The recommendation: the shoe rated 8 first, with reasons in words.
  const rec = await page.textContent('[data-testid="recommendation"]');
  const best = await page.textContent('[data-testid="recommended-shoe"]');
  check(best === 'Shoe A', `recommended "${best}", want Shoe A (comfort 8 vs 5 on the same runner); recommendation: ${rec}`);
  const reasons = await page.$$eval('[data-testid="recommendation-reasons"] li', (li) => li.map((x) => x.textContent));
  check(reasons.length >= 1 && reasons.every((r) => r.length > 10), `the recommendation gives no reasons: ${JSON.stringify(reasons)}`);
  const pron = await page.textContent('[data-testid="row-pronation"]');
  check(/information/.test(pron), 'pronation is not presented as information');
  const clerkSeconds = (Date.now() - clerkStarted) / 1000;
  console.log(`  two-shoe fitting took ${clerkSeconds.toFixed(0)} s in the browser; recommendation: ${best}; reasons: ${reasons.join(' / ')}`);
  check(clerkSeconds < 300, `the fitting took ${clerkSeconds.toFixed(0)} s, want under 5 minutes`);
  await t.screenshot('comparison');

  // The printable report: print media hides the controls; save it as PDF too.
  await page.emulateMedia({ media: 'print' });
  check(!(await page.isVisible('[data-testid="trial-box"]')), 'the trial controls show in print');
  check(await page.isVisible('[data-testid="comparison-table"]'), 'the comparison does not show in print');
  await t.screenshot('report-print');
  const pdf = path.join(t.opts.out, 'browser_fitting-report.pdf');
  await page.pdf({ path: pdf, format: 'A4', landscape: true, printBackground: true });
  console.log(`  report ${pdf}`);
  await page.emulateMedia({ media: 'screen' });

  // Delete the customer: gone from the list, and their page says so.
  const customerUrl = page.url();
  await page.getByRole('button', { name: 'Delete Alex…' }).click();
  await page.getByRole('button', { name: 'Yes, delete Alex and their trials' }).click();
  await waitFor('the customer list', async () => /#\/fitting$/.test(page.url()));
  await waitFor('Alex gone from the list', async () => {
    const rows = await page.$$eval('[data-testid="customer-row"]', (r) => r.map((x) => x.textContent));
    return !rows.some((r) => r.includes('Alex')) && (await page.isVisible('text=No customers stored.'));
  });
  await page.goto(customerUrl);
  await page.waitForSelector('text=This customer no longer exists.');
});
