// zerozone: fits a plotly figure to the width it is drawn at (phones): long titles in lines,
// one legend entry a row, big markers smaller, and what a figure says for narrow screens in its
// traces' and layout's meta.narrow (the map: labels that would run into each other left to the
// legend and hover). Shared by the report (inlined) and the dashboard (/static/chart_fit.js).
var zerozoneFitFigure = (function () {
  "use strict";
  var NARROW = 600;  // below this width [px], legends list one entry a row under the chart
  // text broken into lines of at most perLine characters, at spaces
  function wrap(text, perLine) {
    var lines = [""];
    text.split(" ").forEach(function (word) {
      var last = lines.length - 1;
      var joined = (lines[last] + " " + word).trim();
      if (joined.length > perLine && lines[last]) { lines.push(word); } else { lines[last] = joined; }
    });
    return lines;
  }
  // a long title in lines that fit the chart's width (phones), with room made above
  function fitTitle(layout, width) {
    var title = layout.title && layout.title.text;
    var perLine = Math.max(18, Math.floor((width - 24) / 8));
    if (!title || title.length <= perLine || title.indexOf("<br>") >= 0) { return; }
    var lines = wrap(title, perLine);
    layout.title.text = lines.join("<br>");
    layout.margin = Object.assign({}, layout.margin);
    layout.margin.t = (layout.margin.t || 50) + 19 * (lines.length - 1);
    layout.height = (layout.height || 420) + 19 * (lines.length - 1);
  }
  // on a phone: one legend entry a row, long names in lines, the chart taller by the legend
  function fitLegend(data, layout, width) {
    if (width >= NARROW) { return; }
    var perLine = Math.max(18, Math.floor((width - 60) / 6.5));
    var rows = 0;
    data.forEach(function (trace) {
      if (trace.showlegend === false || !trace.name) { return; }
      var lines = wrap(trace.name, perLine);
      trace.name = lines.join("<br>");
      rows += lines.length;
    });
    layout.legend = Object.assign({}, layout.legend, { entrywidth: 1, entrywidthmode: "fraction" });
    // big markers (the map's zones) shrink with the screen so that neighbours stay apart
    var scale = Math.max(0.5, width / 800);
    data.forEach(function (trace) {
      var size = trace.marker && trace.marker.size;
      if (typeof size === "number" && size > 15) { trace.marker.size = size * scale; }
    });
    layout.height = (layout.height || 420) + 17 * rows;
  }
  // on a phone: what a figure's traces and layout say for narrow screens in meta.narrow (the
  // map: labels that would run into each other left to the legend and hover); the layout's
  // annotations are given as their texts
  function fitNarrow(data, layout, width) {
    if (width >= NARROW) { return; }
    data.forEach(function (trace) {
      if (trace.meta && trace.meta.narrow) { Object.assign(trace, trace.meta.narrow); }
    });
    var narrow = layout.meta && layout.meta.narrow;
    if (!narrow) { return; }
    (narrow.annotations || []).forEach(function (text, k) {
      if (layout.annotations && layout.annotations[k]) { layout.annotations[k].text = text; }
    });
    if (narrow.height) { layout.height = narrow.height; }
    if (narrow.xrange) { layout.xaxis = Object.assign({}, layout.xaxis, { range: narrow.xrange }); }
  }
  // fit ``data`` and ``layout`` (changed in place) to ``width`` [px]
  return function (data, layout, width) {
    fitNarrow(data, layout, width);
    fitTitle(layout, width);
    fitLegend(data, layout, width);
  };
})();
