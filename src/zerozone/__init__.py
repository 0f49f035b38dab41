"""zerozone: plan, finance and track zero-emission zones."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("zerozone")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
