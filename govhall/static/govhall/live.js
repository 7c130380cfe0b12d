// The live dashboard follows the centre's event stream: a ticket issued, called
// or finished, or a window opened or paused, re-reads the panel (at most every
// two seconds, however busy the hall). The panel's own poll stays as the
// fallback while the stream is down, and the page says so.
(function () {
  const panel = document.getElementById("live-panel");
  const status = document.getElementById("live-status");
  if (!panel || !panel.dataset.stream || !window.EventSource) return;
  const source = new EventSource(panel.dataset.stream);
  let pending = null;
  function refresh() {
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      htmx.trigger(panel, "live-refresh");
    }, 2000);
  }
  [
    "ticket.issued", "ticket.called", "ticket.recalled", "ticket.started", "ticket.finished",
    "ticket.no_show", "ticket.cancelled", "ticket.transferred", "ticket.reinstated",
    "ticket.expired", "queue.changed",
    "window.open", "window.pause", "window.resume", "window.close",
  ].forEach((kind) => source.addEventListener(kind, refresh));
  let downSince = null;
  source.addEventListener("open", () => { downSince = null; status.hidden = true; });
  source.addEventListener("error", () => { if (downSince === null) downSince = Date.now(); });
  setInterval(() => {
    status.hidden = !(downSince !== null && Date.now() - downSince > 4000);
  }, 1000);
})();
