// zerozone dashboard: draws the page's charts and follows the progress of running runs.
"use strict";

function drawCharts() {
  const config = JSON.parse(document.getElementById("plot-config").textContent);
  for (const element of document.querySelectorAll("div.chart[data-figure]")) {
    const figure = JSON.parse(document.getElementById(element.dataset.figure).textContent);
    figure.layout.autosize = true;
    delete figure.layout.width;
    const width = element.clientWidth || window.innerWidth;
    if (window.zerozoneFitFigure) window.zerozoneFitFigure(figure.data, figure.layout, width);
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

function showRunState(state, labels, run) {
  // The run page: the status and the stage reached.
  state.querySelector(".status").textContent = labels.status[run.status] || run.status;
  const stages = Array.from(state.querySelectorAll("li[data-stage]"));
  const index = stages.findIndex((li) => li.dataset.stage === run.stage);
  stages.forEach((li, k) => {
    li.classList.toggle("reached", k <= index);
    li.classList.toggle("current", k === index);
  });
}

function appendLog(text) {
  const log = document.getElementById("log");
  const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  log.append(text);
  document.getElementById("log-empty").hidden = true;
  if (atEnd) log.scrollTop = log.scrollHeight;
}

function followLog() {
  // The run page: the server's event stream brings the stage and the solver's log as they are
  // written; the page reloads when the run ends, to show its results.
  const state = document.querySelector("div.run-state[data-active]");
  if (!state) return;
  const labels = JSON.parse(document.getElementById("labels").textContent);
  const base = "/api/runs/" + encodeURIComponent(state.dataset.run);
  if (!window.EventSource) {
    pollLog(state, labels, base);
    return;
  }
  const source = new EventSource(base + "/events?offset=" + state.dataset.offset);
  source.addEventListener("state", (event) => showRunState(state, labels, JSON.parse(event.data)));
  source.addEventListener("log", (event) => {
    const chunk = JSON.parse(event.data);
    if (chunk.offset === Number(state.dataset.offset)) appendLog(chunk.text);
    state.dataset.offset = chunk.next_offset;
  });
  source.addEventListener("end", () => {
    source.close();
    window.location.reload();
  });
}

async function pollLog(state, labels, base) {
  // Without EventSource: ask for the log from the last offset every second.
  const response = await fetch(base + "/log?offset=" + state.dataset.offset);
  if (response.ok) {
    const chunk = await response.json();
    if (chunk.text) appendLog(chunk.text);
    state.dataset.offset = chunk.next_offset;
    showRunState(state, labels, chunk);
    if (chunk.status !== "queued" && chunk.status !== "running") {
      window.location.reload();
      return;
    }
  }
  window.setTimeout(() => pollLog(state, labels, base), 1000);
}

window.addEventListener("DOMContentLoaded", () => {
  if (window.Plotly) drawCharts();
  followRuns();
  followLog();
});
