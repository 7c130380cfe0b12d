// The claimant signs on a canvas; the PNG goes in a hidden field only once drawn.
(function () {
  var canvas = document.getElementById("cv-sign");
  if (!canvas) return;
  var field = document.getElementById("cv-signature");
  var ctx = canvas.getContext("2d");
  var drawing = false, drawn = false;
  function size() {
    var r = canvas.getBoundingClientRect();
    canvas.width = r.width; canvas.height = r.height;
    ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.strokeStyle = "#111";
  }
  size();
  function at(e) { var r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; }
  canvas.addEventListener("pointerdown", function (e) { drawing = true; var p = at(e); ctx.beginPath(); ctx.moveTo(p[0], p[1]); canvas.setPointerCapture(e.pointerId); });
  canvas.addEventListener("pointermove", function (e) { if (!drawing) return; var p = at(e); ctx.lineTo(p[0], p[1]); ctx.stroke(); drawn = true; });
  function done() { if (drawing && drawn) field.value = canvas.toDataURL("image/png"); drawing = false; }
  canvas.addEventListener("pointerup", done);
  canvas.addEventListener("pointerleave", done);
  var clear = document.getElementById("cv-sign-clear");
  if (clear) clear.addEventListener("click", function () { ctx.clearRect(0, 0, canvas.width, canvas.height); field.value = ""; drawn = false; });
})();
