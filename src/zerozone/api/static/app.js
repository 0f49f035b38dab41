// zerozone dashboard: draws the page's charts and follows the progress of running runs.
"use strict";

function drawCharts() {
  const config = JSON.parse(document.getElementById("plot-config").textContent);
  for (const element of document.querySelectorAll("div.chart[data-figure]")) {
    const figure = JSON.parse(document.getElementById(element.dataset.figure).textContent);
    figure.layout.autosize = true;
    delete figure.layout.width;
    window.Plotly.newPlot(element, figure.data, figure.layout, config);
  }
}

async function followRuns() {
  const rows = Array.from(document.querySelectorAll("tr[data-active]"));
  if (!rows.length) return;
  const labels = JSON.parse(document.getElementById("labels").textContent);
  let ended = false;
  for (const row of rows) {
    const response = await fetch("/api/runs/" + encodeURIComponent(row.dataset.run));
    if (!response.ok) continue;
    const run = await response.json();
    row.querySelector(".status").textContent = labels.status[run.status] || run.status;
    const stage = row.querySelector(".stage");
    stage.querySelector("progress").value = run.stage_index || 0;
    stage.querySelector("span").textContent = labels.stages[run.stage] || run.stage || "";
    if (run.status !== "queued" && run.status !== "running") ended = true;
  }
  if (ended) window.location.reload();
  else window.setTimeout(followRuns, 1000);
}

window.addEventListener("DOMContentLoaded", () => {
  if (window.Plotly) drawCharts();
  followRuns();
});
