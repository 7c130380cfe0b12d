// Kiosk: elderly mode (larger type, high contrast, spoken prompts), kept on this
// device in localStorage, and a slip page that returns to the start by itself.
(function () {
  const KEY = "govhall-elderly";
  const body = document.body;
  const elderly = () => localStorage.getItem(KEY) === "1";
  function speak(text) {
    if (!elderly() || !text || !("speechSynthesis" in window)) return;
    const u = new SpeechSynthesisUtterance(text);
    u.lang = "zh-CN";
    u.rate = 0.9;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(u);
  }
  function apply() {
    body.classList.toggle("elderly", elderly());
  }
  apply();
  const toggle = document.getElementById("elderly-toggle");
  if (toggle) {
    toggle.setAttribute("aria-pressed", elderly() ? "true" : "false");
    toggle.addEventListener("click", () => {
      localStorage.setItem(KEY, elderly() ? "0" : "1");
      toggle.setAttribute("aria-pressed", elderly() ? "true" : "false");
      apply();
      speak(toggle.dataset.speak);
    });
  }
  document.addEventListener("click", (e) => {
    const el = e.target.closest("[data-speak]");
    if (el && el !== toggle) speak(el.dataset.speak);
  });
  const first = document.querySelector("h1[data-speak], .slip[data-speak], [role=alert][data-speak]");
  if (first) speak(first.dataset.speak);
  if (document.body.classList.contains("slip-page")) {
    const back = document.querySelector(".slip-actions a");
    if (back) setTimeout(() => { window.location.href = back.href; }, 30000);
  }
  document.body.addEventListener("htmx:configRequest", (e) => {
    const csrf = document.querySelector("[name=csrfmiddlewaretoken]");
    if (csrf) e.detail.headers["X-CSRFToken"] = csrf.value;
  });
})();
