// Draws the dashboard's charts from the JSON the page carries (no inline script: CSP).
(function () {
  const source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) { return; }
  const data = JSON.parse(source.textContent);
  const charts = [];
  function draw(element, option) {
    const chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(Object.assign({ animation: false, textStyle: { fontFamily: "sans-serif" } }, option));
    charts.push(chart);
  }
  document.querySelectorAll("[data-chart=trend]").forEach((element) => {
    const strand = data.strands.find((s) => s.key === element.dataset.strand);
    draw(element, {
      tooltip: { trigger: "axis" },
      // A wrapping legend: every indicator's full name stays readable (a scrolling one cuts them).
      legend: { bottom: 0, left: "center", width: "92%", itemGap: 8, textStyle: { fontSize: 11 } },
      grid: { left: 40, right: 16, top: 16, bottom: 40 + 22 * Math.ceil(strand.series.length / 3) },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", minInterval: 1 },
      series: strand.series.map((s) => ({ name: s.name, type: "bar", data: s.data })),
    });
  });
  function bars(element, pairs) {
    draw(element, {
      tooltip: { trigger: "axis" },
      grid: { left: 110, right: 24, top: 8, bottom: 24 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: pairs.map((p) => p[0]) },
      series: [{ type: "bar", data: pairs.map((p) => p[1]), label: { show: true, position: "right" } }],
    });
  }
  const departments = document.querySelector("[data-chart=departments]");
  if (departments) { bars(departments, data.departments); }
  const people = document.querySelector("[data-chart=people]");
  if (people) { bars(people, data.people); }
  // The bureaus below ranked by target completion (%): no bar for a bureau without targets.
  const bureaus = document.querySelector("[data-chart=bureaus]");
  if (bureaus && data.bureaus) {
    draw(bureaus, {
      tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "—" : v + "%") },
      grid: { left: 110, right: 48, top: 8, bottom: 24 },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", inverse: true, data: data.bureaus.map((p) => p[0]) },
      series: [{
        type: "bar",
        data: data.bureaus.map((p) => p[1]),
        label: { show: true, position: "right", formatter: (p) => (p.value == null ? "—" : p.value + "%") },
      }],
    });
  }
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
