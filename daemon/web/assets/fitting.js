// Fitting (store mode): customers, a short treadmill trial per shoe, comfort ratings, and the
// comparison with its printable report (comparison.js).

import { api } from './api.js';
import { feed } from './live-feed.js';
import { LiveMaps } from './live-maps.js';
import { renderComparison } from './comparison.js';
import { h, clear, fmt, dateTime, say } from './dom.js';

let poll = null;       // active-trial polling timer
let liveMaps = null;   // heat maps shown while a trial records
let feedHeld = false;
let token = 0;         // bumps on every show/hide so stale async work stops

export async function show(section, id) {
  stopTrialWatch();
  const mine = ++token;
  clear(section);
  if (id) return showCustomer(section, id, mine);
  return showCustomers(section, mine);
}

export function hide() {
  ++token;
  stopTrialWatch();
}

function stopTrialWatch() {
  clearInterval(poll);
  poll = null;
  if (liveMaps) liveMaps.stop();
  liveMaps = null;
  if (feedHeld) feed.release();
  feedHeld = false;
}

// ---- customer list ---------------------------------------------------------------------------

async function showCustomers(section, mine) {
  const status = h('p', { role: 'status', class: 'status-line' });
  const name = h('input', { id: 'customer-name', name: 'name', required: true, maxlength: 80,
    autocomplete: 'off', 'data-testid': 'customer-name' });
  const notes = h('input', { id: 'customer-notes', name: 'notes', maxlength: 200, autocomplete: 'off',
    'data-testid': 'customer-notes' });
  const mass = massInput('customer-mass');
  const email = h('input', { id: 'customer-email', name: 'email', type: 'email', maxlength: 254,
    autocomplete: 'off', 'data-testid': 'customer-email' });
  const phone = h('input', { id: 'customer-phone', name: 'phone', type: 'tel', maxlength: 40,
    autocomplete: 'off', 'data-testid': 'customer-phone' });
  const where = h('p', { class: 'hint', 'data-testid': 'customer-where' });
  const form = h('form', { class: 'card', 'data-testid': 'customer-form' },
    h('h3', {}, 'New customer'),
    where,
    h('div', { class: 'field' }, h('label', { for: 'customer-name' }, 'Name or nickname'), name),
    h('div', { class: 'field' }, h('label', { for: 'customer-notes' }, 'Notes (optional, e.g. "runs 20 km a week, trail")'), notes),
    h('div', { class: 'field' }, h('label', { for: 'customer-mass' }, 'Body mass in kg (optional: loading rate per body weight)'), mass),
    h('div', { class: 'field' }, h('label', { for: 'customer-email' }, 'Email (optional, only if the customer wants to be found by it)'), email),
    h('div', { class: 'field' }, h('label', { for: 'customer-phone' }, 'Phone (optional, likewise)'), phone),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'customer-create' }, 'Start fitting'),
    status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!name.value.trim()) {
      say(status, 'Enter a name or a nickname.', 'error');
      return;
    }
    try {
      const { id } = await api.post('/api/customers', {
        name: name.value.trim(), notes: notes.value.trim(), body_mass_kg: massValue(mass),
        email: email.value.trim(), phone: phone.value.trim() });
      window.location.hash = `#/fitting/${id}`;
    } catch (e) {
      say(status, e.message, 'error');
    }
  });
  section.append(h('h2', { id: 'fitting-title' }, 'Shoe fitting'),
    h('p', {}, 'Record about 30 seconds of running in each shoe the customer tries, ask how each feels, then compare the shoes side by side.'),
    form);
  const find = h('input', { id: 'customer-find', type: 'search', maxlength: 80, autocomplete: 'off',
    placeholder: 'name, email or phone', 'data-testid': 'customer-find' });
  const list = h('section', { class: 'card' }, h('h3', {}, 'Customers'),
    h('div', { class: 'field no-print' }, h('label', { for: 'customer-find' }, 'Find a customer'), find));
  const table = h('div', { 'data-testid': 'customer-list' });
  const syncLine = h('p', { class: 'status-line', role: 'status', 'data-testid': 'sync-state', hidden: true });
  list.append(syncLine, table);
  section.append(list);
  let asked = 0;
  const fill = async () => {
    const q = find.value.trim();
    const ask = ++asked;
    const data = await api.get('/api/customers' + (q ? `?q=${encodeURIComponent(q)}` : ''));
    if (mine !== token || ask !== asked) return;  // a newer search or page took over
    where.textContent = data.shared
      ? `Only what the fitting needs: a first name or a nickname. It is shared with the stores' server (this is station ${data.station}${data.store ? ', ' + data.store : ''}), so every station finds it; delete the customer when the fitting is done or whenever they ask.`
      : 'Only what the fitting needs: a first name or a nickname. It stays on this computer; delete the customer when the fitting is done or whenever they ask.';
    showSync(syncLine, data.sync);
    table.replaceChildren();
    if (data.customers.length === 0) {
      table.append(h('p', {}, q ? `No customer matches "${q}".` : 'No customers stored.'));
      return;
    }
    const body = h('tbody');
    for (const c of data.customers) {
      // Notes, contact and the store beside the name: two customers called Maria are told apart.
      const contact = [c.email, c.phone].filter(Boolean).join(' · ');
      const madeAt = [c.store, c.station].filter(Boolean).join(' · ');
      body.append(h('tr', { 'data-testid': 'customer-row' },
        h('td', {}, h('a', { href: `#/fitting/${c.id}` }, c.name)),
        h('td', {}, c.notes || ''),
        h('td', {}, contact),
        h('td', {}, madeAt),
        h('td', {}, dateTime(c.created_at)),
        h('td', { class: 'num' }, String(c.trials || 0))));
    }
    table.append(h('table', { class: 'list' }, h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Customer'), h('th', { scope: 'col' }, 'Notes'),
      h('th', { scope: 'col' }, 'Email / phone'), h('th', { scope: 'col' }, 'Made at'),
      h('th', { scope: 'col' }, 'Created'), h('th', { scope: 'col' }, 'Trials'))), body));
  };
  let timer = null;
  find.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => fill().catch((e) => say(status, e.message, 'error')), 200);
  });
  await fill();
}

// Whether this station's customers and trials have reached the stores' server, in plain words.
function showSync(line, sync) {
  line.hidden = !sync;
  if (!sync) return;
  const waiting = sync.waiting || 0;
  const changes = `${waiting} change${waiting === 1 ? '' : 's'}`;
  if (sync.reachable) {
    const at = sync.last_sync_at ? ` (last ${dateTime(sync.last_sync_at)})` : '';
    line.textContent = waiting === 0
      ? `In step with the stores' server${at}.`
      : `Connected to the stores' server; ${changes} made here are being sent${at}.`;
    line.dataset.kind = 'ok';
  } else {
    line.textContent = `The stores' server cannot be reached (${sync.error || 'no answer'}). ` +
      `This station keeps working: ${changes} wait here and are sent when it is back.`;
    line.dataset.kind = 'warn';
  }
}

function massInput(id) {
  return h('input', { id, name: 'body_mass_kg', type: 'number', min: 20, max: 300, step: 0.5,
    inputmode: 'decimal', autocomplete: 'off', 'data-testid': id });
}

// Kilograms from an input, or null when left empty.
function massValue(input) {
  const v = input.value.trim();
  return v === '' ? null : Number(v);
}

// The customer's body mass, and a way to give or change it before the next trial.
function bodyMassLine(view) {
  const line = h('p', { 'data-testid': 'customer-mass-line' });
  const input = massInput('customer-mass-edit');
  const save = h('button', { type: 'button', class: 'no-print' }, 'Save');
  const show = () => {
    const kg = view.customer.body_mass_kg;
    clear(line);
    line.append(Number.isFinite(kg)
      ? `Body mass ${fmt(kg, 1)} kg: loading rate per body weight uses it. `
      : 'Body mass not given: loading rate per body weight uses an estimate from the steps. ',
    h('label', { for: 'customer-mass-edit', class: 'no-print' }, 'Body mass (kg) '), input, ' ', save);
  };
  save.addEventListener('click', async () => {
    try {
      const { customer } = await api.put(`/api/customers/${view.id}/body-mass`, { body_mass_kg: massValue(input) });
      view.customer = customer;
      input.value = '';
      show();
      say(view.status, 'Body mass saved: it counts from the next trial.', 'ok');
    } catch (e) {
      say(view.status, e.message, 'error');
    }
  });
  show();
  return line;
}

// ---- one customer: trials and comparison ----------------------------------------------------

async function showCustomer(section, id, mine) {
  const status = h('p', { role: 'status', class: 'status-line no-print', 'data-testid': 'fitting-status' });
  let data;
  try {
    data = await api.get(`/api/customers/${encodeURIComponent(id)}`);
  } catch (e) {
    section.append(h('p', {}, h('a', { href: '#/fitting' }, '← Customers')),
      h('p', { role: 'alert' }, e.status === 404 ? 'This customer no longer exists.' : e.message));
    return;
  }
  if (mine !== token) return;
  const customer = data.customer;
  const view = { section, id, customer, status, trials: data.trials || [], mine };
  section.append(
    h('p', { class: 'no-print' }, h('a', { href: '#/fitting' }, '← Customers')),
    h('h2', { id: 'fitting-title', 'data-testid': 'customer-title' }, `Fitting for ${customer.name}`),
    status);
  section.append(bodyMassLine(view));
  view.trialBox = h('section', { class: 'card no-print', 'data-testid': 'trial-box' });
  view.trialList = h('section', { class: 'card no-print', 'data-testid': 'trial-list' });
  view.comparison = h('section', { class: 'card comparison', 'data-testid': 'comparison', 'aria-labelledby': 'comparison-title' });
  section.append(view.trialBox, view.trialList, view.comparison, deleteCustomerBox(view));
  buildTrialForm(view);
  renderTrials(view);
  await refreshComparison(view);
  watchTrials(view);
}

function buildTrialForm(view) {
  const shoe = h('input', { id: 'trial-shoe', required: true, maxlength: 80, autocomplete: 'off',
    'data-testid': 'trial-shoe', placeholder: 'e.g. Brooks Ghost 16, EU 42' });
  const target = h('input', { id: 'trial-target', type: 'number', min: 5, max: 300, step: 1, value: 30,
    'data-testid': 'trial-target' });
  const start = h('button', { type: 'submit', class: 'primary', 'data-testid': 'trial-start' }, 'Start trial');
  const form = h('form', {},
    h('h3', {}, 'Try a shoe'),
    h('p', { class: 'hint' }, 'Put the insoles in the shoe, let the customer run at an easy pace on the treadmill, then start.'),
    h('div', { class: 'field-row' },
      h('div', { class: 'field' }, h('label', { for: 'trial-shoe' }, 'Shoe being tried'), shoe),
      h('div', { class: 'field narrow' }, h('label', { for: 'trial-target' }, 'Length (seconds)'), target)),
    start);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!shoe.value.trim()) {
      say(view.status, 'Enter the shoe being tried.', 'error');
      return;
    }
    start.disabled = true;
    try {
      await api.post(`/api/customers/${view.id}/trials`, { shoe: shoe.value.trim(), target_s: Number(target.value) || 30 });
      say(view.status, `Recording ${shoe.value.trim()}…`, 'info');
      shoe.value = '';
      checkActive(view);
    } catch (e) {
      say(view.status, e.status === 409 ? `Cannot start: ${e.message}` : e.message, 'error');
    } finally {
      start.disabled = false;
    }
  });
  view.form = form;
  view.progress = h('div', { class: 'trial-progress', 'data-testid': 'trial-progress', hidden: true });
  clear(view.trialBox).append(form, view.progress);
}

function watchTrials(view) {
  checkActive(view);
  poll = setInterval(() => checkActive(view), 400);
}

async function checkActive(view) {
  if (view.mine !== token || view.checking) return;
  view.checking = true;
  try {
    const { trial } = await api.get('/api/trials/active');
    if (view.mine !== token) return;
    if (trial && String(trial.customer_id) === String(view.id)) showProgress(view, trial);
    else if (view.active) {
      // The trial ended elsewhere (stopped by the daemon or another page): show its result.
      const ended = view.active;
      view.active = null;
      hideProgress(view);
      await afterTrial(view, ended.id);
    } else if (trial) {
      view.form.hidden = false;
      say(view.status, `Another customer's trial is recording (${trial.shoe}); wait for it to end.`, 'warn');
    }
  } catch (e) {
    say(view.status, e.message, 'error');
  } finally {
    view.checking = false;
  }
}

function showProgress(view, trial) {
  if (view.stopping === trial.id) return;
  const first = !view.active || view.active.id !== trial.id;
  view.active = trial;
  view.form.hidden = true;
  const p = view.progress;
  if (first) {
    const stop = h('button', { type: 'button', class: 'primary', 'data-testid': 'trial-stop' }, 'Stop now');
    stop.addEventListener('click', () => stopTrial(view, trial.id));
    const maps = h('div', { class: 'feet small' });
    clear(p).append(
      h('h3', {}, `Recording: ${trial.shoe}`),
      h('progress', { max: trial.target_s, value: 0, 'data-testid': 'trial-progress-bar', 'aria-label': 'Trial progress' }),
      h('p', { class: 'progress-text', 'data-testid': 'trial-progress-text' }),
      maps, stop);
    p.hidden = false;
    if (!feedHeld) feed.acquire();
    feedHeld = true;
    liveMaps = new LiveMaps(maps, { height: 240, idPrefix: 'trial' });
    liveMaps.start();
  }
  p.querySelector('progress').value = Math.min(trial.elapsed_s, trial.target_s);
  const steps = trial.steps || {};
  p.querySelector('.progress-text').textContent =
    `${fmt(trial.elapsed_s, 0, 's')} of ${fmt(trial.target_s, 0, 's')} · steps: left ${steps.L || 0}, right ${steps.R || 0}`;
  if (trial.elapsed_s >= trial.target_s) stopTrial(view, trial.id);
}

function hideProgress(view) {
  view.progress.hidden = true;
  view.form.hidden = false;
  if (liveMaps) liveMaps.stop();
  liveMaps = null;
  if (feedHeld) feed.release();
  feedHeld = false;
}

async function stopTrial(view, trialId) {
  if (view.stopping === trialId) return;
  view.stopping = trialId;
  say(view.status, 'Analysing the trial…', 'info');
  try {
    await api.post(`/api/trials/${trialId}/stop`);
  } catch (e) {
    if (e.status !== 404 && e.status !== 409) say(view.status, e.message, 'error');
  }
  view.active = null;
  hideProgress(view);
  await afterTrial(view, trialId);
}

async function afterTrial(view, trialId) {
  const data = await api.get(`/api/customers/${view.id}`);
  if (view.mine !== token) return;
  view.trials = data.trials || [];
  const t = view.trials.find((x) => String(x.id) === String(trialId));
  say(view.status, t ? `${t.shoe} recorded. How does it feel? Rate it below (1 = bad, 10 = great).` : 'Trial ended.', 'ok');
  renderTrials(view);
  await refreshComparison(view);
  const select = view.trialList.querySelector(`[data-trial-id="${trialId}"] select`);
  if (select) select.focus();
}

function renderTrials(view) {
  const box = clear(view.trialList);
  box.append(h('h3', {}, 'Shoes tried'));
  if (view.trials.length === 0) {
    box.append(h('p', {}, 'No trials yet.'));
    return;
  }
  const body = h('tbody');
  for (const t of view.trials) {
    const sel = h('select', { id: `comfort-${t.id}`, 'data-testid': `comfort-${t.id}` },
      h('option', { value: '' }, 'not rated'),
      Array.from({ length: 10 }, (_, i) => h('option', { value: i + 1, selected: t.comfort === i + 1 }, `${i + 1} / 10`)));
    sel.addEventListener('change', async () => {
      if (!sel.value) return;
      try {
        await api.put(`/api/trials/${t.id}`, { comfort: Number(sel.value) });
        t.comfort = Number(sel.value);
        say(view.status, `Comfort of ${t.shoe}: ${sel.value} / 10 saved.`, 'ok');
        await refreshComparison(view);
      } catch (e) {
        say(view.status, e.message, 'error');
      }
    });
    const del = h('button', { type: 'button', class: 'quiet', 'data-testid': `trial-delete-${t.id}` }, `Remove`);
    del.addEventListener('click', async () => {
      await api.del(`/api/trials/${t.id}`);
      view.trials = view.trials.filter((x) => x.id !== t.id);
      renderTrials(view);
      await refreshComparison(view);
    });
    const steps = t.result ? stepsOf(t.result) : '–';
    body.append(h('tr', { 'data-trial-id': t.id, 'data-testid': 'trial-row' },
      h('th', { scope: 'row' }, t.shoe),
      h('td', {}, fmt(t.duration_s, 0, 's')),
      h('td', {}, steps),
      h('td', {}, h('label', { for: `comfort-${t.id}`, class: 'visually-hidden' }, `Comfort of ${t.shoe}`), sel),
      h('td', {}, del)));
  }
  box.append(h('table', { class: 'list' }, h('thead', {}, h('tr', {},
    h('th', { scope: 'col' }, 'Shoe'), h('th', { scope: 'col' }, 'Recorded'),
    h('th', { scope: 'col' }, 'Steps left / right'), h('th', { scope: 'col' }, 'Comfort (customer)'),
    h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove')))), body));
}

function stepsOf(result) {
  const f = (s) => {
    const feet = result.feet;
    const foot = feet ? (Array.isArray(feet) ? feet[s === 'L' ? 0 : 1] : feet[s]) : result[s];
    return foot ? foot.steps : 0;
  };
  return `${f('L')} / ${f('R')}`;
}

async function refreshComparison(view) {
  const box = view.comparison;
  if (view.trials.length === 0) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  let cmp;
  try {
    cmp = await api.get(`/api/customers/${view.id}/comparison`);
  } catch (e) {
    clear(box).append(h('p', { role: 'alert' }, 'The comparison could not be made: ' + e.message));
    return;
  }
  if (view.mine !== token) return;
  renderComparison(box, cmp, view.customer);
}

function deleteCustomerBox(view) {
  const box = h('section', { class: 'card danger no-print' }, h('h3', {}, 'Delete this customer'),
    h('p', {}, `Removes ${view.customer.name}, every trial of theirs and the pressure recordings of those trials from this computer, for good.`));
  const ask = h('button', { type: 'button', 'data-testid': 'customer-delete' }, `Delete ${view.customer.name}…`);
  const yes = h('button', { type: 'button', class: 'danger', hidden: true, 'data-testid': 'customer-delete-confirm' },
    `Yes, delete ${view.customer.name} and their trials`);
  const no = h('button', { type: 'button', hidden: true }, 'Keep');
  ask.addEventListener('click', () => { ask.hidden = true; yes.hidden = false; no.hidden = false; yes.focus(); });
  no.addEventListener('click', () => { ask.hidden = false; yes.hidden = true; no.hidden = true; });
  yes.addEventListener('click', async () => {
    try {
      await api.del(`/api/customers/${view.id}`);
      window.location.hash = '#/fitting';
    } catch (e) {
      say(view.status, e.message, 'error');
    }
  });
  box.append(ask, yes, no);
  return box;
}
