// Shared harness of the browser tests: simulated insoles, insoled with its web dashboard, and
// Debian's headless Chromium driven by playwright-core. Everything started here is stopped and
// every temporary directory removed when the test ends, passes or fails. Every wait has a
// timeout; nothing sleeps a fixed time to let something start.
//
// Arguments (CTest passes them; environment variables as a fallback):
//   --insoled PATH      INSOLE_INSOLED   the daemon
//   --fw PATH           INSOLE_FW        the host-firmware simulator (insole-fw-host)
//   --source-dir DIR    INSOLE_SOURCE    the repository (scenarios, web assets)
//   --out DIR           INSOLE_TEST_OUT  where screenshots and logs go
//   --chromium PATH     CHROMIUM         default /usr/bin/chromium
//   --web-assets DIR    INSOLE_WEB_ASSETS  serve the dashboard from DIR instead of the compiled
//                       copy (default: none, i.e. what the daemon has compiled in)

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function parseArgs(argv = process.argv.slice(2)) {
  const opts = {
    insoled: process.env.INSOLE_INSOLED,
    fw: process.env.INSOLE_FW,
    sourceDir: process.env.INSOLE_SOURCE,
    out: process.env.INSOLE_TEST_OUT,
    chromium: process.env.CHROMIUM || '/usr/bin/chromium',
    webAssets: process.env.INSOLE_WEB_ASSETS,
    insolectl: process.env.INSOLE_INSOLECTL,
  };
  const names = { '--insoled': 'insoled', '--fw': 'fw', '--source-dir': 'sourceDir', '--out': 'out',
    '--chromium': 'chromium', '--web-assets': 'webAssets', '--insolectl': 'insolectl',
    '--insole-history': 'insoleHistory' };
  for (let i = 0; i < argv.length; ++i) {
    const key = names[argv[i]];
    if (!key || i + 1 >= argv.length) throw new Error(`unknown or incomplete argument ${argv[i]}`);
    opts[key] = argv[++i];
  }
  for (const k of ['insoled', 'fw', 'sourceDir', 'out']) {
    if (!opts[k]) throw new Error(`missing --${k === 'sourceDir' ? 'source-dir' : k} (see tests/browser/harness.mjs)`);
  }
  for (const k of ['insoled', 'fw', 'chromium']) {
    if (!fs.existsSync(opts[k])) throw new Error(`${k} not found at ${opts[k]}`);
  }
  fs.mkdirSync(opts.out, { recursive: true });
  return opts;
}

// ---- waiting ------------------------------------------------------------------------------------

export async function waitFor(what, fn, { timeoutMs = 10000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function check(cond, message) {
  if (!cond) throw new Error(message);
}

// ---- processes ----------------------------------------------------------------------------------

// A child process whose stdout and stderr lines are kept (and written to a log file), with
// waits for a matching line and for its exit.
class Proc {
  constructor(name, cmd, args, logDir) {
    this.name = name;
    this.lines = [];
    this.waiters = [];
    this.exited = null;
    this.log = fs.createWriteStream(path.join(logDir, `${name}.log`));
    this.log.write(`$ ${cmd} ${args.join(' ')}\n`);
    this.child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const [stream, tag] of [[this.child.stdout, 'out'], [this.child.stderr, 'err']]) {
      createInterface({ input: stream }).on('line', (line) => this.onLine(tag, line));
    }
    this.exitPromise = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {  // after its output is read
        this.exited = { code, signal };
        this.log.write(`[exit code ${code} signal ${signal}]\n`);
        for (const w of this.waiters) w.reject(new Error(`${this.name} exited (code ${code}, signal ${signal}) while waiting for ${w.what}; its log: ${this.tail()}`));
        this.waiters = [];
        resolve(this.exited);
      });
      this.child.on('error', (e) => {
        this.exited = { code: -1, signal: null, error: e };
        resolve(this.exited);
      });
    });
  }

  onLine(tag, line) {
    this.lines.push(line);
    this.log.write(`${tag}: ${line}\n`);
    this.waiters = this.waiters.filter((w) => {
      const m = line.match(w.re);
      if (m) w.resolve(m);
      return !m;
    });
  }

  tail(n = 15) {
    return '\n  ' + this.lines.slice(-n).join('\n  ');
  }

  // Resolves with the match of the first line (already seen or to come) matching re.
  waitLine(re, what, timeoutMs) {
    for (const line of this.lines) {
      const m = line.match(re);
      if (m) return Promise.resolve(m);
    }
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited; wanted ${what}: ${this.tail()}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${this.name} to log ${what}; its log: ${this.tail()}`));
      }, timeoutMs);
      const w = {
        re, what,
        resolve: (m) => { clearTimeout(timer); resolve(m); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      };
      this.waiters.push(w);
    });
  }

  async waitExit(timeoutMs) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${timeoutMs} ms: ${this.tail()}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exitPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(timeoutMs = 5000) {
    if (this.exited) return this.exited;
    this.child.kill('SIGTERM');
    try {
      return await this.waitExit(timeoutMs);
    } catch (e) {
      this.child.kill('SIGKILL');
      return this.waitExit(2000).catch(() => null);
    }
  }
}

// ---- the test environment ---------------------------------------------------------------------

export class Harness {
  constructor(name, opts) {
    this.name = name;
    this.opts = opts;
    this.procs = [];
    this.cleanups = [];
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `insole-${name}-`));
    this.logDir = path.join(opts.out, `${name}-logs`);
    fs.rmSync(this.logDir, { recursive: true, force: true });
    fs.mkdirSync(this.logDir, { recursive: true });
    fs.rmSync(path.join(opts.out, `${name}-failure.png`), { force: true });  // from an earlier run
    this.db = path.join(this.tmp, 'insole.db');
  }

  spawn(name, cmd, args) {
    const p = new Proc(name, cmd, args, this.logDir);
    this.procs.push(p);
    return p;
  }

  scenario(name) {
    return path.join(this.opts.sourceDir, 'hw', 'scenarios', `${name}.json`);
  }

  // Starts a simulated insole; resolves with its pty once it prints "link /dev/pts/N".
  async startInsole(side, seed, scenario) {
    const p = this.spawn(`insole-${side}`, this.opts.fw,
      ['--side', side, '--seed', String(seed), '--scenario', this.scenario(scenario)]);
    const m = await p.waitLine(/^link (\S+)/, '"link PTY"', 15000);
    return m[1];
  }

  async startInsoles(scenario = 'rearfoot-neutral-easy-run') {
    const left = await this.startInsole('L', 1, scenario);
    const right = await this.startInsole('R', 2, scenario);
    this.devices = [left, right];
    return this.devices;
  }

  deviceArgs() {
    return (this.devices || []).flatMap((d) => ['--device', `serial:${d}`]);
  }

  // Records one run of `seconds` into the database and waits for insoled to exit.
  async recordRun(seconds) {
    const p = this.spawn('insoled-record', this.opts.insoled,
      ['--db', this.db, ...this.deviceArgs(), '--duration', String(seconds), '--log-style', 'terminal']);
    const { code, signal } = await p.waitExit((seconds + 30) * 1000);
    check(code === 0, `insoled --duration ${seconds} exited with code ${code} signal ${signal}: ${p.tail()}`);
  }

  // Simulated weeks of running into the test's database (tests/validation/history_sim.cc):
  // `insole_history write --db DB ...args`; fails the test when it fails.
  async writeHistory(args, timeoutMs) {
    check(this.opts.insoleHistory, 'this test needs --insole-history');
    const p = this.spawn('insole_history', this.opts.insoleHistory, ['write', '--db', this.db, '--truth',
      path.join(this.tmp, 'truth.json'), ...args]);
    const { code, signal } = await p.waitExit(timeoutMs);
    check(code === 0, `insole_history exited with code ${code} signal ${signal}: ${p.tail()}`);
    return JSON.parse(fs.readFileSync(path.join(this.tmp, 'truth.json'), 'utf8'));
  }

  // insolectl on the test's database (e.g. shoes add ...); fails the test when it fails.
  // Resolves with what it printed (stdout and stderr lines, joined).
  async insolectl(args) {
    check(this.opts.insolectl, 'this test needs --insolectl');
    const p = this.spawn('insolectl', this.opts.insolectl, ['--db', this.db, ...args]);
    const { code } = await p.waitExit(30000);
    check(code === 0, `insolectl ${args.join(' ')} exited with code ${code}: ${p.tail()}`);
    return p.lines.join('\n');
  }

  // Starts insoled with the dashboard on a free loopback port; resolves with its base URL.
  async startDaemon(extra = []) {
    const args = ['--db', this.db, ...this.deviceArgs(), '--web', '127.0.0.1:0', '--log-style', 'terminal', ...extra];
    if (this.opts.webAssets) args.push('--web-assets', this.opts.webAssets);
    this.daemon = this.spawn('insoled', this.opts.insoled, args);
    const m = await this.daemon.waitLine(/web dashboard on (http:\/\/\S+?)\/?$/, '"web dashboard on http://..."', 20000);
    this.url = m[1].replace(/\/$/, '') + '/';
    return this.url;
  }

  // Debian's Chromium, headless, with a fresh profile in the temporary directory.
  async launchBrowser() {
    let chromium;
    try {
      ({ chromium } = require('playwright-core'));
    } catch (e) {
      throw new Error('playwright-core is not installed: run "npm ci" in tests/browser (scripts/setup does)');
    }
    // A first Chromium start on a fresh machine sometimes hangs (CI: no page after 120 s, while
    // the next two tests started theirs in seconds). Each attempt gets 45 s and a fresh
    // profile; after three, the test fails with the last error.
    let lastError;
    for (let attempt = 1; attempt <= 3 && !this.context; ++attempt) {
      const profile = path.join(this.tmp, `chromium-profile-${attempt}`);
      fs.mkdirSync(profile);
      try {
        this.context = await chromium.launchPersistentContext(profile, {
          executablePath: this.opts.chromium,
          headless: true,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync',
            '--disable-quic'],
          viewport: { width: 1280, height: 900 },
          timeout: 45000,
        });
      } catch (e) {
        lastError = e;
        console.log(`  chromium launch attempt ${attempt} failed: ${e.message.split('\n')[0]}`);
      }
    }
    if (!this.context) throw lastError;
    this.context.setDefaultTimeout(15000);
    this.page = this.context.pages()[0] || (await this.context.newPage());
    this.consoleErrors = [];
    const browserLog = fs.createWriteStream(path.join(this.logDir, 'browser-console.log'));
    this.page.on('console', (msg) => {
      browserLog.write(`${msg.type()}: ${msg.text()}\n`);
      // A 4xx answer is logged by Chromium as an error; the tests ask for some on purpose
      // (a deleted customer) and the page shows them in words. 5xx answers count (below).
      if (msg.type() === 'error' && !/Failed to load resource: .* status of 4\d\d/.test(msg.text())) {
        this.consoleErrors.push(msg.text());
      }
    });
    this.page.on('pageerror', (e) => {
      browserLog.write(`pageerror: ${e.message}\n`);
      this.consoleErrors.push(e.message);
    });
    this.page.on('response', (res) => {
      if (res.status() >= 500) this.consoleErrors.push(`${res.status()} from ${res.url()}`);
    });
    // The page must load nothing from the network: every request goes to the daemon.
    this.foreignRequests = [];
    this.page.on('request', (req) => {
      const u = req.url();
      if (!u.startsWith(this.url) && !u.startsWith(this.url.replace(/^http/, 'ws')) && !u.startsWith('data:')) {
        this.foreignRequests.push(u);
      }
    });
    return this.page;
  }

  async screenshot(name, opts = {}) {
    const file = path.join(this.opts.out, `${this.name}-${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true, ...opts });
    console.log(`  screenshot ${file}`);
    return file;
  }

  async cleanup() {
    if (this.context) await this.context.close().catch(() => {});
    // The daemon first (it closes the run), then the insoles.
    for (const p of [...this.procs].reverse()) await p.stop();
    for (const f of this.cleanups) await f();
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}

// Runs a test: fn(harness) with an overall time limit; prints PASS or FAIL with the reason,
// cleans up, and sets the exit code.
export async function run(name, fn, { timeoutMs = 240000 } = {}) {
  let harness = null;
  let timer;
  const started = Date.now();
  let failed = null;
  const onSignal = async () => {
    if (harness) await harness.cleanup().catch(() => {});
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const opts = parseArgs();
    harness = new Harness(name, opts);
    await Promise.race([
      fn(harness),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the whole test took longer than ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
    if (harness.consoleErrors && harness.consoleErrors.length) {
      throw new Error(`the page logged errors: ${harness.consoleErrors.join(' | ')}`);
    }
    if (harness.foreignRequests && harness.foreignRequests.length) {
      throw new Error(`the page asked for something outside insoled: ${harness.foreignRequests.join(', ')}`);
    }
  } catch (e) {
    failed = e;
    if (harness && harness.page) await harness.screenshot('failure').catch(() => {});
  } finally {
    clearTimeout(timer);
    if (harness) await harness.cleanup().catch((e) => console.error(`cleanup: ${e.message}`));
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (failed) {
    console.error(`FAIL ${name} (${secs} s): ${failed.message}`);
    if (harness) console.error(`  logs in ${harness.logDir}`);
    process.exitCode = 1;
  } else {
    console.log(`PASS ${name} (${secs} s)`);
  }
  // Everything is stopped; do not wait for stray timers.
  process.exit(process.exitCode || 0);
}
