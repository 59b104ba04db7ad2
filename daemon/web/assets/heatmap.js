// Pressure heat map of one insole on a <canvas>: every sensel is a soft blob at its x,y (mm,
// foot frame: origin at the rearmost heel point, +y to the toes, +x medial) coloured by pressure
// in kPa, inside the outline of the insole, with a centre-of-pressure path. Pressure is a
// sensel's force over the insole area it stands for (the layout's area: for the product's
// pads, the part of the insole nearest each pad; docs/hardware.md).

// Top of the live view's fixed colour scale (a scale that moved with every frame would make
// colours unreadable). Simulated running peaks per sensel reach 450-720 kPa (heel about 480,
// forefoot about 715); published in-shoe running peaks lie at 200-700 kPa.
export const PRESSURE_MAX_KPA = 800;

// A colour-scale top that fits the pressures shown: their largest, rounded up to a step of 100
// kPa (50 below 200); the live maximum when there is nothing to fit.
export function fittedScaleKpa(values) {
  let top = 0;
  for (const v of values) if (Number.isFinite(v) && v > top) top = v;
  if (!(top > 0)) return PRESSURE_MAX_KPA;
  const step = top < 200 ? 50 : 100;
  return Math.ceil(top / step) * step;
}

// Colour stops from no pressure to the scale's top (and beyond): blue, cyan, green, yellow, red.
const STOPS = [
  [0.0, [235, 240, 248]],
  [0.08, [120, 170, 230]],
  [0.3, [40, 190, 190]],
  [0.5, [90, 200, 80]],
  [0.7, [250, 210, 40]],
  [0.85, [245, 120, 30]],
  [1.0, [200, 20, 40]],
];

export function pressureColour(kpa, maxKpa = PRESSURE_MAX_KPA) {
  const t = Math.max(0, Math.min(1, kpa / maxKpa));
  for (let i = 1; i < STOPS.length; ++i) {
    if (t <= STOPS[i][0]) {
      const [t0, c0] = STOPS[i - 1];
      const [t1, c1] = STOPS[i];
      const f = (t - t0) / (t1 - t0);
      return c0.map((c, k) => Math.round(c + f * (c1[k] - c)));
    }
  }
  return STOPS[STOPS.length - 1][1];
}

// Insole outline as (v = y / length, lateral u, medial u), u = x / width; the same stations as
// the hardware's outline (hw/geometry/src/sensel_layout.cc).
const OUTLINE = [
  [0.0, 0.0, 0.0], [0.02, -0.2, 0.2], [0.05, -0.28, 0.28], [0.1, -0.32, 0.31],
  [0.2, -0.34, 0.32], [0.3, -0.36, 0.31], [0.4, -0.4, 0.33], [0.5, -0.44, 0.38],
  [0.6, -0.48, 0.45], [0.66, -0.5, 0.48], [0.72, -0.49, 0.5], [0.8, -0.45, 0.49],
  [0.88, -0.36, 0.45], [0.94, -0.24, 0.4], [0.98, -0.06, 0.28], [1.0, 0.12, 0.12],
];

export class HeatMap {
  // canvas: the element; side: 'L' or 'R' (the left foot's medial side is drawn on the right,
  // as seen from above).
  constructor(canvas, side) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.side = side;
    this.layout = null;
    this.maxKpa = PRESSURE_MAX_KPA;
  }

  // The pressure drawn in the scale's top colour (maps compared side by side share one).
  setScale(maxKpa) {
    this.maxKpa = maxKpa > 0 ? maxKpa : PRESSURE_MAX_KPA;
  }

  setLayout(layout) {
    this.layout = layout;
    const len = layout.foot_length_mm;
    const width = layout.foot_width_mm || 0.38 * len;
    const margin = 8;
    const h = this.canvas.height - 2 * margin;
    const w = this.canvas.width - 2 * margin;
    this.scale = Math.min(h / len, w / (1.1 * width));
    this.cx = this.canvas.width / 2;
    this.baseY = this.canvas.height - margin - (h - len * this.scale) / 2;
    this.width = width;
    // Blob radius from the pad's area: a little wider than the pad so neighbours blend.
    this.radii = layout.sensels.map((s) => 1.1 * Math.sqrt(s[2] || 100) * this.scale);
  }

  // Canvas point of a foot-frame point in mm.
  toCanvas(x, y) {
    const mirror = this.side === 'R' ? -1 : 1;
    return [this.cx + mirror * x * this.scale, this.baseY - y * this.scale];
  }

  outlinePath() {
    const len = this.layout.foot_length_mm;
    const path = new Path2D();
    const pts = [];
    for (const [v, , um] of OUTLINE) pts.push(this.toCanvas(um * this.width, v * len));
    for (let i = OUTLINE.length - 1; i >= 0; --i) {
      const [v, ul] = OUTLINE[i];
      pts.push(this.toCanvas(ul * this.width, v * len));
    }
    path.moveTo(pts[0][0], pts[0][1]);
    // Smooth the outline through the midpoints of its stations.
    for (let i = 1; i < pts.length; ++i) {
      const [px, py] = pts[i - 1];
      const [x, y] = pts[i];
      path.quadraticCurveTo(px, py, (px + x) / 2, (py + y) / 2);
    }
    path.closePath();
    return path;
  }

  // pressures: kPa per sensel (or null for no data); cop: [[x,y],...] in mm; copNow: [x,y]|null.
  draw(pressures, cop, copNow) {
    const { ctx, canvas } = this;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!this.layout) return;
    const outline = this.outlinePath();
    ctx.fillStyle = '#f4f6fa';
    ctx.fill(outline);
    ctx.save();
    ctx.clip(outline);
    const sensels = this.layout.sensels;
    for (let i = 0; i < sensels.length; ++i) {
      const kpa = pressures ? pressures[i] : 0;
      if (!(kpa > 0.5)) continue;
      const [x, y] = this.toCanvas(sensels[i][0], sensels[i][1]);
      const r = this.radii[i];
      const [cr, cg, cb] = pressureColour(kpa, this.maxKpa);
      const g = ctx.createRadialGradient(x, y, 0, x, y, r);
      g.addColorStop(0, `rgba(${cr},${cg},${cb},1)`);
      g.addColorStop(0.55, `rgba(${cr},${cg},${cb},0.85)`);
      g.addColorStop(1, `rgba(${cr},${cg},${cb},0)`);
      ctx.fillStyle = g;
      ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
    }
    ctx.restore();
    // Sensel positions as small dots so the grid is visible even without pressure.
    ctx.fillStyle = 'rgba(60,70,90,0.25)';
    for (const s of sensels) {
      const [x, y] = this.toCanvas(s[0], s[1]);
      ctx.fillRect(x - 1, y - 1, 2, 2);
    }
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#56627a';
    ctx.stroke(outline);
    this.drawCop(cop, copNow);
  }

  drawCop(cop, copNow) {
    const { ctx } = this;
    if (cop && cop.length > 1) {
      ctx.beginPath();
      cop.forEach(([x, y], i) => {
        const [px, py] = this.toCanvas(x, y);
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      });
      ctx.lineWidth = 3;
      ctx.strokeStyle = '#111';
      ctx.lineJoin = 'round';
      ctx.stroke();
      const [sx, sy] = this.toCanvas(cop[0][0], cop[0][1]);
      ctx.fillStyle = '#111';
      ctx.beginPath();
      ctx.arc(sx, sy, 3.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    if (copNow) {
      const [x, y] = this.toCanvas(copNow[0], copNow[1]);
      ctx.beginPath();
      ctx.arc(x, y, 6, 0, 2 * Math.PI);
      ctx.fillStyle = '#fff';
      ctx.fill();
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = '#111';
      ctx.stroke();
    }
  }
}

// Pressure (kPa) of every sensel from forces (N) and the layout's areas (mm^2).
export function pressuresKpa(forces, sensels) {
  const out = new Float32Array(sensels.length);
  for (let i = 0; i < sensels.length; ++i) {
    const area = sensels[i][2] || 100;
    out[i] = Math.max(0, forces[i] || 0) / area * 1000;
  }
  return out;
}

// A horizontal legend of a colour scale from 0 to maxKpa on a canvas, with its numbers.
export function drawLegend(canvas, maxKpa = PRESSURE_MAX_KPA) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width;
  const barH = 12;
  ctx.clearRect(0, 0, w, canvas.height);
  for (let x = 0; x < w; ++x) {
    const [r, g, b] = pressureColour((x / (w - 1)) * maxKpa, maxKpa);
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(x, 0, 1, barH);
  }
  ctx.fillStyle = '#222';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  for (let i = 0; i <= 4; ++i) {
    const t = (maxKpa * i) / 4;
    const x = (i / 4) * (w - 1);
    const label = i === 4 ? `${Math.round(t)}+ kPa` : String(Math.round(t));
    ctx.textAlign = i === 0 ? 'left' : i === 4 ? 'right' : 'center';
    ctx.fillText(label, x, barH + 2);
  }
}

// The words a screen reader gives a legend.
export function legendLabel(maxKpa = PRESSURE_MAX_KPA) {
  return `Colour scale: 0 to ${Math.round(maxKpa)} kilopascals`;
}
