/* Cockpit charts (Apache ECharts, loaded from /static/vendor/echarts.min.js).
 * No inline script anywhere: chart data comes from <script type="application/json"> blocks
 * written by Django's json_script; this file finds every [data-chart] element and draws it.
 * After an htmx swap the new content is drawn the same way. */
(function () {
  "use strict";

  var instances = [];

  function readJSON(id) {
    var node = document.getElementById(id);
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function shorten(text, size) {
    text = String(text || "");
    return text.length > size ? text.slice(0, size) + "…" : text;
  }

  function stacked(el, data) {
    var horizontal = true;
    var categories = data.categories.slice().reverse();
    var option = {
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true },
      legend: { top: 0, type: "plain", itemWidth: 14, itemHeight: 10 },
      grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: categories,
               axisLabel: { formatter: function (v) { return shorten(v, 16); } } },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "status", barMaxWidth: 28,
                 itemStyle: { color: s.colour }, emphasis: { focus: "series" },
                 data: s.data.slice().reverse(), statusCode: s.code };
      })
    };
    el.style.height = Math.max(240, 80 + categories.length * 30) + "px";
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    var link = el.getAttribute("data-link");
    var dimension = el.getAttribute("data-dimension");
    if (link && horizontal) {
      chart.on("click", function (params) {
        var keys = data.keys.slice().reverse();
        var key = keys[params.dataIndex];
        var status = data.series[params.seriesIndex].code;
        if (key === "" || key === undefined) { return; }
        var sep = link.indexOf("?") >= 0 ? "&" : "?";
        window.location.href = link + sep + encodeURIComponent(dimension) + "=" +
          encodeURIComponent(key) + "&status=" + encodeURIComponent(status);
      });
    }
    return chart;
  }

  function bars(el, data) {
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis", confine: true },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.categories,
               axisLabel: { interval: 0, formatter: function (v) { return shorten(v, 8); } } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: "事项数", type: "bar", data: data.data, barMaxWidth: 36,
                 itemStyle: { color: "#c62828" } }]
    });
    return chart;
  }

  var LIGHTS = { green: "#2e7d32", yellow: "#f9a825", red: "#c62828" };

  function trend(el, data) {
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var series = [{
      name: "完成值", type: "line", data: data.actual.map(function (v, i) {
        return { value: v, itemStyle: { color: LIGHTS[data.lights[i]] || "#9e9e9e" } };
      }), symbolSize: 6, connectNulls: false, lineStyle: { color: "#1e88e5", width: 1.5 }
    }];
    if (data.pace.some(function (v) { return v !== null; })) {
      series.push({ name: "序时目标", type: "line", data: data.pace, symbol: "none",
                    lineStyle: { type: "dashed", color: "#888", width: 1 } });
    } else if (data.target !== null) {
      series.push({ name: "目标", type: "line", symbol: "none",
                    data: data.periods.map(function () { return data.target; }),
                    lineStyle: { type: "dashed", color: "#888", width: 1 } });
    }
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis", confine: true,
                 valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + (data.measure || ""); } },
      grid: { left: 4, right: 4, top: 6, bottom: 4, containLabel: false },
      xAxis: { type: "category", data: data.periods, show: false },
      yAxis: { type: "value", show: false, scale: true },
      series: series
    });
    return chart;
  }

  var DRAW = { stacked: stacked, bars: bars, trend: trend };

  function draw(root) {
    if (typeof echarts === "undefined") { return; }
    var cache = {};
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.getAttribute("data-drawn")) { return; }
      var source = el.getAttribute("data-source");
      if (!(source in cache)) { cache[source] = readJSON(source); }
      var data = cache[source];
      var key = el.getAttribute("data-key");
      if (data && key !== null) { data = data[key]; }
      var kind = DRAW[el.getAttribute("data-chart")];
      if (!data || !kind) { return; }
      instances.push(kind(el, data));
      el.setAttribute("data-drawn", "1");
    });
  }

  function disposeWithin(root) {
    instances = instances.filter(function (chart) {
      var dom = chart.getDom();
      if (root.contains(dom)) { chart.dispose(); return false; }
      return true;
    });
  }

  function resizeAll() {
    instances.forEach(function (chart) { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
    document.querySelectorAll("[data-action=print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    disposeWithin(event.detail.target);
  });
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.detail.target); });
  window.addEventListener("resize", resizeAll);
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
