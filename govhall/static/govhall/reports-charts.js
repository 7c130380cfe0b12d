/* The report pages' charts (ECharts, vendored): each table's chart from the
   page's own JSON (json_script "rep-charts"), so the chart and the table agree.
   The period picker shows the date or the from/to fields as its kind asks. */
(function () {
  "use strict";
  var font = { fontFamily: "system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" };
  var palette = ["#1c7ed6", "#f08c00", "#2b8a3e", "#c92a2a", "#7048e8", "#0c8599", "#e64980", "#868e96"];
  function option(c) {
    if (c.kind === "pie") {
      var s = c.series[0];
      return {
        tooltip: { trigger: "item" }, legend: { type: "scroll", bottom: 0 },
        series: [{ name: s.name, type: "pie", radius: ["30%", "62%"], center: ["50%", "45%"],
          data: c.labels.map(function (l, i) { return { name: l, value: s.data[i] }; }),
          label: { formatter: "{b}\n{d}%" } }]
      };
    }
    var chars = c.labels.reduce(function (n, l) { return n + String(l).length; }, 0);
    var many = c.labels.length > 8 || chars > 20;
    return {
      tooltip: { trigger: "axis" }, legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: many ? 72 : 40 },
      xAxis: { type: "category", data: c.labels,
        axisLabel: { fontSize: 11, rotate: many ? 40 : 0, interval: c.kind === "line" ? "auto" : 0,
          formatter: function (v) { return v.length > 8 ? v.slice(0, 8) + "…" : v; } } },
      yAxis: { type: "value" },
      series: c.series.map(function (s) {
        return { name: s.name, type: c.kind === "line" ? "line" : "bar", data: s.data,
          smooth: false, symbolSize: 5, barMaxWidth: 28 };
      })
    };
  }
  function draw() {
    var node = document.getElementById("rep-charts");
    if (!node || !window.echarts) return;
    var charts = [];
    JSON.parse(node.textContent).forEach(function (c) {
      var el = document.getElementById(c.id);
      if (!el) return;
      var chart = echarts.init(el, null, { renderer: "canvas" });
      var o = option(c);
      o.textStyle = font; o.animation = false; o.color = palette;
      chart.setOption(o);
      el.setAttribute("data-drawn", "1");
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  function picker() {
    var kind = document.getElementById("period-kind");
    if (!kind) return;
    function show() {
      var range = kind.value === "range";
      document.querySelectorAll(".pick-range").forEach(function (e) {
        e.hidden = !range; e.querySelector("input").disabled = !range;
      });
      document.querySelectorAll(".pick-around").forEach(function (e) {
        e.hidden = range; e.querySelector("input").disabled = range;
      });
    }
    kind.addEventListener("change", show);
    show();
  }
  function start() { picker(); draw(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
