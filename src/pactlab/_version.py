"""The installed version, read from the package metadata."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pactlab")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.1.0"
