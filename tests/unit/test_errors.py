"""govfoi.errors: one home for the exceptions, each a kind of the built-in it resembles, with file and line."""

from __future__ import annotations

import pickle

import pytest

from govfoi import errors
from govfoi.corpus.frames import Corpus

KINDS = [
    (errors.DecodeError, ValueError),
    (errors.FramesError, FileNotFoundError),
    (errors.ReportNotFoundError, FileNotFoundError),
    (errors.ParameterError, ValueError),
    (errors.UsageError, ValueError),
    (errors.BriefError, RuntimeError),
]


@pytest.mark.parametrize(("kind", "builtin"), KINDS)
def test_each_error_is_the_builtin_it_resembles_and_carries_file_and_line(kind, builtin):
    exc = kind("what went wrong", file="data/raw/a.txt", line=12)
    assert isinstance(exc, builtin) and isinstance(exc, errors.GovfoiError)
    assert str(exc) == "what went wrong" and (exc.file, exc.line) == ("data/raw/a.txt", 12)
    back = pickle.loads(pickle.dumps(exc))  # errors cross worker processes
    assert (type(back), str(back), back.file, back.line) == (kind, "what went wrong", "data/raw/a.txt", 12)


def test_errors_with_their_own_arguments_cross_processes():
    exc = errors.FormatError("too_large", "DOCX expands past the limit", file="a.docx")
    back = pickle.loads(pickle.dumps(exc))
    assert (back.check, str(back), back.file, back.line) == ("too_large", "DOCX expands past the limit", "a.docx", None)
    died = pickle.loads(pickle.dumps(errors.WorkerDiedError(-9)))
    assert died.exitcode == -9 and "SIGKILL" in str(died) and isinstance(died, RuntimeError)
    limit = errors.ResourceLimit("took more than 20 s")
    assert not isinstance(limit, Exception) and limit.file is None  # past every `except Exception`


def test_the_modules_that_raise_them_name_the_same_classes():
    from govfoi.briefs import briefing
    from govfoi.cli import commands as cli
    from govfoi.corpus import frames as corpus
    from govfoi.corpus import pool
    from govfoi.read import decode, html, limits

    assert (
        decode.DecodeError,
        html.FormatError,
        corpus.FramesError,
        briefing.ParameterError,
        cli.UsageError,
        limits.ResourceLimit,
        pool.WorkerDiedError,
    ) == (
        errors.DecodeError,
        errors.FormatError,
        errors.FramesError,
        errors.ParameterError,
        errors.UsageError,
        errors.ResourceLimit,
        errors.WorkerDiedError,
    )


def test_missing_frames_name_their_file(tmp_path):
    with pytest.raises(errors.FramesError, match="no such frame") as info:
        Corpus.read(tmp_path)
    assert info.value.file is not None and info.value.file.startswith(str(tmp_path))
