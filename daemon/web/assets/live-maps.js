// Both feet's live heat maps, redrawn on animation frames whenever a new frame arrived, with
// the page's own measurement of updates per second and frame-to-screen latency.

import { feed } from './live-feed.js';
import { HeatMap, pressuresKpa } from './heatmap.js';
import { h } from './dom.js';

// Measured by whichever live map is on screen; read by the page and by the browser tests.
export const stats = { fps: 0, latencyMs: null, latencyMaxMs: null, draws: 0 };
window.insoleLiveStats = stats;

export class LiveMaps {
  // container: element to fill; size: canvas height in px.
  constructor(container, { height = 380, idPrefix = 'live' } = {}) {
    this.maps = {};
    this.container = container;
    this.running = false;
    this.seenVersion = -1;
    this.drawTimes = [];
    this.latencies = [];
    const width = Math.round(height * 0.5);
    for (const side of ['L', 'R']) {
      const canvas = h('canvas', {
        width, height, id: `${idPrefix}-heatmap-${side}`, 'data-testid': `${idPrefix}-heatmap-${side}`,
        role: 'img', 'aria-label': `${side === 'L' ? 'Left' : 'Right'} insole pressure map`,
      });
      this.maps[side] = new HeatMap(canvas, side);
      container.appendChild(h('figure', { class: 'foot' }, canvas,
        h('figcaption', {}, side === 'L' ? 'Left' : 'Right')));
    }
    this.tick = this.tick.bind(this);
  }

  start() {
    if (this.running) return;
    this.running = true;
    requestAnimationFrame(this.tick);
  }

  stop() {
    this.running = false;
  }

  tick() {
    if (!this.running) return;
    requestAnimationFrame(this.tick);
    if (feed.version === this.seenVersion) {
      this.updateStats(performance.now());
      return;
    }
    this.seenVersion = feed.version;
    for (const side of ['L', 'R']) {
      const foot = feed.feet[side];
      const map = this.maps[side];
      if (foot.layout && map.layout !== foot.layout) map.setLayout(foot.layout);
      if (!map.layout) continue;
      const p = foot.forces ? pressuresKpa(foot.forces, foot.layout.sensels) : null;
      map.draw(p, foot.path, foot.cop);
      map.canvas.dataset.frames = String(foot.frames);
    }
    const now = performance.now();
    this.drawTimes.push(now);
    if (feed.lastFrameMs) this.latencies.push([now, Date.now() - feed.lastFrameMs]);
    stats.draws++;
    this.updateStats(now);
  }

  updateStats(now) {
    while (this.drawTimes.length && this.drawTimes[0] < now - 1000) this.drawTimes.shift();
    while (this.latencies.length && this.latencies[0][0] < now - 1000) this.latencies.shift();
    stats.fps = this.drawTimes.length;
    if (this.latencies.length) {
      const l = this.latencies.map((x) => x[1]);
      stats.latencyMs = l.reduce((a, b) => a + b, 0) / l.length;
      stats.latencyMaxMs = Math.max(...l);
    } else {
      stats.latencyMs = null;
      stats.latencyMaxMs = null;
    }
  }
}
