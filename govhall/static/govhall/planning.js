/* The planning page's charts (ECharts, vendored): arrivals forecast and actual,
   windows needed and rostered, expected waits, per half hour. The figures come
   from the page itself (json_script), so the charts and the table agree. */
(function () {
  "use strict";
  function draw() {
    var node = document.getElementById("planning-chart");
    if (!node || !window.echarts) return;
    var d = JSON.parse(node.textContent);
    var grid = { left: 48, right: 16, top: 40, bottom: 36 };
    var axis = { type: "category", data: d.labels, axisLabel: { fontSize: 12 } };
    var font = { fontFamily: "system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" };
    var charts = [];
    function make(id, option) {
      var el = document.getElementById(id);
      if (!el) return;
      var chart = echarts.init(el, null, { renderer: "svg" });
      option.textStyle = font;
      option.animation = false;
      chart.setOption(option);
      el.setAttribute("data-drawn", "1");
      charts.push(chart);
    }
    var arrivals = [{ name: "预计到达", type: "bar", data: d.expected, itemStyle: { color: "#5b8def" } }];
    if (d.actual) arrivals.push({ name: "实际到达", type: "line", data: d.actual, itemStyle: { color: "#d9480f" }, symbolSize: 6 });
    make("chart-arrivals", {
      tooltip: { trigger: "axis" }, legend: { top: 4 }, grid: grid, xAxis: axis,
      yAxis: { type: "value", name: "人次" }, series: arrivals
    });
    var windows = [
      { name: "所需窗口", type: "bar", data: d.needed, itemStyle: { color: "#c92a2a" } },
      { name: "排班窗口", type: "line", step: "middle", data: d.rostered, itemStyle: { color: "#2b8a3e" }, lineStyle: { width: 3 } },
      { name: "业务负荷", type: "line", data: d.load, itemStyle: { color: "#868e96" }, lineStyle: { type: "dashed" }, symbol: "none" }
    ];
    if (d.base_needed) windows.push({ name: "假设前所需", type: "line", data: d.base_needed, itemStyle: { color: "#f08c00" }, lineStyle: { type: "dotted" } });
    make("chart-windows", {
      tooltip: { trigger: "axis" }, legend: { top: 4 }, grid: grid, xAxis: axis,
      yAxis: { type: "value", name: "窗口", minInterval: 1 }, series: windows
    });
    var waits = [{ name: "预计等候（排队模型）", type: "line", data: d.wait, itemStyle: { color: "#1971c2" }, areaStyle: { opacity: 0.15 } }];
    if (d.sim_wait) waits.push({ name: "仿真等候", type: "line", data: d.sim_wait, itemStyle: { color: "#9c36b5" } });
    var target = d.target_minutes ? [{ yAxis: d.target_minutes, name: "叫号时限" }] : [];
    waits[0].markLine = { symbol: "none", data: target, lineStyle: { color: "#e03131", type: "dashed" }, label: { formatter: "时限 {c} 分" } };
    make("chart-waits", {
      tooltip: { trigger: "axis" }, legend: { top: 4 }, grid: grid, xAxis: axis,
      yAxis: { type: "value", name: "分钟" }, series: waits
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
