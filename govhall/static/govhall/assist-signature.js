// The desk's signature pad: draw with a finger, stylus or mouse on a canvas;
// the PNG goes into the form's hidden "signature" field as a data URL.
(function () {
  function setup(canvas) {
    var form = canvas.closest("form");
    var field = form.querySelector("input[name=signature]");
    var ctx = canvas.getContext("2d");
    var drawing = false, inked = false;
    function size() {
      var ratio = window.devicePixelRatio || 1;
      canvas.width = canvas.clientWidth * ratio;
      canvas.height = canvas.clientHeight * ratio;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#111";
    }
    function at(e) {
      var r = canvas.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    }
    canvas.addEventListener("pointerdown", function (e) {
      drawing = true; canvas.setPointerCapture(e.pointerId);
      var p = at(e); ctx.beginPath(); ctx.moveTo(p[0], p[1]);
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) return;
      var p = at(e); ctx.lineTo(p[0], p[1]); ctx.stroke(); inked = true;
    });
    function end() { if (drawing) { drawing = false; if (inked) field.value = canvas.toDataURL("image/png"); } }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    var clear = form.querySelector("[data-sigpad-clear]");
    if (clear) clear.addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height); inked = false; field.value = "";
    });
    form.addEventListener("submit", function (e) {
      if (!field.value) {
        e.preventDefault();
        var hint = form.querySelector("[data-sigpad-hint]");
        if (hint) hint.hidden = false;
      }
    });
    size();
  }
  document.querySelectorAll("canvas.sigpad").forEach(setup);
})();
