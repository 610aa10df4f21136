// Installed in every test page before the demo's own scripts (context.addInitScript), as
// plain JavaScript so that no TypeScript transform can add helpers the page lacks. It records
// what the page did: its microphone requests and the tracks they opened, the AudioContexts it
// made, its WebSockets (URL, offered and agreed subprotocols, close code), the arrival time of
// the server events that matter, and every change of the voice button's data-state and of the
// level meters' aria-valuenow. Types and readers: probe.ts.
(() => {
  // Tests keep the tracks to read their readyState; a leak benchmark sets __probeWeak first
  // so that the probe holds nothing the kit has let go of.
  const hold = window.__probeWeak
    ? (value) => new WeakRef(value)
    : (value) => ({ deref: () => value });
  const probe = {
    /** Microphone tracks (as { deref() }), in order. */
    tracks: [],
    tracksCreated: 0,
    tracksStopped: 0,
    /** Every getUserMedia call: "pending", "granted", or the name of the error it rejected with. */
    micRequests: [],
    /** AudioContexts (as { deref() }). */
    contexts: [],
    contextsCreated: 0,
    contextsClosed: 0,
    sockets: [],
    events: [],
    changes: [],
  };
  window.__probe = probe;

  const stopped = new WeakSet();
  const markStopped = (track) => {
    if (stopped.has(track)) return;
    stopped.add(track);
    probe.tracksStopped++;
  };
  const stopTrack = MediaStreamTrack.prototype.stop;
  MediaStreamTrack.prototype.stop = function stop() {
    markStopped(this);
    return stopTrack.call(this);
  };
  const getUserMedia = MediaDevices.prototype.getUserMedia;
  MediaDevices.prototype.getUserMedia = async function getUserMediaProbed(constraints) {
    const request = { outcome: "pending" };
    probe.micRequests.push(request);
    let stream;
    try {
      stream = await getUserMedia.call(this, constraints);
    } catch (error) {
      request.outcome = error?.name ?? String(error);
      throw error;
    }
    request.outcome = "granted";
    for (const track of stream.getTracks()) {
      probe.tracksCreated++;
      probe.tracks.push(hold(track));
      track.addEventListener("ended", () => markStopped(track));
    }
    return stream;
  };

  const closed = new WeakSet();
  const markClosed = (context) => {
    if (closed.has(context)) return;
    closed.add(context);
    probe.contextsClosed++;
  };
  const NativeAudioContext = window.AudioContext;
  window.AudioContext = class AudioContext extends NativeAudioContext {
    constructor(options) {
      super(options);
      probe.contextsCreated++;
      probe.contexts.push(hold(this));
      this.addEventListener("statechange", () => {
        if (this.state === "closed") markClosed(this);
      });
    }
    close() {
      return super.close().then(() => markClosed(this));
    }
  };

  const NativeWebSocket = window.WebSocket;
  const replies = new Set();
  window.WebSocket = class WebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      const record = {
        url: String(url),
        offered: protocols === undefined ? [] : [protocols].flat(),
        agreed: null,
        closeCode: null,
      };
      probe.sockets.push(record);
      this.addEventListener("open", () => {
        record.agreed = this.protocol;
      });
      this.addEventListener("close", (event) => {
        record.closeCode = event.code;
      });
      // Added before the kit's own listener, so `t` is the arrival time.
      this.addEventListener("message", (message) => {
        const t = performance.now();
        if (typeof message.data !== "string") return;
        let event;
        try {
          event = JSON.parse(message.data);
        } catch {
          return;
        }
        const type = String(event?.type);
        if (type === "response.output_audio.delta") {
          // Only the first delta of each reply: fifty a second would drown the rest.
          if (replies.has(event.response_id)) return;
          replies.add(event.response_id);
        }
        const responseId = event?.response_id ?? event?.response?.id;
        probe.events.push(responseId ? { t, type, responseId } : { t, type });
      });
    }
  };

  const watch = () => {
    new MutationObserver((records) => {
      const t = performance.now();
      for (const record of records) {
        const el = record.target;
        if (record.attributeName === "data-state" && el.matches('[data-swaram="voice-button"]')) {
          probe.changes.push({ t, what: "state", value: el.getAttribute("data-state") });
        } else if (record.attributeName === "aria-valuenow" && el.matches('[role="meter"]')) {
          const what = el.getAttribute("data-kind") === "output" ? "output" : "input";
          probe.changes.push({ t, what, value: el.getAttribute("aria-valuenow") });
        }
      }
    }).observe(document.documentElement, {
      subtree: true,
      attributes: true,
      attributeFilter: ["data-state", "aria-valuenow"],
    });
  };
  if (document.documentElement) watch();
  else document.addEventListener("readystatechange", watch, { once: true });
})();
