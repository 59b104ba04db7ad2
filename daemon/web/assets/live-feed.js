// The live WebSocket (/ws/live) as shared state: each foot's layout, latest forces, the
// centre-of-pressure path of its current step, the last step, and the once-a-second status.
// Opened while some view uses it (acquire/release), reconnected after a drop.

import { wsUrl } from './api.js';

const CONTACT_N = 20;  // the analysis' contact threshold (docs/algorithms.md)

function emptyFoot() {
  return { layout: null, forces: null, totalN: 0, cop: null, path: [], loaded: false,
    seq: null, lastStep: null, frames: 0 };
}

class LiveFeed {
  constructor() {
    this.users = 0;
    this.ws = null;
    this.retry = null;
    this.state = 'closed';  // closed | connecting | open
    this.feet = { L: emptyFoot(), R: emptyFoot() };
    this.live = null;        // last {"type":"live"} message
    this.version = 0;        // bumped on every frame message (the drawer redraws when it moves)
    this.lastFrameMs = null;  // when the daemon received the oldest frame of the newest message
    this.listeners = new Set();
  }

  acquire(listener) {
    if (listener) this.listeners.add(listener);
    if (this.users++ === 0) this.open();
  }

  release(listener) {
    if (listener) this.listeners.delete(listener);
    if (--this.users === 0) this.close();
  }

  emit(kind, msg) {
    for (const l of this.listeners) l(kind, msg);
  }

  open() {
    clearTimeout(this.retry);
    this.state = 'connecting';
    this.emit('state');
    const ws = new WebSocket(wsUrl('/ws/live'));
    this.ws = ws;
    ws.onopen = () => {
      this.state = 'open';
      this.emit('state');
    };
    ws.onmessage = (ev) => {
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch (e) {
        return;
      }
      this.handle(msg);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.state = 'closed';
      this.emit('state');
      if (this.users > 0) this.retry = setTimeout(() => this.open(), 1000);
    };
  }

  close() {
    clearTimeout(this.retry);
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.close();
    }
    this.state = 'closed';
  }

  handle(msg) {
    if (msg.type === 'layout' && this.feet[msg.side]) {
      const foot = this.feet[msg.side];
      foot.layout = msg;
      foot.forces = null;
      foot.path = [];
      this.emit('layout', msg);
    } else if (msg.type === 'frame' && msg.feet) {
      let oldest = null;
      for (const side of ['L', 'R']) {
        const f = msg.feet[side];
        if (!f) continue;
        this.frame(this.feet[side], f);
        if (f.received_ms && (oldest === null || f.received_ms < oldest)) oldest = f.received_ms;
      }
      this.lastFrameMs = oldest ?? msg.sent_ms;
      this.version++;
    } else if (msg.type === 'step' && this.feet[msg.side]) {
      this.feet[msg.side].lastStep = msg;
      this.emit('step', msg);
    } else if (msg.type === 'live') {
      this.live = msg;
      this.emit('live', msg);
    }
  }

  // The CoP path of the current step: starts when the total force rises through the contact
  // threshold, grows while loaded, and stays on screen after toe-off until the next contact.
  frame(foot, f) {
    foot.forces = f.forces_n;
    foot.totalN = f.total_n;
    foot.seq = f.seq;
    foot.frames++;
    const loaded = f.total_n >= CONTACT_N;
    if (loaded && !foot.loaded) foot.path = [];
    if (loaded && f.cop) foot.path.push(f.cop);
    foot.cop = loaded ? f.cop : null;
    foot.loaded = loaded;
  }
}

export const feed = new LiveFeed();
window.insoleLiveFeed = feed;  // for the browser tests and the curious
