"""`simdigits seq` against GNU seq: same bytes for integer arguments, same errors and exit status."""

import os
import shutil
import subprocess
import sys

import pytest

GNU = shutil.which("seq")
ENV = dict(os.environ, LC_ALL="C")


def ours(*args):
    return subprocess.run([sys.executable, "-m", "simdigits", "seq", *args], capture_output=True, env=ENV)


def gnu(*args):
    return subprocess.run(["seq", *args], executable=GNU, capture_output=True, env=ENV)  # argv[0] "seq", as in its messages


CASES = [["10"], ["0"], ["5", "1"], ["-3", "2"], ["1", "3", "20"], ["20", "-3", "1"], ["-s", ",", "1", "5"],
         ["-s", "", "0", "1000"], ["-s,", "7"], ["--separator=::", "3"], ["-w", "8", "10"], ["-w", "-10", "5", "0"],
         ["-w", "-1", "1"], ["-s", "ab", "-5", "-1"], ["9223372036854775800", "9223372036854775806"],
         ["-9223372036854775807", "-9223372036854775800"], ["1", "300000"], ["-s", "", "0", "200000"],
         ["-s", ", ", "-100000", "7", "100000"], ["--", "-5", "-1"], ["1", "-1"], ["-w", "1", "7", "100"]]


@pytest.mark.skipif(GNU is None, reason="GNU seq not installed")
@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_same_output_as_gnu_seq(backend, args):
    env = dict(ENV, SIMDIGITS_BACKEND=backend)
    mine = subprocess.run([sys.executable, "-m", "simdigits", "seq", *args], capture_output=True, env=env)
    theirs = gnu(*args)
    assert mine.returncode == theirs.returncode == 0
    assert mine.stdout == theirs.stdout


@pytest.mark.skipif(GNU is None, reason="GNU seq not installed")
@pytest.mark.parametrize("threads", ["1", "2", "3"])
def test_threads_give_the_same_bytes(threads):
    args = ["-s", ",", "-500000", "3", "5000000"]
    assert ours("--threads", threads, *args).stdout == gnu(*args).stdout


@pytest.mark.skipif(GNU is None, reason="GNU seq not installed")
@pytest.mark.parametrize("args", [[], ["abc"], ["1", "0", "2"], ["1", "2", "3", "4"], ["1", "x", "3"]], ids=repr)
def test_errors_like_gnu(args):
    mine, theirs = ours(*args), gnu(*args)
    assert mine.returncode == theirs.returncode == 1
    assert mine.stderr.decode() == theirs.stderr.decode()
    assert mine.stdout == b""


def test_non_integer_arguments_are_refused():
    r = ours("1.5")
    assert r.returncode == 1 and b"integer" in r.stderr and r.stdout == b""


def test_console_script_help():
    r = ours("--help")
    assert r.returncode == 0 and b"seq" in r.stdout
