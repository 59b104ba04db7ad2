// Small SVG charts: lines over x, grouped bars, and values with confidence intervals.
// Each returns an <svg> with a <title> (its accessible name) and axis labels with units.

const NS = 'http://www.w3.org/2000/svg';
export const SERIES_COLOURS = { L: '#2f6fd0', R: '#d2553a', A: '#2f6fd0', B: '#d2553a', C: '#3a9a5a' };

function svg(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function frame(width, height, title, testid) {
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'chart',
  });
  if (testid) root.setAttribute('data-testid', testid);
  root.appendChild(svg('title', {}, title));
  root.appendChild(svg('text', { x: 4, y: 14, class: 'chart-title' }, title));
  return root;
}

// Round numbers for axis ticks between lo and hi.
function ticks(lo, hi, count) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) || raw;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
    out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return out;
}

// Tick labels with as many decimals as the tick step needs (0.5 -> "168.5", 2.5 -> "12.5").
function tickText(t, list) {
  let decimals = 0;
  if (list && list.length > 1) {
    const step = Math.abs(list[1] - list[0]);
    while (decimals < 4 && Math.abs(step * 10 ** decimals - Math.round(step * 10 ** decimals)) > 1e-6) decimals++;
  } else if (!Number.isInteger(t)) {
    return String(Number(t.toPrecision(3)));
  }
  return t.toFixed(decimals);
}

function extent(values, includeZero) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (includeZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (hi === lo) {
    hi += Math.abs(hi) * 0.1 || 1;
    lo -= Math.abs(lo) * 0.1 || 1;
  }
  const pad = (hi - lo) * 0.08;
  return [includeZero && lo === 0 ? 0 : lo - pad, hi + pad];
}

function axes(root, box, xScale, yScale, xTicks, yTicks, opts) {
  const { x0, x1, y0, y1 } = box;
  const g = svg('g', { class: 'axes' });
  for (const t of yTicks) {
    const y = yScale(t);
    g.appendChild(svg('line', { x1: x0, x2: x1, y1: y, y2: y, class: 'grid' }));
    g.appendChild(svg('text', { x: x0 - 6, y: y + 4, 'text-anchor': 'end' }, tickText(t, yTicks)));
  }
  if (xTicks) {
    for (const t of xTicks) {
      const x = xScale(t);
      g.appendChild(svg('line', { x1: x, x2: x, y1: y0, y2: y0 + 4, class: 'tick' }));
      const anchor = x > x1 - 30 ? 'end' : x < x0 + 30 ? 'start' : 'middle';
      g.appendChild(svg('text', { x: anchor === 'end' ? x + 4 : anchor === 'start' ? x - 4 : x, y: y0 + 16, 'text-anchor': anchor },
        opts.xFormat ? opts.xFormat(t) : tickText(t, xTicks)));
    }
  }
  g.appendChild(svg('line', { x1: x0, x2: x1, y1: y0, y2: y0, class: 'axis' }));
  g.appendChild(svg('line', { x1: x0, x2: x0, y1: y0, y2: y1, class: 'axis' }));
  if (opts.yLabel) {
    g.appendChild(svg('text', { x: x0, y: y1 - 8, class: 'axis-label' }, opts.yLabel));
  }
  if (opts.xLabel) {
    g.appendChild(svg('text', { x: x1, y: y0 + 32, 'text-anchor': 'end', class: 'axis-label' },
      opts.xLabel));
  }
  root.appendChild(g);
}

// Keys on the right of the second line, under the title.
function legend(root, items, right, y) {
  const widths = items.map(({ label }) => 26 + 6.5 * label.length);
  let cx = right - widths.reduce((a, b) => a + b, 0);
  for (const { label, colour } of items) {
    root.appendChild(svg('rect', { x: cx, y: y - 9, width: 12, height: 12, fill: colour, rx: 2 }));
    const t = svg('text', { x: cx + 16, y: y + 1, class: 'legend' }, label);
    root.appendChild(t);
    cx += widths.shift();
  }
}

// series: [{label, colour, points: [[x, y], ...]}]. opts: title, xLabel, yLabel, width,
// height, xFormat, dots, band: [lo, hi] shaded on y (e.g. a normal range), includeZero,
// refLines: [{y, label, colour}] dashed reference lines (e.g. a limit), xTicks: where to put
// the x labels (default: round numbers).
export function lineChart(series, opts) {
  const width = opts.width || 560;
  const height = opts.height || 240;
  const root = frame(width, height, opts.title, opts.testid);
  const box = { x0: 56, x1: width - 22, y0: height - 40, y1: 46 };
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  if (opts.band) ys.push(...opts.band);
  for (const r of opts.refLines || []) ys.push(r.y);
  const [xLo, xHi] = extent(xs, false);
  const [yLo, yHi] = extent(ys, opts.includeZero);
  const xMin = Math.min(...xs.filter(Number.isFinite));
  const xMax = Math.max(...xs.filter(Number.isFinite));
  const xa = Number.isFinite(xMin) && xMax > xMin ? xMin : xLo;
  const xb = Number.isFinite(xMax) && xMax > xMin ? xMax : xHi;
  const xScale = (x) => box.x0 + ((x - xa) / (xb - xa)) * (box.x1 - box.x0);
  const yScale = (y) => box.y0 - ((y - yLo) / (yHi - yLo)) * (box.y0 - box.y1);
  if (opts.band) {
    const [bl, bh] = opts.band;
    root.appendChild(svg('rect', {
      x: box.x0, width: box.x1 - box.x0, y: yScale(bh), height: yScale(bl) - yScale(bh),
      class: 'band',
    }));
  }
  axes(root, box, xScale, yScale, opts.xTicks || ticks(xa, xb, 6), ticks(yLo, yHi, 4), opts);
  for (const r of opts.refLines || []) {
    root.appendChild(svg('line', { x1: box.x0, x2: box.x1, y1: yScale(r.y), y2: yScale(r.y),
      stroke: r.colour, 'stroke-dasharray': '5 4', 'stroke-width': 1.5 }));
    root.appendChild(svg('text', { x: box.x0 + 4, y: yScale(r.y) - 4, fill: r.colour, class: 'ref-label' }, r.label));
  }
  for (const s of series) {
    const pts = s.points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
    if (pts.length === 0) continue;
    const d = pts.map((p, i) => `${i ? 'L' : 'M'}${xScale(p[0]).toFixed(1)},${yScale(p[1]).toFixed(1)}`);
    root.appendChild(svg('path', {
      d: d.join(''), fill: 'none', stroke: s.colour, 'stroke-width': 2, class: 'series',
      'stroke-linejoin': 'round',
    }));
    if (opts.dots || pts.length < 30) {
      for (const p of pts) {
        root.appendChild(svg('circle', { cx: xScale(p[0]), cy: yScale(p[1]), r: 3, fill: s.colour }));
      }
    }
  }
  legend(root, series.map((s) => ({ label: s.label, colour: s.colour })), box.x1, 32);
  return root;
}

// groups: [{label, values: {key: number}}]; keys: [{key, label, colour}]. Grouped bars.
export function barChart(groups, keys, opts) {
  const width = opts.width || 360;
  const height = opts.height || 230;
  const root = frame(width, height, opts.title, opts.testid);
  const box = { x0: 48, x1: width - 8, y0: height - 40, y1: 46 };
  const all = groups.flatMap((g) => keys.map((k) => g.values[k.key]));
  const [, hi] = extent(all, true);
  const yScale = (y) => box.y0 - (y / hi) * (box.y0 - box.y1);
  axes(root, box, null, yScale, null, ticks(0, hi, 4), opts);
  const groupW = (box.x1 - box.x0) / groups.length;
  const barW = Math.min(34, (groupW - 12) / keys.length);
  groups.forEach((g, gi) => {
    const start = box.x0 + gi * groupW + (groupW - barW * keys.length) / 2;
    keys.forEach((k, ki) => {
      const v = g.values[k.key];
      if (!Number.isFinite(v)) return;
      const x = start + ki * barW;
      root.appendChild(svg('rect', {
        x: x + 1, width: barW - 2, y: yScale(v), height: box.y0 - yScale(v), fill: k.colour, rx: 2,
      }));
      root.appendChild(svg('text', { x: x + barW / 2, y: yScale(v) - 4, 'text-anchor': 'middle',
        class: 'bar-value' }, opts.valueFormat ? opts.valueFormat(v) : tickText(v)));
    });
    root.appendChild(svg('text', { x: box.x0 + gi * groupW + groupW / 2, y: box.y0 + 16,
      'text-anchor': 'middle' }, g.label));
  });
  legend(root, keys.map((k) => ({ label: k.label, colour: k.colour })), box.x1, 32);
  return root;
}

// rows: [{label, value, lo, hi, flagged}] drawn as a dot with its interval around zero.
// opts.band: |value| below it is "small" (shaded).
export function intervalChart(rows, opts) {
  const width = opts.width || 560;
  const rowH = 30;
  const height = 70 + rows.length * rowH;
  const root = frame(width, height, opts.title, opts.testid);
  const labelW = 230;
  const box = { x0: labelW, x1: width - 16, y0: height - 30, y1: 28 };
  const vals = rows.flatMap((r) => [r.value, r.lo, r.hi]).filter(Number.isFinite);
  const lim = Math.max(opts.band ? opts.band * 2 : 10, ...vals.map(Math.abs)) * 1.1;
  const xScale = (x) => box.x0 + ((x + lim) / (2 * lim)) * (box.x1 - box.x0);
  if (opts.band) {
    root.appendChild(svg('rect', { x: xScale(-opts.band), y: box.y1,
      width: xScale(opts.band) - xScale(-opts.band), height: box.y0 - box.y1, class: 'band' }));
  }
  for (const t of ticks(-lim, lim, 6)) {
    const x = xScale(t);
    root.appendChild(svg('line', { x1: x, x2: x, y1: box.y1, y2: box.y0, class: t === 0 ? 'axis' : 'grid' }));
    root.appendChild(svg('text', { x, y: box.y0 + 14, 'text-anchor': 'middle' },
      (t > 0 ? '+' : '') + tickText(t)));
  }
  root.appendChild(svg('text', { x: box.x1, y: height - 2, 'text-anchor': 'end', class: 'axis-label' },
    opts.xLabel || ''));
  rows.forEach((r, i) => {
    const y = box.y1 + 16 + i * rowH;
    root.appendChild(svg('text', { x: 4, y: y + 4, class: 'row-label' }, r.label));
    if (Number.isFinite(r.lo) && Number.isFinite(r.hi)) {
      root.appendChild(svg('line', { x1: xScale(r.lo), x2: xScale(r.hi), y1: y, y2: y,
        stroke: r.flagged ? '#c0392b' : '#555', 'stroke-width': 3, 'stroke-linecap': 'round' }));
    }
    if (Number.isFinite(r.value)) {
      root.appendChild(svg('circle', { cx: xScale(r.value), cy: y, r: 5.5,
        fill: r.flagged ? '#c0392b' : '#2f6fd0' }));
    }
  });
  return root;
}
