// Display board: live calls over Server-Sent Events, spoken in zh-CN twice, and
// replayed on recall. EventSource resends Last-Event-ID on reconnect, so a
// dropped connection misses nothing. Ticket numbers only: no names, no IDs.
// The voice is on from the start: a board started with the kiosk flags of
// README (--autoplay-policy=no-user-gesture-required) speaks at once; a browser
// that blocks sound until a first touch shows one button that unlocks it.
(function () {
  const board = document.querySelector(".board");
  if (!board) return;
  const rows = document.querySelector("#calls tbody");
  const newest = document.getElementById("newest");
  const offline = document.getElementById("offline");
  const unlock = document.getElementById("unlock-voice");
  const MAX_ROWS = 8;
  // A zone's board shows only its own windows' calls.
  const windows = new Set(board.dataset.windows.split(",").filter(Boolean).map(Number));
  const mine = (p) => windows.size === 0 || windows.has(p.window);

  // --- voice -------------------------------------------------------------------
  let audio = null;
  try { audio = new (window.AudioContext || window.webkitAudioContext)(); } catch (e) { audio = null; }
  let voiceBlocked = !!audio && audio.state === "suspended";
  function showUnlock() { unlock.hidden = !voiceBlocked; }
  function unlockVoice() {
    if (audio) audio.resume();
    voiceBlocked = false;
    showUnlock();
    if (board.dataset.lastSpoken) say(board.dataset.lastSpoken);
  }
  unlock.addEventListener("click", unlockVoice);
  document.addEventListener("keydown", () => { if (voiceBlocked) unlockVoice(); });
  if (audio) audio.addEventListener("statechange", () => {
    if (audio.state === "running") { voiceBlocked = false; showUnlock(); }
  });
  showUnlock();
  board.dataset.voice = voiceBlocked ? "blocked" : "on";
  function say(text) {
    if (!("speechSynthesis" in window) || voiceBlocked) return;
    for (let i = 0; i < 2; i++) {  // 001: the call is repeated once
      const u = new SpeechSynthesisUtterance(text);
      u.lang = "zh-CN";
      u.rate = 0.85;
      window.speechSynthesis.speak(u);
    }
  }

  // --- clock ---------------------------------------------------------------------
  const clock = document.getElementById("clock");
  const fmt = new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric",
    weekday: "long", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
  });
  function tick() { clock.textContent = fmt.format(new Date()); }
  tick();
  setInterval(tick, 1000);

  // --- calls -------------------------------------------------------------------
  function announce(p) {
    const text = board.dataset.template.replace("%(number)s", p.number).replace("%(window)s", p.window);
    board.dataset.lastSpoken = text;
    say(text);
  }
  function showCall(p) {
    const old = rows.querySelector(`tr[data-number="${p.number}"]`);
    if (old) old.remove();
    rows.querySelectorAll("tr.fresh").forEach((tr) => tr.classList.remove("fresh"));
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
    const big = document.createElement("span");
    big.className = "num";
    big.textContent = p.number;
    const to = document.createElement("span");
    to.className = "to";
    to.textContent = board.dataset.toLabel.replace("%(window)s", p.window);
    newest.replaceChildren(big, document.createTextNode(" "), to);
  }
  function waiting(p) {
    const li = document.querySelector(`#waiting li[data-queue="${p.queue}"] b`);
    if (li) li.textContent = p.waiting;
  }

  // --- the stream, and a notice while it is down ---------------------------------
  const url = new URL(board.dataset.stream, window.location.href);
  url.searchParams.set("last_event_id", board.dataset.lastEventId);
  const source = new EventSource(url);
  let downSince = null;
  source.addEventListener("open", () => { downSince = null; offline.hidden = true; });
  source.addEventListener("error", () => { if (downSince === null) downSince = Date.now(); });
  // A reconnect within a few seconds is normal; longer, and the hall should know
  // that the board may be behind.
  setInterval(() => {
    offline.hidden = !(downSince !== null && Date.now() - downSince > 4000);
  }, 1000);
  function onCall(e) {
    const p = JSON.parse(e.data);
    if (!mine(p)) return;
    showCall(p);
    announce(p);
  }
  source.addEventListener("ticket.called", onCall);
  source.addEventListener("ticket.recalled", onCall);
  source.addEventListener("queue.changed", (e) => waiting(JSON.parse(e.data)));
  // The centre changed its queues or windows (settings pages): the board reads
  // its page again, a few seconds apart from the other boards. The stream
  // resumes from the page's last event id, so no call is lost meanwhile.
  let reloading = null;
  function reread() {
    if (reloading) return;
    reloading = setTimeout(() => window.location.reload(), 1000 + Math.random() * 4000);
  }
  ["queue.configured", "window.configured", "window.profile_changed"].forEach((kind) =>
    source.addEventListener(kind, reread)
  );

  // --- announcements: re-read on their event, and when one starts or ends -------
  // The server marks the next start or end (data-next); the board also re-reads
  // every few minutes, in case its clock and the server's differ.
  const EVERY_MS = 300000;
  let noticeTimer = null;
  function planNotices() {
    clearTimeout(noticeTimer);
    const next = document.getElementById("notices").dataset.next;
    const due = next ? new Date(next).getTime() - Date.now() + 1000 : EVERY_MS;
    noticeTimer = setTimeout(readNotices, Math.min(Math.max(due, 1000), EVERY_MS));
  }
  async function readNotices() {
    const panel = document.getElementById("notices");
    try {
      const r = await fetch(panel.dataset.url, { credentials: "same-origin" });
      if (r.ok) {
        const t = document.createElement("template");
        t.innerHTML = (await r.text()).trim();
        const fresh = t.content.querySelector("#notices");
        if (fresh) panel.replaceWith(fresh);
      }
    } catch (e) { /* offline: the notice above says so; the next try follows */ }
    planNotices();
  }
  source.addEventListener("announcement.changed", readNotices);
  planNotices();
  window.govhallDisplay = { source };
})();
