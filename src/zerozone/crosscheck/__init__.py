"""The independent cross-check: the planning problem written as a PyPSA network.

PyPSA itself is not imported (it lives in its own pinned environment, ``tools/pypsa_env.sh``);
``tools/pypsa_crosscheck.py`` solves the written network there and reports its optimum, which
must equal zerozone's (``tests/model/test_pypsa_crosscheck.py``).
"""

from zerozone.crosscheck.pypsa_export import PYPSA_VERSION, export_pypsa

__all__ = ["PYPSA_VERSION", "export_pypsa"]
