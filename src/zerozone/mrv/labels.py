"""Display names of MRV codes (GPC sectors, meter kinds, register types, events), marked for
translation; the command line and the service's dashboard show them in the user's language."""

from __future__ import annotations

from zerozone.i18n import N_

GPC_LABELS = {
    "I.1": N_("Residential buildings"),
    "I.2": N_("Commercial and institutional buildings and facilities"),
    "II.1": N_("On-road transportation"),
    "TOTAL": N_("BASIC total"),
}
KIND_LABELS = {
    "grid_import": N_("grid import"),
    "grid_export": N_("grid export"),
    "pv_generation": N_("PV generation"),
    "heat_pump": N_("heat pump"),
    "ev_charger": N_("EV charger"),
    "gas": N_("gas"),
}

REGISTER_LABELS = {"cumulative": N_("cumulative"), "interval": N_("interval")}
BY_LABELS = {"hour": N_("hour"), "day": N_("day"), "month": N_("month")}
EVENT_LABELS = {"reset": N_("reset"), "rollover": N_("rollover"), "backward": N_("backward step")}
