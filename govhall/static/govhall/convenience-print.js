// The public computer's countdown (000 第二十条): the server keeps the start time
// and the limit; the page counts down from them and turns red on overrun.
(function () {
  function pad(n) { return String(n).padStart(2, "0"); }
  function tick() {
    document.querySelectorAll("[data-computer-ends]").forEach(function (el) {
      var ends = Date.parse(el.dataset.computerEnds);
      var left = Math.round((ends - Date.now()) / 1000);
      var over = left < 0;
      var s = Math.abs(left);
      el.textContent = (over ? "+" : "") + pad(Math.floor(s / 60)) + ":" + pad(s % 60);
      el.classList.toggle("over", over);
      var note = document.getElementById(el.dataset.overNote);
      if (note) note.hidden = !over;
    });
  }
  tick();
  setInterval(tick, 1000);
})();
