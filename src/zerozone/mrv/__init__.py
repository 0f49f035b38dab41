"""Measurement, reporting and verification: meters, readings, energy, emissions, actual vs plan.

Modules
-------
store      the DuckDB file, its schema, the data directory
units      reading units and their conversion to kWh (gas calorific value)
registry   zones -> settlements -> sites -> meters
readings   validation and normalisation of incoming rows
ingest     batches from files, JSON and data frames (one transaction each)
mqtt       the MQTT listener (paho-mqtt)
energy     interval energy from registers, hourly aggregates, gaps, local days
factors    hourly grid emission factors (plan run, user series, annual) and IPCC fuel factors
gpc        the GPC BASIC inventory per settlement, zone and year
status     actual versus plan
simulate   realistic meter readings from the demand and PV profiles
"""
