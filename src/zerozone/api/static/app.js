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

async function followLog() {
  // The run page: append the solver's log as it is written, mark the stage reached.
  const state = document.querySelector("div.run-state[data-active]");
  if (!state) return;
  const labels = JSON.parse(document.getElementById("labels").textContent);
  const log = document.getElementById("log");
  const url = "/api/runs/" + encodeURIComponent(state.dataset.run) + "/log?offset=";
  const response = await fetch(url + state.dataset.offset);
  if (response.ok) {
    const chunk = await response.json();
    if (chunk.text) {
      const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
      log.append(chunk.text);
      document.getElementById("log-empty").hidden = true;
      if (atEnd) log.scrollTop = log.scrollHeight;
    }
    state.dataset.offset = chunk.next_offset;
    state.querySelector(".status").textContent = labels.status[chunk.status] || chunk.status;
    const stages = Array.from(state.querySelectorAll("li[data-stage]"));
    const index = stages.findIndex((li) => li.dataset.stage === chunk.stage);
    stages.forEach((li, k) => {
      li.classList.toggle("reached", k <= index);
      li.classList.toggle("current", k === index);
    });
    if (chunk.status !== "queued" && chunk.status !== "running") {
      window.location.reload();
      return;
    }
  }
  window.setTimeout(followLog, 1000);
}

window.addEventListener("DOMContentLoaded", () => {
  if (window.Plotly) drawCharts();
  followRuns();
  followLog();
});
