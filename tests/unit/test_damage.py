"""Damage repaired only where the identities leave one reading: digits run together, numbers wrapped."""

from __future__ import annotations

import random

import pytest

from govfoi.parse.report import parse_text
from govfoi.testing import synth


def _report(seed: int = 1) -> tuple[synth.Figures, list[str]]:
    rng = random.Random(seed)
    fig = synth.random_figures(rng)
    return fig, synth.render(fig, "tab", rng).split("\n")


def _row(lines: list[str], label: str) -> int:
    return next(i for i, line in enumerate(lines) if label in line)


def test_a_label_run_into_its_digits_and_the_next_label_is_split_by_the_identities():
    fig, lines = _report()
    i = _row(lines, "1.属于国家秘密")
    own = lines[i].split("\t")[-7:]
    nxt = lines[i + 1].split("\t")
    lines[i] = "1.属于国家秘密" + "".join(own) + nxt[-8] + "".join(nxt[-7:])  # …0000011 2.其他法律…1110014
    del lines[i + 1]
    r = parse_text("\n".join(lines))
    assert r.n_errors == 0
    for row in ("withheld_state_secret", "withheld_prohibited_by_law"):
        for a in ("natural_person", "business", "total"):
            assert r.value("applications", row, a) == fig.applications[(row, a)]
    assert {f.row for f in r.findings if f.check == "run_together_split"} == {
        "withheld_state_secret",
        "withheld_prohibited_by_law",
    }


def test_table_2_digits_run_together_are_never_split_on_a_guess():
    _, lines = _report()
    lines[_row(lines, "行政规范性文件")] = "行政规范性文件4723310"
    r = parse_text("\n".join(lines))
    assert r.value("disclosure", "normative_documents", "issued") is None
    [f] = [f for f in r.findings if f.check == "ambiguous_split"]
    assert f.severity == "error" and "47|23|310" in f.message and "no identity checks this row" in f.message


def test_a_run_the_identities_cannot_settle_lists_its_candidates():
    fig, lines = _report(2)
    i = _row(lines, "3.危及")
    values = lines[i].split("\t")[-7:]
    lines[i] = "\t3.危及“三安全一稳定”\t" + "".join(values)
    j = _row(lines, "4.保护第三方")
    lines[j] = "\t4.保护第三方合法权益\t" + "".join(lines[j].split("\t")[-7:])
    r = parse_text("\n".join(lines))
    for row in ("withheld_security_stability", "withheld_third_party"):
        got = [r.value("applications", row, a) for a in ("natural_person", "total")]
        truth = [fig.applications[(row, a)] for a in ("natural_person", "total")]
        assert got == truth or (
            got == [None, None] and any(f.check == "ambiguous_split" and f.row == row for f in r.findings)
        )


@pytest.mark.parametrize(("seed", "fits"), [(3, False), (5, True)], ids=["one_digit_total_widened", "total_of_250"])
def test_a_wrapped_number_is_joined_only_when_one_join_fits(seed, fits):
    fig, lines = _report(seed)
    i = _row(lines, "（一）予以公开") if any("（一）予以公开" in x for x in lines) else _row(lines, "(一)予以公开")
    cells = lines[i].split("\t")
    total = cells[-1]
    if len(total) < 2:
        total = cells[-1] = "1" + total  # make a two-digit total so that it can wrap (breaks the row sum)
    lines[i : i + 1] = ["\t".join(cells[:-1]) + "\t" + total[:-1], total[-1]]
    r = parse_text("\n".join(lines))
    row_total = r.value("applications", "granted", "total")
    assert (cells[-1] == str(fig.applications[("granted", "total")])) == fits  # each seed runs its own branch
    if fits:
        assert row_total == fig.applications[("granted", "total")]
        assert any(f.check == "wrapped_number_joined" for f in r.findings)
    else:
        assert r.n_errors > 0
