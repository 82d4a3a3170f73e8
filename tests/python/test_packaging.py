"""The package as it ships: the Python versions it claims, setup that does nothing when nothing
changed, a manylinux wheel that installs and runs in a fresh environment, and README examples that
are true."""

import ast
import doctest
import importlib.metadata
import os
import pathlib
import re
import subprocess
import sys
import sysconfig
import zipfile

import pytest

import simdigits

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = pathlib.Path(simdigits.__file__).parent
in_checkout = pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source checkout")


def claimed_minimum():
    spec = importlib.metadata.metadata("simdigits")["Requires-Python"]
    match = re.fullmatch(r">=\s*(\d+)\.(\d+)", spec.strip())
    assert match, f"Requires-Python should be a plain minimum, got {spec!r}"
    return int(match[1]), int(match[2])


def test_the_oldest_python_claimed_is_the_one_tested():
    oldest = claimed_minimum()
    if sys.version_info[:2] > oldest:
        pytest.skip(f"the oldest Python claimed is {oldest}; this run is {sys.version_info[:2]} (CI runs the oldest)")
    assert sys.version_info[:2] == oldest


@pytest.mark.parametrize("module", sorted(p.name for p in PACKAGE.glob("*.py*")))
def test_sources_parse_as_the_oldest_python_claimed(module):
    ast.parse((PACKAGE / module).read_text(), feature_version=claimed_minimum())


def test_classifiers_name_the_versions_claimed():
    classifiers = importlib.metadata.metadata("simdigits").get_all("Classifier")
    major, minor = claimed_minimum()
    assert f"Programming Language :: Python :: {major}.{minor}" in classifiers
    assert not any(c.startswith(f"Programming Language :: Python :: {major}.") and int(c.rsplit(".", 1)[1]) < minor
                   for c in classifiers)


@in_checkout
def test_license_is_the_one_the_metadata_claims():
    assert importlib.metadata.metadata("simdigits")["License"] == "MIT"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


@in_checkout
def test_setup_does_nothing_when_the_package_is_up_to_date():
    venv = ROOT / ".venv"
    if pathlib.Path(sys.prefix).resolve() != venv.resolve():
        pytest.skip("not running from the checkout's .venv (tools/setup.sh)")
    r = subprocess.run(["bash", "tools/setup.sh"], cwd=ROOT, capture_output=True, text=True,
                       env=dict(os.environ, SIMDIGITS_SETUP_CHECK="1"))
    assert r.stdout.strip() == "setup: up to date", r.stdout + r.stderr


@in_checkout
@pytest.mark.parametrize("document", ["README.md", "docs/python.md"])
def test_documented_examples_are_true(document):
    text = (ROOT / document).read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    examples = [b for b in blocks if ">>>" in b]
    assert examples, f"{document} has Python examples in doctest form"
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs = {}  # one namespace, as a reader running the examples in order has
    for k, block in enumerate(examples):
        test = parser.get_doctest(block, globs, f"{document} block {k}", document, 0)  # runs on a copy
        runner.run(test, clear_globs=False)
        globs = test.globs
    result = runner.summarize(verbose=False)
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize("name", [n for n in simdigits.__all__ if callable(getattr(simdigits, n))])
def test_docstring_examples_are_true(name):
    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner()
    for test in finder.find(getattr(simdigits, name), name, globs=vars(simdigits)):
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


@in_checkout
@pytest.mark.skipif(sysconfig.get_platform() != "linux-x86_64", reason="manylinux wheels are built on x86-64 Linux")
def test_release_builds_a_manylinux_wheel_that_installs_and_runs(tmp_path):
    dist = tmp_path / "dist"
    r = subprocess.run(["bash", "tools/release.sh", str(dist)], cwd=ROOT, capture_output=True, text=True,
                       env=dict(os.environ, PYTHON=sys.executable))
    assert r.returncode == 0, r.stdout + r.stderr
    wheels = list(dist.glob("*.whl"))
    assert len(wheels) == 1 and list(dist.glob("simdigits-*.tar.gz"))
    wheel = wheels[0]
    assert re.search(r"-manylinux_2_\d+_x86_64\.whl$", wheel.name), wheel.name
    with zipfile.ZipFile(wheel) as z:
        metadata = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    assert "Requires-Python: >=" in metadata and "Classifier: License :: OSI Approved :: MIT License" in metadata

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "-q", "--no-index", str(wheel)],
                         capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr
    check = "import simdigits; print(simdigits.join(range(3)), simdigits.backends()[0])"
    ran = subprocess.run([str(venv / "bin/python"), "-c", check], capture_output=True, text=True, cwd=tmp_path)
    assert ran.stdout == "0,1,2 scalar\n", ran.stderr
    seq = subprocess.run([str(venv / "bin/simdigits"), "seq", "3"], capture_output=True, text=True)
    assert seq.stdout == "1\n2\n3\n"
