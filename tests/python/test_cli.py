"""What a new user meets first: the command's help and version, help() and signatures of the
functions, and one-line messages for every misuse."""

import ast
import inspect
import pathlib
import pydoc
import subprocess
import sys

import pytest

import simdigits

FUNCTIONS = [name for name in simdigits.__all__ if callable(getattr(simdigits, name))]


def run(*args):
    return subprocess.run([sys.executable, "-m", "simdigits", *args], capture_output=True, text=True)


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_the_commands_on_stdout(flag):
    r = run(flag)
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.startswith("usage: simdigits")
    for command in ("seq", "bench"):
        assert command in r.stdout


def test_version():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"simdigits {simdigits.__version__}"


def test_console_script_is_the_same_program():
    script = pathlib.Path(sys.executable).parent / "simdigits"
    if not script.exists():
        pytest.skip("the console script is not installed beside this Python")
    r = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "seq" in r.stdout


def test_no_command_and_unknown_command_are_usage_errors():
    for args in ([], ["frobnicate"]):
        r = run(*args)
        assert r.returncode == 2 and r.stdout == ""
        assert r.stderr.startswith("usage: simdigits") and "Traceback" not in r.stderr


@pytest.mark.parametrize("command,prefix", [("seq", "Usage: seq "), ("bench", "usage: simdigits bench")])
def test_each_command_has_its_help(command, prefix):
    r = run(command, "--help")
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.startswith(prefix)


# ---- help() and inspect.signature -----------------------------------------------------------------

def stub_functions():
    """The stub's parameters of each function: a list of signatures (several for overloads)."""
    tree = ast.parse((pathlib.Path(simdigits.__file__).parent / "__init__.pyi").read_text())
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            a = node.args
            positional = [p.arg for p in a.posonlyargs + a.args]
            found.setdefault(node.name, []).append(
                (positional, [p.arg for p in a.kwonlyargs], ast.unparse(node.returns)))
    return found


@pytest.mark.parametrize("name", FUNCTIONS)
def test_signature_matches_the_stub(name):
    sig = inspect.signature(getattr(simdigits, name))
    positional = [p.name for p in sig.parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    keyword = [p.name for p in sig.parameters.values() if p.kind is p.KEYWORD_ONLY]
    stubs = stub_functions()[name]
    assert sig.return_annotation is not inspect.Signature.empty
    # Every keyword of the stub is a keyword here; the positional parameters are those of one of the
    # stub's overloads, or their union (range()'s two forms are one signature at run time).
    for stub_positional, stub_keyword, _ in stubs:
        assert stub_keyword == keyword
        assert all(p in positional or p == "stop" and "start" in positional for p in stub_positional)
    returns = {r for *_, r in stubs}
    for r in returns:
        if r not in ("None",):
            assert r.split("[")[0] in str(sig.return_annotation), (r, sig.return_annotation)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_help_shows_a_function_of_the_module(name):
    text = pydoc.render_doc(getattr(simdigits, name), renderer=pydoc.plaintext)
    assert "pybind11" not in text and "method of" not in text
    assert f"{name}(" in text and "->" in text


def test_join_docstring_says_what_it_does():
    doc = inspect.getdoc(simdigits.join)
    for word in ("Args:", "Returns:", "Raises:", ">>> join("):
        assert word in doc


# ---- misuse: one line that says what was wrong ----------------------------------------------------

MISUSES = [
    (lambda: simdigits.concat_range(0, 5, step=2), TypeError, "positional"),
    (lambda: simdigits.concat_range(), TypeError, "concat_range()"),
    (lambda: simdigits.concat_range(1, 2, 3, 4), TypeError, "concat_range()"),
    (lambda: simdigits.concat_range(1.5), TypeError, "stop must be an integer, not float"),
    (lambda: simdigits.concat_range(5, sepp=","), TypeError, "sepp"),
    (lambda: simdigits.concat_range(5, as_bytes="yes"), TypeError, "as_bytes must be True or False"),
    (lambda: simdigits.concat_range(5, threads="2"), TypeError, "threads must be an integer"),
    (lambda: simdigits.range_length(0, 5, step=2), TypeError, "positional"),
    (lambda: simdigits.range_length("5"), TypeError, "stop must be an integer, not str"),
    (lambda: simdigits.join(), TypeError, "join()"),
    (lambda: simdigits.join([1], ",", True), TypeError, "join()"),
    (lambda: simdigits.join([1], separator=","), TypeError, "separator"),
    (lambda: simdigits.join(5), TypeError, "values must be"),
    (lambda: simdigits.join([1j]), TypeError, "complex"),
    (lambda: simdigits.join([1], sep=1), TypeError, "sep must be str or bytes"),
    (lambda: simdigits.join([1], as_bytes=None), TypeError, "as_bytes must be True or False"),
    (lambda: simdigits.join([1], threads=0), ValueError, "threads must be at least 1"),
    (lambda: simdigits.formatted_length([1], ",", 1), TypeError, "formatted_length()"),
    (lambda: simdigits.formatted_length(None), TypeError, "values must be"),
    (lambda: simdigits.backends(1), TypeError, "backends()"),
    (lambda: simdigits.get_backend(name="x"), TypeError, "get_backend()"),
    (lambda: simdigits.set_backend(1), TypeError, "name must be str"),
    (lambda: simdigits.set_backend(), TypeError, "set_backend()"),
]


@pytest.mark.parametrize("call,error,words", MISUSES, ids=[m[2] for m in MISUSES])
def test_misuse_is_one_clear_line(call, error, words):
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    assert words in message
    assert "\n" not in message and "incompatible function arguments" not in message


def test_bench_writers_runs_every_comparison(tmp_path):
    pytest.importorskip("pandas")
    r = run("bench", "--writers", "--quick", "--rows", "3000", "--json", str(tmp_path / "w.json"))
    assert r.returncode == 0, r.stderr
    for peer in ("numpy.savetxt", "pandas.to_csv", "polars.write_csv", "pyarrow.csv.write_csv", "orjson.dumps",
                 "pyarrow.compute.cast", "ndarray.astype(str)"):
        # three integer data sets; the CSV writers a timestamp and a date, a zoned timestamp and a
        # category too, and pandas a duration
        assert r.stdout.count(f"| {peer} |") == 3 + 2 * peer.endswith("csv") + (peer == "pandas.to_csv"), peer
    import json
    figures = json.loads((tmp_path / "w.json").read_text())
    assert len(figures["writers"]) == 28 and all(row["ratio"] > 0 for row in figures["writers"])
