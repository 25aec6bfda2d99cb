/* Draws each dashboard chart from the table of numbers under it (the table stays the source of truth, for
   screen readers and copying). Chart.js is served from the project: no CDN. */
(function () {
  "use strict";
  var COLOURS = ["#0b5cad", "#d97706", "#1d6b35", "#8a3ffc"];

  function number(text) {
    var value = parseFloat(String(text).replace(/[^0-9.\-]/g, ""));
    return isNaN(value) ? 0 : value;
  }

  function draw(figure) {
    var table = figure.querySelector("table");
    var canvas = figure.querySelector("canvas");
    if (!table || !canvas || !window.Chart) { return; }
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th[data-series]"));
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var labels = rows.map(function (row) { return row.querySelector("th").textContent.trim(); });
    var datasets = headers.map(function (header, index) {
      var colour = COLOURS[index % COLOURS.length];
      return {
        label: header.textContent.trim(),
        data: rows.map(function (row) { return number(row.querySelectorAll("td")[index].textContent); }),
        backgroundColor: colour, borderColor: colour, tension: 0
      };
    });
    var horizontal = figure.hasAttribute("data-horizontal");
    new window.Chart(canvas, {
      type: figure.getAttribute("data-chart") === "line" ? "line" : "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: datasets.length > 1, position: "bottom" } },
        // Counts of children: whole numbers on the value axis.
        scales: { x: { beginAtZero: true, ticks: { autoSkip: !horizontal, precision: 0 } },
                  y: { beginAtZero: true, ticks: { autoSkip: !horizontal, precision: 0 } } }
      }
    });
    figure.classList.add("drawn");
  }

  document.querySelectorAll("figure.chart").forEach(draw);
})();
