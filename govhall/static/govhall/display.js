// Display board: live calls over Server-Sent Events, spoken in zh-CN twice, and
// replayed on recall. EventSource resends Last-Event-ID on reconnect, so a
// dropped connection misses nothing. Ticket numbers only: no names, no IDs.
(function () {
  const board = document.querySelector(".board");
  if (!board) return;
  const rows = document.querySelector("#calls tbody");
  const status = document.getElementById("status");
  const MAX_ROWS = 8;
  // A zone's board shows only its own windows' calls.
  const windows = new Set(board.dataset.windows.split(",").filter(Boolean).map(Number));
  const mine = (p) => windows.size === 0 || windows.has(p.window);
  let soundOn = false;
  const sound = document.getElementById("sound");
  if (sound) sound.addEventListener("click", () => {
    soundOn = !soundOn;
    sound.setAttribute("aria-pressed", soundOn ? "true" : "false");
  });
  function say(text) {
    if (!("speechSynthesis" in window)) return;
    for (let i = 0; i < 2; i++) {  // 001: the call is repeated once
      const u = new SpeechSynthesisUtterance(text);
      u.lang = "zh-CN";
      u.rate = 0.85;
      window.speechSynthesis.speak(u);
    }
  }
  function announce(p) {
    const text = board.dataset.template.replace("%(number)s", p.number).replace("%(window)s", p.window);
    board.dataset.lastSpoken = text;
    if (soundOn) say(text);
  }
  function showCall(p) {
    const old = rows.querySelector(`tr[data-number="${p.number}"]`);
    if (old) old.remove();
    const tr = document.createElement("tr");
    tr.dataset.number = p.number;
    tr.className = "fresh";
    const num = document.createElement("td");
    num.className = "num";
    num.textContent = p.number;
    const win = document.createElement("td");
    win.textContent = board.dataset.windowLabel.replace("%(window)s", p.window);
    tr.append(num, win);
    rows.prepend(tr);
    while (rows.children.length > MAX_ROWS) rows.lastElementChild.remove();
  }
  function waiting(p) {
    const li = document.querySelector(`#waiting li[data-queue="${p.queue}"] b`);
    if (li) li.textContent = p.waiting;
  }
  const url = new URL(board.dataset.stream, window.location.href);
  url.searchParams.set("last_event_id", board.dataset.lastEventId);
  const source = new EventSource(url);
  source.addEventListener("open", () => { status.textContent = ""; });
  source.addEventListener("error", () => { status.textContent = "…"; });
  function onCall(e) {
    const p = JSON.parse(e.data);
    if (!mine(p)) return;
    showCall(p);
    announce(p);
  }
  source.addEventListener("ticket.called", onCall);
  source.addEventListener("ticket.recalled", onCall);
  source.addEventListener("queue.changed", (e) => waiting(JSON.parse(e.data)));
  window.govhallDisplay = { source };
})();
