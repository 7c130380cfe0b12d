// The question box (the ask page and the guide page's box): asks the public
// ask API, shows the answer with its sources, reads it aloud in elderly mode
// (speechSynthesis, zh-CN) and offers a spoken question where the browser
// has speech recognition. Without JavaScript the form still works (GET).
(function () {
  const elderly = () => document.body.classList.contains("elderly");
  function speak(text, force) {
    if (!text || !("speechSynthesis" in window) || !(force || elderly())) return;
    const u = new SpeechSynthesisUtterance(text);
    u.lang = "zh-CN";
    u.rate = 0.9;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(u);
  }
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text) e.textContent = text;
    return e;
  }
  const L = (form, key, fallback) => form.dataset[key] || fallback;
  function render(form, box, data) {
    box.textContent = "";
    const wrap = el("div", {
      class: "ask-answer" + (data.handoff ? " handoff" : ""),
      role: "status",
      "aria-live": "polite",
      "data-confidence": String(data.confidence),
    });
    wrap.appendChild(el("p", { class: "ask-text", "data-speak-answer": "" }, data.answer));
    const level = data.confidence >= 0.75 ? L(form, "high", "高") : data.confidence >= 0.5 ? L(form, "mid", "中") : L(form, "low", "低");
    wrap.appendChild(el("p", { class: "ask-meta muted" }, `${L(form, "sure", "把握")}：${level}（${data.confidence}）`));
    if (data.sources.length) {
      // Beside a hand-over they are only suggestions, not what an answer stands on.
      const label = data.handoff ? L(form, "maybe", "可参考") : L(form, "basis", "依据");
      wrap.appendChild(el("p", { class: "ask-sources-label" }, `${label}：`));
      const ul = el("ul", { class: "ask-sources" });
      data.sources.forEach((s) => {
        const li = el("li", { "data-source": `${s.kind}:${s.code}` });
        const kind = s.kind === "item" ? L(form, "guide", "办事指南") : L(form, "kb", "知识库");
        li.appendChild(el("a", { href: s.url }, `${kind} · ${s.title}`));
        ul.appendChild(li);
      });
      wrap.appendChild(ul);
    }
    if (data.handoff) {
      const p = el("p", { class: "ask-handoff" });
      p.appendChild(el("a", { class: "big-button primary", href: data.handoff_url }, L(form, "person", "转人工咨询")));
      if (document.getElementById("callback")) {
        p.appendChild(document.createTextNode(" "));
        p.appendChild(el("a", { class: "big-button", href: "#callback" }, L(form, "callback", "留电话等回电")));
      }
      wrap.appendChild(p);
    }
    box.appendChild(wrap);
    speak(data.answer);
  }
  function ask(form, box) {
    const q = form.elements.q.value.trim();
    const params = new URLSearchParams({ q });
    // (form.elements.item is the collection's item() method: ask by selector.)
    const item = form.querySelector("input[name=item]");
    if (item && item.value) params.set("item", item.value);
    const hidden = document.querySelector("[data-ask-question]");
    if (hidden) hidden.value = q;
    const picked = form.querySelector("[name=center]");
    const center = picked ? picked.value : form.dataset.center;
    fetch(`/api/v1/centers/${encodeURIComponent(center)}/ask?${params}`, {
      headers: { Accept: "application/json" },
    })
      .then((r) => r.json().then((body) => ({ ok: r.ok, body })))
      .then(({ ok, body }) => {
        if (ok) return render(form, box, body);
        box.textContent = "";
        const msg = (body.error && body.error.message) || L(form, "failed", "");
        box.appendChild(el("p", { class: "alert", role: "alert" }, msg));
        speak(msg);
      })
      .catch(() => {
        box.textContent = "";
        box.appendChild(el("p", { class: "alert", role: "alert" }, L(form, "failed", "")));
      });
    if (window.history && form.dataset.center && !form.closest("[data-guide-box]")) {
      window.history.replaceState(null, "", `?${params}`);
    }
  }
  document.querySelectorAll("form[data-ask]").forEach((form) => {
    const box = document.querySelector(form.dataset.target || "[data-ask-answer]");
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      ask(form, box);
    });
    document.querySelectorAll("a[data-example]").forEach((a) =>
      a.addEventListener("click", (ev) => {
        ev.preventDefault();
        form.elements.q.value = a.textContent;
        ask(form, box);
      })
    );
    // A spoken question, only where the browser can hear one.
    const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
    const mic = form.querySelector(".ask-mic");
    if (Recognition && mic) {
      mic.hidden = false;
      mic.addEventListener("click", () => {
        const rec = new Recognition();
        rec.lang = "zh-CN";
        rec.interimResults = false;
        const label = mic.textContent;
        mic.textContent = mic.dataset.listening || "…";
        rec.onresult = (e) => {
          form.elements.q.value = e.results[0][0].transcript;
          ask(form, box);
        };
        rec.onend = () => (mic.textContent = label);
        rec.start();
      });
    }
    // Read aloud on demand, also outside elderly mode.
    box.addEventListener("click", (ev) => {
      if (ev.target.matches("[data-speak-answer]")) speak(ev.target.textContent, true);
    });
  });
})();
