"""The package surface: version, backends, stubs, docstrings."""

import importlib.metadata
import os
import pathlib
import subprocess
import sys

import pytest

import simdigits


def test_version_matches_distribution():
    assert simdigits.__version__ == importlib.metadata.version("simdigits")


def test_every_public_function_is_documented():
    for name in simdigits.__all__:
        obj = getattr(simdigits, name)
        if callable(obj):
            assert obj.__doc__ and obj.__doc__.strip(), name


def test_stubs_and_marker_ship_with_the_package():
    root = pathlib.Path(simdigits.__file__).parent
    assert (root / "py.typed").exists()
    stub = (root / "__init__.pyi").read_text()
    for name in simdigits.__all__:
        assert name in stub, name


def test_backends():
    names = simdigits.backends()
    assert names[0] == "scalar"
    assert simdigits.get_backend() == names[-1]
    with simdigits.use_backend("scalar"):
        assert simdigits.get_backend() == "scalar"
    assert simdigits.get_backend() == names[-1]
    with pytest.raises(ValueError, match="no-such"):
        simdigits.set_backend("no-such")
    assert simdigits.get_backend() == names[-1]


def test_backend_from_environment():
    env = dict(os.environ, SIMDIGITS_BACKEND="scalar")
    out = subprocess.run([sys.executable, "-c", "import simdigits; print(simdigits.get_backend())"],
                         env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "scalar"
    env["SIMDIGITS_BACKEND"] = "no-such"
    bad = subprocess.run([sys.executable, "-c", "import simdigits"], env=env, capture_output=True, text=True)
    assert bad.returncode != 0 and "ValueError" in bad.stderr


def test_bench_command_quick(tmp_path):
    out = subprocess.run([sys.executable, "-m", "simdigits", "bench", "--quick", "--sizes", "1000,3000"],
                         capture_output=True, text=True, check=True)
    assert "simdigits.concat_range [scalar]" in out.stdout
    assert "simdigits.join [scalar]" in out.stdout and "numpy.savetxt" in out.stdout


def test_bench_plot(tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "classic.png"
    subprocess.run([sys.executable, "-m", "simdigits", "bench", "--quick", "--no-arrays", "--sizes", "1000,3000",
                    "--plot", str(png)], capture_output=True, text=True, check=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
