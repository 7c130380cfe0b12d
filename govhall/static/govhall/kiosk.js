// Kiosk and citizen pages: elderly mode (larger type, high contrast, spoken
// prompts), and a slip page that returns to the start by itself.
//
// On a citizen's own phone the mode is kept for the device. On a shared device
// (the kiosk, its slip) it belongs to one person: it ends with the ticket, and
// after a short idle time, so the next person does not find it on.
(function () {
  const KEY = "govhall-elderly";
  const IDLE_MS = 60000;
  const body = document.body;
  const slipPage = body.classList.contains("slip-page");
  const shared = slipPage || body.classList.contains("kiosk");
  // Stored value: "1" on a phone; on a shared device the time it lapses.
  function stored() {
    const v = localStorage.getItem(KEY);
    if (!shared) return v === "1";
    return Number(v) > Date.now();
  }
  let on = stored();
  if (shared && !on) localStorage.removeItem(KEY);
  function save() {
    if (!on) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, shared ? String(Date.now() + IDLE_MS) : "1");
  }
  function speak(text) {
    if (!on || !text || !("speechSynthesis" in window)) return;
    const u = new SpeechSynthesisUtterance(text);
    u.lang = "zh-CN";
    u.rate = 0.9;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(u);
  }
  const toggle = document.getElementById("elderly-toggle");
  function apply() {
    body.classList.toggle("elderly", on);
    if (toggle) toggle.setAttribute("aria-pressed", on ? "true" : "false");
  }
  apply();
  if (toggle) {
    toggle.addEventListener("click", () => {
      on = !on;
      save();
      apply();
      speak(toggle.dataset.speak);
    });
  }
  let idle = null;
  function touched() {
    if (!shared || !on) return;
    if (!slipPage) save(); // the slip has already ended it
    clearTimeout(idle);
    idle = setTimeout(() => {
      on = false;
      save();
      apply();
    }, IDLE_MS);
  }
  ["pointerdown", "keydown", "input"].forEach((kind) =>
    document.addEventListener(kind, touched, { capture: true, passive: true })
  );
  touched();
  document.addEventListener("click", (e) => {
    const el = e.target.closest("[data-speak]");
    if (el && el !== toggle) speak(el.dataset.speak);
  });
  const first = document.querySelector("h1[data-speak], .slip[data-speak], [role=alert][data-speak]");
  if (first) speak(first.dataset.speak);
  if (slipPage) {
    // The ticket is taken: this person still reads the slip in large type, the
    // next one starts in the ordinary mode.
    if (shared) localStorage.removeItem(KEY);
    const back = document.querySelector(".slip-actions a");
    if (back) setTimeout(() => { window.location.href = back.href; }, 30000);
  }
  document.body.addEventListener("htmx:configRequest", (e) => {
    const csrf = document.querySelector("[name=csrfmiddlewaretoken]");
    if (csrf) e.detail.headers["X-CSRFToken"] = csrf.value;
  });
})();
