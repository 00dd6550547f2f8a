"""Digits run together cut into counts: every way to cut a row's digits into so many values without leading
zeros, a space between words always a cut and a thousands comma never, that satisfies the row's own sums.
``run_together`` decides which cut a row takes; this module only lists them.
"""

from __future__ import annotations

import re

MAX_SPLITS = 50_000  # ways to split one run of digits that are tried before giving up
# Partial cuts (position, cell, sums so far) one row's search may visit before giving up. On the corpus's one-line
# captures a row's cuts take at most 3,909 (ten times fewer) and its readings with blank cells 17,218 (rt0170).
MAX_CUT_STATES = 40_000


def _splits(
    words: tuple[str, ...],
    n: int,
    own: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] = (),
    limit: int = MAX_SPLITS,
) -> list[tuple[float, ...]] | None:
    """Every way to cut the words into n numbers without leading zeros (0 itself is fine), each word into
    one or more (a space between words is always a cut), that satisfies the row's own sums ``own``
    ((part slots, whole slot) pairs, the whole after its parts, as the template prints them). None when
    there are more than ``limit`` such ways.

    A search over cut positions that carries the partial sums: a whole must equal its parts' sum, so only
    one length fits it, and a partial sum with more digits than the digits left cannot be closed; memoised
    on (position, slot, sums), so a 25-digit row of table 三 takes milliseconds, not C(24, 6) trials.
    None too when the search visits more than ``MAX_CUT_STATES`` partial cuts (a hostile row of a hundred
    digits would take minutes).
    """
    digits = "".join(words)
    states = [MAX_CUT_STATES]  # shared by the searches for each length of the total
    ends, offset = set(), 0  # a piece may not run over the end of a word
    for w in words:
        offset += len(w)
        ends.add(offset)
    role: list[tuple[str, int]] = [("free", -1)] * n
    for i, (parts, whole) in enumerate(own):
        for j in parts:
            role[j] = ("part", i)
        for j in whole:
            role[j] = ("whole", i)
    last_kind, last_i = role[-1]
    if last_kind != "whole":
        return _cut(digits, ends, role, n, (None,) * len(own), limit, states)
    # The row's total is its last cell: each length it may have fixes it, and bounds every part before it.
    out: list[tuple[float, ...]] = []
    for length in range(1, len(words[-1]) + 1):
        total = digits[len(digits) - length :]
        if (
            _leading_zero(total)
            or len(digits) - length < n - 1
            or total[0] == ","
            or ("," in total and not _THOUSANDS.fullmatch(total))
            or digits[len(digits) - length - 1] == ","
        ):
            continue
        targets = tuple(int(total.replace(",", "")) if k == last_i else None for k in range(len(own)))
        head = _cut(
            digits[: len(digits) - length],
            {e for e in ends if e < len(digits) - length} | {len(digits) - length},
            role[:-1],
            n - 1,
            targets,
            limit - len(out),
            states,
        )
        if head is None:
            return None
        out.extend((*r, float(total.replace(",", ""))) for r in head)
    return out


def _cut(  # noqa: C901
    digits: str,
    ends: set[int],
    role: list[tuple[str, int]],
    n: int,
    targets: tuple[int | None, ...],
    limit: int,
    states: list[int] | None = None,
) -> list[tuple[float, ...]] | None:
    """The cuts of ``digits`` into n pieces for ``_splits``: slots by role (part or whole of an identity),
    parts bounded by their identity's target where it is known. None when more than ``limit``, or when the
    partial cuts visited use up ``states`` (an allowance shared with other searches of the same row)."""
    states = [MAX_CUT_STATES] if states is None else states
    memo: dict[tuple[int, int, tuple[int, ...]], list[tuple[int, ...]] | None] = {}
    size = len(digits)
    # same[j]: every slot after j is a part of the same identity as j (so the digits left must fit in them)
    same = [all(r == role[j] for r in role[j + 1 :]) for j in range(n)]
    grouped = "," in digits  # (the digits-left bound counts characters as digits)

    def rest(pos: int, slot: int, sums: tuple[int, ...]) -> list[tuple[int, ...]] | None:  # noqa: C901
        if slot == n:
            done = pos == size and all(t is None or t == v for t, v in zip(targets, sums))
            return [()] if done else []
        key = (pos, slot, sums)
        if key in memo:
            return memo[key]
        states[0] -= 1
        if states[0] < 0:
            return None
        found: list[tuple[int, ...]] = []
        out: list[tuple[int, ...]] | None = found
        left = n - slot - 1
        kind, i = role[slot]
        stop = min((e for e in ends if e > pos), default=size)
        for end in range(pos + 1, min(stop, size - left) + 1):
            piece = digits[pos:end]
            if _leading_zero(piece) or piece[0] == ",":
                break
            if (end < size and digits[end] == ",") or ("," in piece and not _THOUSANDS.fullmatch(piece)):
                continue  # a thousands separator stands inside a number, between groups of three
            value = int(piece.replace(",", ""))
            new = sums
            if kind == "whole":
                if value != sums[i]:
                    continue
            elif kind == "part":
                new = (*sums[:i], sums[i] + value, *sums[i + 1 :])
                target = targets[i]
                if (new[i] > target) if target is not None else (len(str(new[i])) > size - end - left + 1):
                    break  # more than the whole it adds up to, or than the digits left can print
                if target is not None and same[slot] and not grouped and not _fits(size - end, left, target - new[i]):
                    continue  # the parts left cannot print the digits left and add up to the whole
            tails = rest(end, slot + 1, new)
            if tails is None:
                out = None
                break
            found.extend((value, *t) for t in tails)
            if len(found) > limit:
                out = None
                break
        memo[key] = out
        return out

    readings = rest(0, 0, (0,) * len(targets))
    return None if readings is None else [tuple(float(v) for v in r) for r in readings]


_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")


def _fits(digits: int, pieces: int, total: int) -> bool:
    """Whether ``digits`` digits can be cut into ``pieces`` counts (no leading zeros) that add up to
    ``total``: the sum lies between the cut with lengths as even as possible (0s where a piece is one
    digit) and the cut with one long piece and single digits."""
    if pieces == 0:
        return digits == 0 and total == 0
    q, m = divmod(digits, pieces)
    least = m * (10**q if q else 0) + (pieces - m) * (10 ** (q - 1) if q > 1 else 0)
    most = 10 ** (digits - pieces + 1) - 1 + 9 * (pieces - 1)
    return least <= total <= most


def _leading_zero(text: str) -> bool:
    """Whether a word no count is printed as begins it: a leading zero (00, 023; 0 itself is a count)."""
    return len(text) > 1 and text[0] == "0"
