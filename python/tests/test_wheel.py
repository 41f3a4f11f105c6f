"""The installed wheel is self-contained: this package, its binaries, their libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import weightatlas
from conftest import REPO

#: What a manylinux system provides (glibc, the C++ runtime, zlib); all else must come from the wheel.
SYSTEM = ("linux-vdso", "libc.so", "libm.so", "libpthread", "libdl", "librt", "libresolv", "ld-linux",
          "libstdc++", "libgcc_s", "libz.so")


def installed_binaries() -> list[Path]:
    folder = Path(weightatlas.__file__).parent / "_bin"
    return [folder / "weightatlas", folder / "weightatlas-hdf5"]


def test_the_package_is_the_installed_one() -> None:
    assert Path(weightatlas.__file__).is_relative_to(Path(sys.prefix)), weightatlas.__file__
    assert not Path(weightatlas.__file__).is_relative_to(REPO / "python")


def test_binaries_resolve_their_libraries_from_the_wheel() -> None:
    libs = (Path(weightatlas.__file__).parent.parent / "weightatlas.libs").resolve()
    for binary in installed_binaries():
        lines = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=True).stdout.splitlines()
        assert not [line for line in lines if "not found" in line], lines
        bundled = 0
        for line in lines:
            name = Path(line.strip().split()[0]).name
            if name.startswith(SYSTEM):
                continue
            target = Path(line.split("=>")[1].split("(")[0].strip()).resolve()
            assert target.is_relative_to(libs), f"{binary.name}: {name} resolves to {target}, not the wheel's"
            bundled += 1
        assert bundled >= 3, f"{binary.name}: only {bundled} libraries from the wheel"


def test_the_console_command_runs_the_binary() -> None:
    done = subprocess.run(["weightatlas", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"weightatlas {weightatlas.__version__}"


def test_exactly_one_wheel_tagged_manylinux() -> None:
    wheels = list((REPO / "dist").glob("weightatlas-*.whl"))
    assert len(wheels) == 1 and "-py3-none-manylinux_" in wheels[0].name, wheels


def test_the_bundled_icd_loader_finds_the_systems_drivers() -> None:
    # The wheel's libOpenCL reads /etc/OpenCL/vendors like the system's would (make deps
    # installs PoCL, so there is always a driver to find here).
    assert list(Path("/etc/OpenCL/vendors").glob("*.icd")), "no OpenCL ICD file: run make deps"
    done = subprocess.run(["weightatlas", "devices"], capture_output=True, text=True, check=True)
    assert "platform " in done.stdout and "[0]" in done.stdout, done.stdout
