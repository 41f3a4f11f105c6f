"""The wheel carries native binaries (weightatlas/_bin/): mark the distribution as not pure,
so the wheel is platlib and auditwheel can repair it. Everything else is in pyproject.toml."""

from setuptools import setup
from setuptools.dist import Distribution


class BinaryDistribution(Distribution):
    """A distribution with platform-specific files."""

    def has_ext_modules(self) -> bool:
        return True


setup(distclass=BinaryDistribution)
