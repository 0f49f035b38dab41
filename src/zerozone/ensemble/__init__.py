"""Ensembles: sampling of uncertain inputs, many plans on Dask, and what holds across futures."""
