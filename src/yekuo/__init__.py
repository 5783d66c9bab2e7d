"""yekuo (业扩): fine-grained management of new-connection and capacity-increase applications."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("yekuo")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
