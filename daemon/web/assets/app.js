// The page's router: #/live, #/runs, #/runs/ID, #/shoes, #/fitting, #/fitting/ID.
// Each view module exports show(section, param) and hide(section).

import * as live from './live.js';
import * as runs from './runs.js';
import * as shoes from './shoes.js';
import * as fitting from './fitting.js';
import { api } from './api.js';
import { say } from './dom.js';

const VIEWS = { live, runs, shoes, fitting };
let current = null;

function parseHash() {
  const parts = window.location.hash.replace(/^#\/?/, '').split('/');
  const name = VIEWS[parts[0]] ? parts[0] : 'live';
  return { name, param: parts[1] ? decodeURIComponent(parts[1]) : null };
}

function route() {
  const { name, param } = parseHash();
  if (current && current !== name) {
    VIEWS[current].hide(document.getElementById('view-' + current));
  }
  for (const a of document.querySelectorAll('[data-tab]')) {
    if (a.dataset.tab === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  for (const n of Object.keys(VIEWS)) {
    document.getElementById('view-' + n).hidden = n !== name;
  }
  current = name;
  const section = document.getElementById('view-' + name);
  Promise.resolve(VIEWS[name].show(section, param)).catch((e) => {
    console.error(e);
    say(document.getElementById('connection'), 'Something went wrong: ' + e.message, 'error');
  });
}

// The header's status line: the daemon's version and how many insoles stream.
async function heartbeat() {
  const el = document.getElementById('connection');
  try {
    const s = await api.get('/api/status');
    const streaming = (s.devices || []).filter((d) => d.state === 'streaming').length;
    const insoles = streaming === 1 ? '1 insole streaming' : `${streaming} insoles streaming`;
    say(el, `insoled ${s.daemon ? s.daemon.version : ''} · ${insoles}`, streaming ? 'ok' : 'warn');
  } catch (e) {
    say(el, e.message, 'error');
  }
}

window.addEventListener('hashchange', route);
route();
heartbeat();
setInterval(heartbeat, 5000);
