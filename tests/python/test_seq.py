"""`simdigits seq` against GNU seq (Debian's coreutils): for integer arguments the same bytes on stdout,
the same exit status and the same stderr after the program name. Cases from GNU's documentation and
from coreutils' tests/seq/ (seq.pl, seq-epipe.sh, seq-extra-number.sh, seq-precision.sh), kept to
integers, plus the option parsing of getopt_long."""

import os
import shlex
import shutil
import subprocess
import sys

import pytest

GNU = shutil.which("seq")
ENV = dict(os.environ, LC_ALL="C")
OURS = [sys.executable, "-m", "simdigits", "seq"]
needs_gnu = pytest.mark.skipif(GNU is None, reason="GNU seq not installed")


def ours(*args, env=ENV):
    return subprocess.run([*OURS, *args], capture_output=True, env=env)


def gnu(*args, env=ENV):
    return subprocess.run(["seq", *args], executable=GNU, capture_output=True, env=env)  # argv[0] "seq", as in its messages


def same(mine, theirs):
    assert (mine.returncode, mine.stdout, mine.stderr.decode()) == (theirs.returncode, theirs.stdout, theirs.stderr.decode())
    assert b"Traceback" not in mine.stderr


OUTPUT_CASES = [
    ["10"], ["0"], ["1"], ["5", "1"], ["-3", "2"], ["1", "3", "20"], ["20", "-3", "1"], ["-s", ",", "1", "5"],
    ["-s", "", "0", "1000"], ["-s,", "7"], ["--separator=::", "3"], ["-w", "8", "10"], ["-w", "-10", "5", "0"],
    ["-w", "-1", "1"], ["-s", "ab", "-5", "-1"], ["9223372036854775800", "9223372036854775806"],
    ["-9223372036854775807", "-9223372036854775800"], ["1", "300000"], ["-s", "", "0", "200000"],
    ["-s", ", ", "-100000", "7", "100000"], ["--", "-5", "-1"], ["1", "-1"], ["-w", "1", "7", "100"],
    # seq.pl's integer cases
    ["1", "10"], ["10", "1"], ["-1", "1"], ["1", "-1", "-1"], ["-w", "1", "10"], ["-w", "-1", "0"], ["-w", "-1", "-9"],
    ["-w", "0", "-1", "-10"], ["-s", ":", "1", "3"], ["-s", "", "1", "3"], ["1", "1", "3"], ["10", "-1", "1"],
    ["-w", "--", "-5", "5"], ["-w", "1", "01"], ["-w", "--", "-01", "2"],
    # negative zero keeps its sign, -w pads from the operands' text
    ["-0", "1"], ["-w", "-0", "1"], ["-w", "-0", "100"], ["-w", "-00", "5"], ["--", "-00", "2"], ["-w", "-0", "-0"],
    ["-0", "1", "1"], ["5", "-0"], ["3", "-1", "-0"], ["-w", "5", "-1", "-0"], ["-s", "", "-0", "2"], ["-w", "-03", "1"],
    ["-w", "1", "0100"], ["-w", "007", "9"], ["-w", "0", "0"], ["00", "3"], ["-0"],
    # spellings strtold takes for integers
    ["+5"], [" 5"], ["+3", "+2", "+9"], ["-w", "+05", "7"], ["-w", " 1", "3"],
    # options as getopt_long reads them
    ["-ws,", "3"], ["-sw", "3"], ["--sep=:", "3"], ["--sep", ":", "3"], ["--equal", "8", "10"], ["--e", "8", "10"],
    ["--s", "3"], ["-w", "-s", "x", "3"], ["-s", "-1", "3"], ["--separator", "", "3"],
    # past int64 and across its ends
    ["18446744073709551610", "18446744073709551620"], ["9223372036854775805", "9223372036854775809"],
    ["--", "-9223372036854775810", "-9223372036854775806"], ["-w", "9223372036854775807", "9223372036854775809"],
    ["-s", ",", "9223372036854775806", "9223372036854775807"], ["--", "-9223372036854775808", "-9223372036854775806"],
    ["9223372036854775807", "-9223372036854775807", "-9223372036854775808"],
]


@needs_gnu
@pytest.mark.parametrize("args", OUTPUT_CASES, ids=" ".join)
def test_same_output_as_gnu_seq(backend, args):
    env = dict(ENV, SIMDIGITS_BACKEND=backend)
    same(ours(*args, env=env), gnu(*args))


ERROR_CASES = [
    [], ["abc"], ["1", "0", "2"], ["1", "-0", "2"], ["1", "2", "3", "4"], ["1", "x", "3"], ["x", "0", "1"], ["1", "0", "x"],
    ["1_0"], ["5 "], ["1", "2 "], ["\u0665"], ["1\u0660"], [""], ["1", ""], ["-"], ["--", "-"], ["1", "-"], ["nan"], ["1", "1", "nan"],
    ["1", "3", "-w"], ["1", "--", "3"], ["--", "--", "3"], ["5", "-s", ","],
    ["--foo", "3"], ["--foo=bar", "3"], ["--separator"], ["-s"], ["--help=x"], ["--equal-width=", "3"],
    ["--equal-width=x", "3"], ["-x"], ["-v"], ["-h"], ["-w5"], ["-f"], ["--format"], ["-f", "%g", "-w", "3"], ["-sw"],
    ["-ws"],
    # the argument in the message, quoted and escaped as gnulib's quote() does
    ["a'b"], ["a\\b"], ["a\tb"], ["\u00e9"], ["a\x01b"], ["\u2018x\u2019"], ["a\x7fb"], ["a\nb"], ["?"], ["\u200b"],
    [os.fsdecode(b"\xff")], [os.fsdecode(b"a\xc3")],
]


@needs_gnu
@pytest.mark.parametrize("args", ERROR_CASES, ids=repr)
def test_errors_like_gnu(args):
    mine, theirs = ours(*args), gnu(*args)
    assert theirs.returncode == 1
    same(mine, theirs)


@needs_gnu
@pytest.mark.parametrize("args", [["1_0"], ["1", "x"], ["1", "0", "2"], ["1", "2", "3", "4"], ["nan"], ["a'b"],
                                  ["\u00e9\\"], ["\u2018x\u2019"], ["a\x01\tb"], [os.fsdecode(b"\xff")],
                                  [os.fsdecode(b"a\xc3")], ["\u0665"]], ids=repr)
def test_errors_quote_as_the_locale_does(args):
    utf8 = dict(os.environ, LC_ALL="C.UTF-8")
    same(ours(*args, env=utf8), gnu(*args, env=utf8))


@needs_gnu
@pytest.mark.parametrize("args", [["1.5"], ["1", "0.5", "3"], ["1e3"], ["0x10"], ["inf"], ["-f", "%g", "3"]], ids=repr)
def test_non_integer_arguments_are_refused_in_one_line(args):
    r = ours(*args)
    assert r.returncode == 1 and r.stdout == b""
    assert r.stderr.startswith(b"seq: ") and b"Traceback" not in r.stderr and len(r.stderr.splitlines()) == 2


@needs_gnu
@pytest.mark.parametrize("threads", ["1", "2", "3"])
def test_threads_give_the_same_bytes(threads):
    args = ["-s", ",", "-500000", "3", "5000000"]
    assert ours("--threads", threads, *args).stdout == gnu(*args).stdout


def shell(command):
    return subprocess.run(["bash", "-c", command], capture_output=True, env=ENV)


OURS_SH = shlex.join(OURS)


@needs_gnu
@pytest.mark.parametrize("args", [
    ["1", "100000000"],
    ["-w", "1", "100000000"],
    ["--", "-9223372036854775808", "9223372036854775807"],  # 2**64 numbers
    ["--", "-9223372036854775807", "9223372036854775806"],  # 2**64 - 2 numbers, all int64 inside: the core's path
    ["-s", ",", "--", "-9223372036854775807", "3", "9223372036854775806"],
    ["-w", "--", "-9223372036854775808", "9223372036854775807"],
    ["9223372036854775807", "-1", "-9223372036854775808"],
    ["0", "4611686018427387903", "18446744073709551615"],
], ids=" ".join)
@pytest.mark.parametrize("sigpipe", ["default", "ignored"])
def test_closed_pipe_like_gnu(args, sigpipe):
    """seq-epipe.sh: with SIGPIPE at its default seq dies of it; ignored, it reports the write error."""
    trap = "trap '' PIPE; " if sigpipe == "ignored" else ""
    template = trap + "{} " + shlex.join(args) + " | head -c 300; echo; echo status ${{PIPESTATUS[0]}}"
    mine, theirs = shell(template.format(OURS_SH)), shell(template.format("seq"))
    assert mine.stdout == theirs.stdout
    assert mine.stderr == theirs.stderr


@needs_gnu
@pytest.mark.parametrize("args", [["10"], ["1", "1000000"], ["-w", "1", "100000"], ["-s", ",", "18446744073709551615",
                                                                                       "18446744073709551625"]], ids=" ".join)
def test_full_device_is_a_write_error(args):
    with open("/dev/full", "wb") as full:
        mine = subprocess.run([*OURS, *args], stdout=full, stderr=subprocess.PIPE, env=ENV)
        theirs = subprocess.run(["seq", *args], executable=GNU, stdout=full, stderr=subprocess.PIPE, env=ENV)
    assert (mine.returncode, mine.stderr) == (theirs.returncode, theirs.stderr) == (1, b"seq: write error: No space left on device\n")


@needs_gnu
@pytest.mark.parametrize("args", [["3"], ["-w", "1", "3"], ["1", "1000000"]], ids=" ".join)
def test_closed_stdout_is_a_write_error(args):
    template = "{} " + shlex.join(args) + " >&-"
    mine, theirs = shell(template.format(OURS_SH)), shell(template.format("seq"))
    assert (mine.returncode, mine.stderr) == (theirs.returncode, theirs.stderr) == (1, b"seq: write error: Bad file descriptor\n")


def test_exact_past_two_to_the_64():
    """Where GNU prints through long double and rounds, the integers are printed exactly."""
    first, step, last = 0, 9223372036854775807, 10**23
    r = ours(str(first), str(step), str(last))
    assert r.returncode == 0
    assert r.stdout == b"".join(b"%d\n" % v for v in range(first, last + 1, step))


def test_help_and_version():
    r = ours("--help")
    assert r.returncode == 0 and r.stdout.startswith(b"Usage: seq [OPTION]... LAST\n") and r.stderr == b""
    assert ours("--he").stdout == r.stdout  # abbreviated, as getopt_long allows
    v = ours("--version")
    assert v.returncode == 0 and v.stdout.startswith(b"seq (simdigits) ")
