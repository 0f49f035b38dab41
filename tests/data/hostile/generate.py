"""Write the hostile scenario files of this folder from the bundled ``aghali`` scenario.

Each case changes the bundled file as text (one replacement, so that its line numbers stay those
of ``aghali.yaml``) or writes raw bytes. ``cases.yaml`` gives each file's command, expected exit
code and message fragments; ``tests/data/test_hostile.py`` runs them through the real command
line. Run ``python tests/data/hostile/generate.py`` after changing the bundled scenario.
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).parent
BASE = HERE.parents[2] / "src" / "zerozone" / "data" / "scenarios" / "aghali.yaml"

CAP = """    shape: linear
    start_year: 2025
    start_t: 700
"""

REPLACEMENTS: dict[str, tuple[str, str]] = {
    # impossible physics and meaning
    "battery_efficiency_5.yaml": ("    efficiency: 0.92\n", "    efficiency: 5.0\n"),
    "heat_pump_cop_20.yaml": ("    efficiency: 3.0\n", "    efficiency: 20.0\n"),
    "negative_import_price.yaml": (
        "import_price_usd_per_mwh: {2025: 60}",
        "import_price_usd_per_mwh: {2025: -60}",
    ),
    "negative_import_emission.yaml": (
        "emission_factor_t_per_mwh: {2022: 0.462,",
        "emission_factor_t_per_mwh: {2022: -0.462,",
    ),
    "export_above_import_price.yaml": (
        "export_price_usd_per_mwh: {2025: 45}",
        "export_price_usd_per_mwh: {2025: 90}",
    ),
    "price_shape_23_hours.yaml": (
        "export_price_usd_per_mwh: {2025: 45}\n",
        "export_price_usd_per_mwh: {2025: 45}\n"
        f"    export_price_shape: {{2025: [{', '.join(['1.0'] * 23)}]}}\n",
    ),
    "price_shape_mean_2.yaml": (
        "export_price_usd_per_mwh: {2025: 45}\n",
        "export_price_usd_per_mwh: {2025: 45}\n"
        f"    export_price_shape: {{2025: [{', '.join(['2.0'] * 24)}]}}\n",
    ),
    "price_shape_nan.yaml": (
        "import_price_usd_per_mwh: {2025: 60}\n",
        "import_price_usd_per_mwh: {2025: 60}\n"
        f"    import_price_shape: {{2025: [.nan, {', '.join(['1.0'] * 23)}]}}\n",
    ),
    "price_shape_export_above_import.yaml": (
        "export_price_usd_per_mwh: {2025: 45}\n",
        "export_price_usd_per_mwh: {2025: 45}\n"
        f"    export_price_shape: {{2030: [{', '.join(['0.5'] * 12 + ['1.5'] * 12)}]}}\n",
    ),
    "interconnector_free.yaml": (
        "export_price_usd_per_mwh: {2025: 45}\n",
        "export_price_usd_per_mwh: {2025: 45}\n"
        "    interconnector: {from_year: 2030, max_capacity_mw: 10, source: x}\n",
    ),
    # NaN and infinity
    "capex_nan.yaml": (
        "capex_usd_per_kw: {2025: 1627, 2030: 1313, 2050: 993}",
        "capex_usd_per_kw: {2025: .nan, 2030: 1313, 2050: 993}",
    ),
    "capex_minus_inf.yaml": (
        "capex_usd_per_kw: {2025: 1627, 2030: 1313, 2050: 993}",
        "capex_usd_per_kw: {2025: -.inf, 2030: 1313, 2050: 993}",
    ),
    "capacity_inf.yaml": ("    capacity_mw: 0.4\n", "    capacity_mw: .inf\n"),
    "potential_inf_string.yaml": (
        "    max_capacity_mw: 1.5\n",
        '    max_capacity_mw: "inf"\n',
    ),
    "demand_inf.yaml": ("      per_capita_mwh: 1.0\n", "      per_capita_mwh: .inf\n"),
    "value_of_lost_load_inf.yaml": (
        "value_of_lost_load_usd_per_mwh: 5000",
        "value_of_lost_load_usd_per_mwh: .inf",
    ),
    "import_capacity_nan.yaml": (
        "import_capacity_mw: {2024: 2}",
        "import_capacity_mw: {2024: .nan}",
    ),
    # silent misreadings
    "thousands_separator.yaml": ("    capacity_mw: 0.4\n", '    capacity_mw: "1,000 kW"\n'),
    "duplicate_key.yaml": (
        "  discount_rate: 0.08\n",
        "  discount_rate: 0.08\n  discount_rate: 0.5\n",
    ),
    "committed_2070.yaml": (
        "potentials:\n",
        "committed:\n  - name: Late screw\n    technology: hydro_ror\n    zone: aghali\n"
        "    capacity_mw: 0.1\n    year: 2070\n    source: x\n\npotentials:\n",
    ),
    "timezone_mars.yaml": ("timezone: Asia/Baku", "timezone: Mars/Olympus_Mons"),
    # structure
    "zones_empty.yaml": ("zones:\n", "zones: []\nunused_zones:\n"),
    "two_documents.yaml": ("seed: 0\n", "seed: 0\n---\nseed: 1\n"),
    "python_tag.yaml": ("seed: 0\n", "seed: !!python/object/apply:os.getpid []\n"),
    # plans (solved at days:2)
    "seed_1.yaml": ("seed: 0\n", "seed: 1\n"),
    "discount_rate_0.yaml": ("  discount_rate: 0.08\n", "  discount_rate: 0\n"),
    "budget_0.yaml": (CAP, "    shape: budget\n    budget_t: 0\n"),
    "budget_1000.yaml": (CAP, "    shape: budget\n    budget_t: 1000\n"),
    "explicit_cap_0.yaml": (CAP, "    shape: explicit\n    values_t: {2025: 0, 2050: 0}\n"),
    "value_of_lost_load_1.yaml": (
        "value_of_lost_load_usd_per_mwh: 5000",
        "value_of_lost_load_usd_per_mwh: 1",
    ),
    "value_of_lost_load_50.yaml": (
        "value_of_lost_load_usd_per_mwh: 5000",
        "value_of_lost_load_usd_per_mwh: 50",
    ),
    "seed_huge.yaml": ("seed: 0\n", "seed: 123456789012345678901234567890\n"),
    "population_absurd.yaml": (
        "2050: {low: 900, central: 1000, high: 1000}",
        "2050: {low: 900, central: 1000000000, high: 1000000000}",
    ),
}


def alias_bomb(levels: int) -> str:
    """A small file whose aliases nest ``levels`` deep, nine copies at each level."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + f"\nname: *a{levels}\n"


def main() -> None:
    """Write every fixture next to this script."""
    base = BASE.read_text(encoding="utf-8")
    for name, (old, new) in REPLACEMENTS.items():
        assert base.count(old) >= 1, name
        (HERE / name).write_text(base.replace(old, new, 1), encoding="utf-8")
    (HERE / "technologies_empty.yaml").write_text(
        base.replace("technologies:\n", "technologies: []\nunused_technologies:\n", 1),
        encoding="utf-8",
    )
    free = re.sub(r"capex_usd_per_kwh?: \{[^}]*\}", "capex_usd_per_kw: {2025: 0}", base)
    free = free.replace("energy_capex_usd_per_kw:", "energy_capex_usd_per_kwh:")
    (HERE / "capex_zero.yaml").write_text(free, encoding="utf-8")
    (HERE / "alias_bomb.yaml").write_text(alias_bomb(7), encoding="utf-8")
    (HERE / "deep_nesting.yaml").write_text("name: " + "[" * 5000 + "]" * 5000 + "\n")
    latin1 = base.replace("az: Ağalı}", "az: Agal\xe9}", 1).encode("utf-8")
    (HERE / "latin1_byte.yaml").write_bytes(latin1.replace("\xe9".encode(), b"\xe9"))
    (HERE / "utf16.yaml").write_bytes(base.encode("utf-16"))


if __name__ == "__main__":
    main()
