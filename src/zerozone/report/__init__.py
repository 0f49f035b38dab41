"""Reports of a run: one self-contained HTML file (and PDF), in English and Azerbaijani.

The report takes finance results and run tables and lays them out; it computes no results of its
own (reshaping for charts only). Charts are Plotly figures rendered by plotly.js inlined from the
installed ``plotly`` package, so the file works offline.
"""
