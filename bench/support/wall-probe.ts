import { VIDEO_FLAG_H264, VIDEO_HEADER_BYTES } from '../../src-shared/contract';

/**
 * The in-page probe of the `wall` suite, injected before the renderer's bundle runs.
 *
 * Why a probe rather than the tiles' own figures: a tile exposes only its p95 over its last 60
 * pictures (`data-delay-ms`), and the stock baseline's tiles cannot be trusted to time themselves.
 * The probe times each picture from when the server sent it (a stamp in a trailing TS null
 * packet, which every demuxer ignores; with the real core, the send time in the frame header) up
 * to the moment JSMpeg's decoder returns it, with the page's own clock, for every stack alike.
 *
 * How pictures are followed, without touching the renderer's code:
 * - `WebSocket.onmessage` is wrapped: for each binary frame, the probe notes its slot and stamp
 *   and which pictures it completes (following the video PES as JSMpeg's demuxer does), and the
 *   slot stays "current" while the renderer handles the frame.
 * - JSMpeg's WebAssembly decoder (one module for the page) is wrapped at instantiation:
 *   `did_write` is one whole picture handed to a decoder (JSMpeg's demuxer writes one PES per
 *   call), `decode` returning 1 is one picture decoded, returning 0 means the decoder holds no
 *   picture any more, `destroy` is a decoder retired (a drop by Vigie's delay bound).
 * - Each decoder keeps the times of the pictures written to it, in order, so a decoded picture
 *   is paired with exactly the one it is, however far behind the decoder runs.
 *
 * Only pictures decoded inside the measurement window (epoch ms, set by `measure(from, to)`) are
 * counted, so the time a `page.evaluate` takes on a busy page never skews the figures.
 */
export const WALL_PROBE_SCRIPT = String.raw`(() => {
  if (window.__vigieWallProbe) return;
  const TS = 188;
  const HEADER = ${VIDEO_HEADER_BYTES};
  const FLAG_H264 = ${VIDEO_FLAG_H264};
  const clock = () => performance.timeOrigin + performance.now();
  const state = {
    from: Infinity,
    to: -Infinity,
    slots: new Map(),
    decoders: new Map(),
    delays: [],
    arrivalDelays: [],
    currentSlot: -1,
    hooked: false,
    untimed: 0,
  };
  const inWindow = (t) => t >= state.from && t <= state.to;
  const slotState = (slot) => {
    let s = state.slots.get(slot);
    if (!s) {
      s = {
        videoPid: -1,
        total: 0,
        current: 0,
        pesSent: 0,
        pesArrival: 0,
        completed: [],
        decoders: 0,
        arrived: 0,
        decoded: 0,
        retired: 0,
        delays: [],
      };
      state.slots.set(slot, s);
    }
    return s;
  };

  // The real core's frames carry no TS stamp but their header holds the core's send time on its
  // monotonic clock: mapped onto the page's epoch clock by the smallest arrival - send seen, as
  // the renderer itself does (src-renderer/shared/connection/send-clock.ts).
  let headerOffset = Infinity;
  function headerSent(bytes, arrival) {
    const sentAt = new DataView(bytes.buffer, bytes.byteOffset + 4, 8).getFloat64(0, true);
    if (!Number.isFinite(sentAt)) return arrival;
    if (arrival - sentAt < headerOffset) headerOffset = arrival - sentAt;
    return sentAt + headerOffset;
  }

  function readStamp(bytes) {
    const p = bytes.length - TS;
    if (p < 4 || bytes[p] !== 0x47 || bytes[p + 1] !== 0x1f || bytes[p + 2] !== 0xff) return NaN;
    if (bytes[p + 4] !== 0x56 || bytes[p + 5] !== 0x47 || bytes[p + 6] !== 0x42 || bytes[p + 7] !== 0x31) return NaN;
    return new DataView(bytes.buffer, bytes.byteOffset + p + 8, 8).getFloat64(0, true);
  }

  // Follows each slot's video PES the way JSMpeg's TS demuxer does, to know in which message each
  // picture is complete: that is when the demuxer hands it to the decoder (did_write), in the same
  // task. A PES is complete when its announced length is reached, at a padded packet (JSMpeg's
  // "guessVideoFrameEnd"), or at the next PES start.
  function onFrame(data) {
    if (!(data instanceof ArrayBuffer)) return -1;
    const bytes = new Uint8Array(data);
    if (bytes.length < HEADER || bytes[0] !== 1) return -1;
    const slot = (bytes[1] << 8) | bytes[2];
    const s = slotState(slot);
    const arrival = clock();
    const stamp = readStamp(bytes);
    const sent = Number.isNaN(stamp) ? headerSent(bytes, arrival) : stamp;
    // Pictures completed by earlier messages were written then, or never will be (the renderer
    // ignored or discarded them): none of them can pair with a later write.
    s.completed = [];
    if (bytes[3] & FLAG_H264) {
      // Passthrough: the message is one access unit, one picture.
      s.completed.push({ sent, arrival });
      if (inWindow(arrival)) s.arrived += 1;
      return slot;
    }
    const complete = () => {
      s.completed.push({ sent: s.pesSent, arrival: s.pesArrival });
      s.total = 0;
      s.current = 0;
    };
    for (let o = HEADER; o + TS <= bytes.length; o += TS) {
      if (bytes[o] !== 0x47) continue;
      const start = (bytes[o + 1] & 0x40) !== 0;
      const pid = ((bytes[o + 1] & 0x1f) << 8) | bytes[o + 2];
      const control = (bytes[o + 3] >> 4) & 3;
      if (start && pid === s.videoPid && s.current > 0) complete();
      if ((control & 1) === 0) continue;
      let p = o + 4;
      if (control & 2) p += 1 + bytes[o + 4];
      if (
        start &&
        p + 9 <= o + TS &&
        bytes[p] === 0 &&
        bytes[p + 1] === 0 &&
        bytes[p + 2] === 1 &&
        bytes[p + 3] >= 0xe0 &&
        bytes[p + 3] <= 0xef
      ) {
        const length = (bytes[p + 4] << 8) | bytes[p + 5];
        const header = bytes[p + 8];
        s.videoPid = pid;
        s.total = length ? length - header - 3 : 0;
        s.current = 0;
        s.pesSent = sent;
        s.pesArrival = arrival;
        if (inWindow(arrival)) s.arrived += 1;
        p += 9 + header;
      }
      if (pid !== s.videoPid || p >= o + TS) continue;
      s.current += o + TS - p;
      if ((s.total !== 0 && s.current >= s.total) || (!start && control & 2)) complete();
    }
    return slot;
  }

  function onWrite(ptr) {
    let d = state.decoders.get(ptr);
    if (!d) {
      d = { slot: -1, fifo: [] };
      state.decoders.set(ptr, d);
    }
    const slot = state.currentSlot;
    if (slot < 0) {
      // Written outside a socket message (the start-up queue of a player): time unknown.
      d.fifo.push(null);
      return;
    }
    const s = slotState(slot);
    if (d.slot !== slot) {
      s.decoders += 1;
      d.slot = slot;
    }
    d.fifo.push(s.completed.shift() || null);
  }

  function onDecode(ptr, ok) {
    const d = state.decoders.get(ptr);
    if (!d) return;
    if (!ok) {
      d.fifo.length = 0;
      return;
    }
    const picture = d.fifo.shift() || null;
    const now = clock();
    if (d.slot < 0 || !inWindow(now)) return;
    slotState(d.slot).decoded += 1;
    if (!picture) {
      state.untimed += 1;
      return;
    }
    state.delays.push(now - picture.sent);
    slotState(d.slot).delays.push(now - picture.arrival);
    state.arrivalDelays.push(now - picture.arrival);
  }

  function onDestroy(ptr) {
    const d = state.decoders.get(ptr);
    state.decoders.delete(ptr);
    if (d && d.slot >= 0 && inWindow(clock())) slotState(d.slot).retired += 1;
  }

  const Native = window.WebSocket;
  const handlerProperty = Object.getOwnPropertyDescriptor(Native.prototype, 'onmessage');
  class ProbeSocket extends Native {
    get onmessage() {
      return this.__probeHandler || null;
    }
    set onmessage(handler) {
      this.__probeHandler = handler;
      const wrapped = handler
        ? (event) => {
            state.currentSlot = onFrame(event.data);
            try {
              return handler.call(this, event);
            } finally {
              state.currentSlot = -1;
            }
          }
        : null;
      handlerProperty.set.call(this, wrapped);
    }
  }
  window.WebSocket = ProbeSocket;

  const nativeInstantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (source, imports) {
    return nativeInstantiate.call(WebAssembly, source, imports).then((result) => {
      const exports = result && result.instance && result.instance.exports;
      if (!exports || typeof exports._mpeg1_decoder_decode !== 'function') return result;
      const wrapped = Object.assign({}, exports);
      wrapped._mpeg1_decoder_did_write = (ptr, length) => {
        const out = exports._mpeg1_decoder_did_write(ptr, length);
        onWrite(ptr);
        return out;
      };
      wrapped._mpeg1_decoder_decode = (ptr) => {
        const ok = exports._mpeg1_decoder_decode(ptr);
        onDecode(ptr, ok);
        return ok;
      };
      wrapped._mpeg1_decoder_destroy = (ptr) => {
        onDestroy(ptr);
        return exports._mpeg1_decoder_destroy(ptr);
      };
      state.hooked = true;
      return { module: result.module, instance: { exports: wrapped } };
    });
  };

  // WebCodecs tiles (H.264 passthrough): each decode() is paired with the picture of the message
  // being handled, each output with its decode by timestamp, and a picture is timed when it is
  // drawn: putImageData right after its I420 copy resolved (the tile's converter), or drawImage
  // of the VideoFrame. So both paths are timed up to the picture on the canvas.
  const frames = new WeakMap();
  let pendingDraw = null;
  function onDrawn(info) {
    const now = clock();
    if (!info || info.slot < 0 || !inWindow(now)) return;
    if (!info.picture) {
      state.untimed += 1;
      return;
    }
    state.delays.push(now - info.picture.sent);
    slotState(info.slot).delays.push(now - info.picture.arrival);
    state.arrivalDelays.push(now - info.picture.arrival);
  }
  const NativeDecoder = window.VideoDecoder;
  if (NativeDecoder) {
    window.VideoDecoder = class extends NativeDecoder {
      constructor(init) {
        const holder = { probe: null };
        super({
          output: (frame) => {
            const probe = holder.probe;
            if (probe) {
              const picture = probe.times.get(frame.timestamp) || null;
              probe.times.delete(frame.timestamp);
              frames.set(frame, { slot: probe.slot, picture });
              if (probe.slot >= 0 && inWindow(clock())) slotState(probe.slot).decoded += 1;
            }
            init.output(frame);
          },
          error: init.error,
        });
        holder.probe = { slot: -1, times: new Map() };
        this.__probe = holder.probe;
        state.hooked = true;
      }
      decode(chunk) {
        const probe = this.__probe;
        const slot = state.currentSlot;
        if (slot >= 0) {
          const s = slotState(slot);
          if (probe.slot !== slot) {
            s.decoders += 1;
            probe.slot = slot;
          }
          probe.times.set(chunk.timestamp, s.completed.shift() || null);
        } else {
          // Queued while the decoder configured: decoded later, outside any message.
          probe.times.set(chunk.timestamp, null);
        }
        return super.decode(chunk);
      }
      close() {
        const probe = this.__probe;
        if (probe && probe.slot >= 0 && inWindow(clock())) slotState(probe.slot).retired += 1;
        return super.close();
      }
    };
    const nativeCopyTo = VideoFrame.prototype.copyTo;
    VideoFrame.prototype.copyTo = function (...args) {
      const info = frames.get(this);
      const copied = nativeCopyTo.apply(this, args);
      // Registered before the tile's own then(): it runs first, and the tile's putImageData next.
      if (info) copied.then(() => (pendingDraw = info), () => undefined);
      return copied;
    };
    const nativePut = CanvasRenderingContext2D.prototype.putImageData;
    CanvasRenderingContext2D.prototype.putImageData = function (...args) {
      const out = nativePut.apply(this, args);
      if (pendingDraw) {
        onDrawn(pendingDraw);
        pendingDraw = null;
      }
      return out;
    };
    const nativeDrawImage = CanvasRenderingContext2D.prototype.drawImage;
    CanvasRenderingContext2D.prototype.drawImage = function (...args) {
      const out = nativeDrawImage.apply(this, args);
      if (args[0] instanceof VideoFrame) onDrawn(frames.get(args[0]));
      return out;
    };
  }

  window.__vigieWallProbe = {
    measure(from, to) {
      // A busy page may run this late: the window then starts now, and says so in collect().
      state.from = Math.max(from, clock());
      state.to = to;
      state.delays = [];
      state.arrivalDelays = [];
      state.untimed = 0;
      for (const s of state.slots.values()) {
        s.arrived = 0;
        s.decoded = 0;
        s.retired = 0;
        s.delays = [];
      }
    },
    collect() {
      const tiles = [...document.querySelectorAll('[data-testid="tile"]')].filter((t) => t.dataset.cameraId);
      const first = tiles[0] ? tiles[0].getBoundingClientRect() : null;
      const canvas = tiles[0] ? tiles[0].querySelector('canvas') : null;
      return {
        from: state.from,
        to: state.to,
        hooked: state.hooked,
        untimed: state.untimed,
        slots: [...state.slots.entries()]
          .filter(([, s]) => s.decoders > 0)
          .map(([slot, s]) => {
            const sorted = [...s.delays].sort((a, b) => a - b);
            const handlerP50 = sorted.length ? sorted[Math.floor(sorted.length / 2)] : null;
            return { slot, arrived: s.arrived, decoded: s.decoded, retired: s.retired, handlerP50 };
          }),
        delays: state.delays,
        arrivalDelays: state.arrivalDelays,
        tiles: tiles.length,
        liveTiles: tiles.filter((t) => t.dataset.state === 'live').length,
        degradedTiles: tiles.filter((t) => t.dataset.degraded === 'true').length,
        tileSize: first ? [Math.round(first.width), Math.round(first.height)] : null,
        canvasSize: canvas ? [canvas.width, canvas.height] : null,
      };
    },
    liveTiles() {
      return [...document.querySelectorAll('[data-testid="tile"]')].filter(
        (t) => t.dataset.cameraId && t.dataset.state === 'live',
      ).length;
    },
  };
})();`;

/** What `collect()` returns for one window. */
export interface WallProbeReport {
  from: number;
  to: number;
  /** Whether the page's decoder was seen: JSMpeg's WebAssembly one, or a WebCodecs VideoDecoder. */
  hooked: boolean;
  /** Pictures decoded in the window whose send time was unknown (start-up only). */
  untimed: number;
  /** Per tile: pictures received, decoded, decoders retired, median socket handler → decoded (ms). */
  slots: { slot: number; arrived: number; decoded: number; retired: number; handlerP50: number | null }[];
  /** Server send → decoded, ms (socket arrival → decoded when frames carry no stamp). */
  delays: number[];
  /** Socket handler → decoded, ms: the delay without the wait in the page's queue. */
  arrivalDelays: number[];
  tiles: number;
  liveTiles: number;
  degradedTiles: number;
  /** CSS size of the first tile and the pixel size of its canvas (full or half-size conversion). */
  tileSize: [number, number] | null;
  canvasSize: [number, number] | null;
}
