"""The HTML report printed to PDF by headless Chromium (Debian's ``chromium``), as a subprocess.

Chromium lays the page out at A4 width (:data:`WINDOW`), runs plotly.js for up to
:data:`VIRTUAL_TIME_BUDGET_MS` of virtual time so that every chart is drawn, then prints with the
page's print style sheet: A4, a title page with the contents and headline figures, page numbers
in the bottom margin (CSS page-margin boxes), headings kept with what follows them. The PDF's
outline (bookmarks) is made by Chromium from the headings (``--generate-pdf-document-outline``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from zerozone.errors import ZerozoneError

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
"""Where to look for Chromium, in order."""
VIRTUAL_TIME_BUDGET_MS = 20000
"""Virtual time Chromium gives the page's scripts before printing [ms]."""
WINDOW = "800,1130"
"""Window size: about A4 at 96 px per inch [px]."""
TIMEOUT_S = 180
"""Longest wait for Chromium [s]."""


class PdfError(ZerozoneError, RuntimeError):
    """Chromium is missing or failed to print."""


def find_chromium(explicit: str | None = None) -> str:
    """The Chromium executable to use.

    Raises
    ------
    PdfError
        When none is found.
    """
    for candidate in (explicit,) if explicit else CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    raise PdfError(
        "Chromium was not found (looked for /usr/bin/chromium); install Debian's chromium "
        "package or use --format html"
    )


def print_pdf(html: Path, pdf: Path, chromium: str | None = None) -> Path:
    """Print the HTML file ``html`` to ``pdf`` with headless Chromium.

    Parameters
    ----------
    html : pathlib.Path
        A self-contained HTML file.
    pdf : pathlib.Path
        The PDF to write (its folder is created).
    chromium : str, optional
        Executable; see :func:`find_chromium`.

    Raises
    ------
    PdfError
        When Chromium is missing, fails or writes nothing.
    """
    executable = find_chromium(chromium)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="zerozone-chromium-") as profile:
        command = [
            executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-extensions",
            f"--user-data-dir={profile}",
            f"--window-size={WINDOW}",
            "--run-all-compositor-stages-before-draw",
            f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
            f"--print-to-pdf={pdf.resolve()}",
            html.resolve().as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium did not finish within {TIMEOUT_S} s") from None
    if not pdf.is_file() or pdf.stat().st_size == 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise PdfError(f"Chromium wrote no PDF (exit code {done.returncode}): {tail}")
    return pdf
