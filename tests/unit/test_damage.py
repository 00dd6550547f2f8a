"""Damage repaired only where the identities leave one reading: digits run together, numbers wrapped."""

from __future__ import annotations

import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from govfoi.codes import APPLICANTS
from govfoi.parse.cells import place
from govfoi.parse.grid import Run
from govfoi.parse.report import Report, parse_text
from govfoi.parse.tokens import NUM, Token
from govfoi.template import appeal_identities, appeal_slots, disclosure_slots
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


def test_table_2_digits_cut_one_way_into_every_cell_may_still_be_fewer_values_beside_blanks():
    """A crawler capture of 规章 0|∅|12: 012 cuts one way into three cells (0|1|2), and as 0|12 beside a blank
    cell the capture dropped; no sum checks table 二, so no value."""
    slots = disclosure_slots("2021")["regulations"]
    run = Run("regulations", slots, (Token(NUM, "012", 9, 12.0),), 9)
    grid, found = place([run], (), "disclosure", run_together=True)
    assert [grid[c].value for c in slots] == [None, None, None]
    [f] = found
    assert f.check == "ambiguous_split" and "012 could be 0|1|2, or 012 beside blank cells" in f.message


def test_table_2_a_number_beside_a_blank_cell_is_not_cut_in_two():
    """pdftotext -layout of a 2019 report: 行政事业性收费 204, its 本年增/减 blank. 20|4 is the one cut
    without a leading zero, but no sum checks table 二, and a lost blank reads as well: no value."""
    slots = disclosure_slots("2019")["fees"]
    grid, found = place([Run("fees", slots, (Token(NUM, "204", 9, 204.0),), 9)], (), "disclosure", counts=False)
    assert [grid[c].value for c in slots] == [None, None]
    [f] = found
    assert f.check == "ambiguous_split" and f.severity == "error"
    assert "20|4" in f.message and "204 beside blank cells" in f.message


def test_table_4_run_together_reads_the_cells_every_cut_agrees_on():
    """Table 四's fifteen cells run into one word: 0|0|9|0|9, then 0|1|15|0|16 or 0|11|5|0|16, then 0|6|0|0|6,
    or with blank cells gone, the review's 9 and 9 elsewhere (∅|0|∅|9|9 …). What every cut agrees on is read
    (a 0 that may be a blank marked imputed); the rest is null, flagged."""
    slots = appeal_slots()
    word = "00909011501606006"
    grid, found = place(
        [Run("appeals", slots, (Token(NUM, word, 9, float(word)),), 9)],
        appeal_identities(),
        "appeals",
        run_together=True,
    )
    assert [grid[c].value for c in slots] == [0, 0, None, None, None, None, None, None, 0, 16, 0, 6, 0, 0, 6]
    assert [grid[c].imputed for c in slots if grid[c].value is not None] == [True, True, True] + [False] * 6
    [f] = found
    assert f.check == "ambiguous_split" and f.severity == "error" and f.row == "appeals"
    assert "0|0|9|0|9|0|1|15|0|16|0|6|0|0|6" in f.message and "0|0|9|0|9|0|11|5|0|16|0|6|0|0|6" in f.message
    assert "review.upheld" in f.message and "litigation_direct.corrected" not in f.message


@given(
    st.lists(st.lists(st.sampled_from([0, 0, 0, 1, 2, 7, 15, 30]), min_size=4, max_size=4), min_size=3, max_size=3),
    st.data(),
)
@settings(deadline=None)
def test_table_4_run_together_with_blank_cells_is_read_right_or_flagged(groups, data):
    """Table 四 run into one word with some zeros left blank (gone from the word): a cell read is its figure
    (a blank cell: 0 marked imputed), and a cell left null is flagged."""
    figures = [v for parts in groups for v in (*parts, sum(parts))]
    blank = {j for j, v in enumerate(figures) if v == 0 and data.draw(st.booleans())}
    word = "".join(str(v) for j, v in enumerate(figures) if j not in blank)
    assume(word)
    slots = appeal_slots()
    grid, found = place(
        [Run("appeals", slots, (Token(NUM, word, 9, float(word)),), 9)],
        appeal_identities(),
        "appeals",
        run_together=True,
    )
    for j, (cell, figure) in enumerate(zip(slots, figures, strict=True)):
        read = grid[cell]
        assert read.value in (figure, None), (cell, read, word)
        assert j not in blank or read.value is None or read.imputed, (cell, read, word)
    if any(grid[c].value is None for c in slots):
        assert any(f.severity == "error" for f in found)


def test_table_4_run_together_with_a_thousands_comma_is_flagged_not_a_crash():
    slots = appeal_slots()
    grid, found = place(
        [Run("appeals", slots, (Token(NUM, "1,234", 9, 1234.0),), 9)], appeal_identities(), "appeals", run_together=True
    )
    assert all(grid[c].value is None for c in slots)
    assert [(f.check, f.severity) for f in found] == [("ambiguous_split", "error")]


def test_a_hostile_row_of_a_hundred_digits_run_together_is_flagged_not_searched_for_minutes():
    """The searches for a row's cuts and its readings with blank cells stop at MAX_CUT_STATES partial cuts
    (before, 30 s for this row of table 四)."""
    slots = appeal_slots()
    word = "1" * 99 + "7"
    grid, found = place(
        [Run("appeals", slots, (Token(NUM, word, 9, float(word)),), 9)],
        appeal_identities(),
        "appeals",
        run_together=True,
    )
    assert all(grid[c].value is None for c in slots)
    [f] = found
    assert f.check == "ambiguous_split" and "too many ways" in f.message


def test_table_4_of_blank_cells_but_its_zero_totals_reads_zeros_marked_imputed():
    slots = appeal_slots()
    grid, found = place(
        [Run("appeals", slots, (Token(NUM, "000", 9, 0.0),), 9)], appeal_identities(), "appeals", run_together=True
    )
    assert [grid[c].value for c in slots] == [0] * 15 and all(grid[c].imputed for c in slots)
    assert [f.check for f in found] == ["run_together_split"]


_RUN = ("withheld_security_stability", "withheld_third_party")  # 3.危及… and 4.保护第三方…


def _run_together(rows: tuple[tuple[int, ...], tuple[int, ...]]) -> Report:
    """Seed 2's report with the rows 3.危及… and 4.保护第三方… set to ``rows`` (the column totals moved to fit, so
    every identity still holds) and each row's seven values printed run together (…\t111000012)."""
    rng = random.Random(2)
    fig = synth.random_figures(rng)
    for row, values in zip(_RUN, rows, strict=True):
        for a, v in zip(APPLICANTS, values, strict=True):
            moved = v - fig.applications[(row, a)]
            fig.applications[(row, a)] = v
            fig.applications[("processed_total", a)] += moved
            fig.applications[("received", a)] += moved
    assert all(v >= 0 for v in fig.applications.values())
    lines = synth.render(fig, "tab", rng).split("\n")
    for label in ("3.危及“三安全一稳定”", "4.保护第三方合法权益"):
        i = _row(lines, label)
        lines[i] = f"\t{label}\t" + "".join(lines[i].split("\t")[-7:])
    return parse_text("\n".join(lines))


def test_a_run_the_identities_cannot_settle_lists_its_candidates():
    # 111000012 reads 1|11|…|12 or 11|1|…|12 (or 1|1|10|…|12, which a column sum rules out), and both rows print
    # the same digits: the two rows swapped add up in every column as well as the rows as printed. The cells
    # both readings agree on are read; the two that differ stay null.
    r = _run_together(((1, 11, 0, 0, 0, 0, 12), (11, 1, 0, 0, 0, 0, 12)))
    for row in _RUN:
        assert [r.value("applications", row, a) for a in APPLICANTS] == [None, None, 0, 0, 0, 0, 12]
        assert not any(r.applications[(row, a)].imputed for a in APPLICANTS)
    split = [f for f in r.findings if f.check in ("ambiguous_split", "run_together_split")]
    assert [(f.check, f.severity, f.row) for f in split] == [("ambiguous_split", "error", row) for row in _RUN]
    for f in split:
        assert f.message.endswith(
            ": 111000012 could be 1|11|0|0|0|0|12; 11|1|0|0|0|0|12; "
            "read where every one agrees: research, social_welfare, legal_services, other_org, total"
        ), f.message
    assert r.n_errors == 2


@pytest.mark.parametrize(
    "rows",
    [
        # 7 digits into 7 cells: one way to cut each row, identities or not
        ((0, 1, 0, 0, 0, 0, 1), (3, 0, 0, 0, 0, 0, 3)),
        # each row adds up three ways (1|11, 11|1, 1|1|10), so neither is settled alone; the column sums, with
        # both rows unknown, allow only 1|11 with 2|22
        ((1, 11, 0, 0, 0, 0, 12), (2, 22, 0, 0, 0, 0, 24)),
    ],
    ids=["one_cut_each", "one_joint_reading"],
)
def test_a_run_the_identities_settle_is_split_their_one_way(rows):
    r = _run_together(rows)
    for row, values in zip(_RUN, rows, strict=True):
        assert [r.value("applications", row, a) for a in APPLICANTS] == list(values)
    split = [f for f in r.findings if f.check in ("ambiguous_split", "run_together_split")]
    assert [(f.check, f.row) for f in split] == [("run_together_split", row) for row in _RUN]
    for f, values in zip(split, rows, strict=True):
        digits, cut = "".join(map(str, values)), "|".join(map(str, values))
        assert f.message.endswith(f": {digits} read as {cut}"), f.message
    assert r.n_errors == 0


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
