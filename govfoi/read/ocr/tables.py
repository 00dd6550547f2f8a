"""A ruled table → its rows of tab-separated cells, as the HTML and Word readers write them.

Here a cell's place decides what its text means: a doubtful number in a header or a label column is a
misread word, an empty cell among a row's numbers is a blank cell (∅), a merged cell's numbers are spread
over the columns it covers.
"""

from __future__ import annotations

import re

from govfoi.read.formats import BLANK_CELL
from govfoi.read.ocr.grid import GridCell
from govfoi.read.ocr.labels import _label, _names_a_row
from govfoi.read.ocr.readings import _CJK, _NOISE, _VALUES, SPECK_INK, UNSURE, cell_text
from govfoi.read.ocr.rules import Table

_RULE_DIGITS = re.compile(r"(?<=[\u3400-\u9fff])[0-9]+$")


def _spread(cells: list[str], owners: list[GridCell | None], xs: list[int], in_values: bool) -> None:
    """A cell of a row of values that spans columns (a rule too faint to be found): its numbers go one to a
    column when there are as many as columns, else every column it covers is unreadable."""
    for j, owner in enumerate(owners):
        if owner is None or not in_values:
            continue
        span = sum(1 for x in xs[j + 1 :] if x <= owner.box[2])
        if span < 2 or " " not in cells[j] or _CJK.search(cells[j]):
            continue  # one value in a merged cell stands in its first column, as in HTML
        parts = cells[j].split(" ")
        if cells[j][0] != UNSURE and len(parts) == span:
            cells[j : j + span] = parts
        else:
            cells[j : j + span] = [UNSURE] * span


def _table_rows(table: Table, grid: list[GridCell]) -> list[tuple[int, list[str], list[tuple[int, int] | None]]]:
    """The table's rows as tab-separated cells; a merged cell's text stands in its first row and column,
    the positions it spans left empty (as the HTML and Word readers write them).

    In a row of values, a cell of a column of values that has ink but no reading, or marks that are neither
    digits nor Chinese, is unreadable (``?``). In a header (more Chinese cells than values) a doubtful
    number is a misread word and is dropped, as are specks: either would count as a value of table 四.
    """
    at = {(c.row, c.col): c for c in grid}
    n_rows, n_cols = len(table.ys) - 1, len(table.xs) - 1
    texts = [[_label(cell_text(at[(i, j)])) if (i, j) in at else "" for j in range(n_cols)] for i in range(n_rows)]
    is_value = [[bool(_VALUES.fullmatch(t.lstrip(UNSURE))) for t in row] for row in texts]
    is_text = [[bool(_CJK.search(t)) for t in row] for row in texts]
    sure = [sum(bool(_VALUES.fullmatch(t)) for t in row) for row in texts]
    # A header has more words than values, or a word and a doubtful number or two (行政诉讼 read as ?45),
    # or words standing in columns of sure numbers and no sure number of its own (table 四's header cut by
    # a page break: 维持 纠正 结果 审结 in small type, half of them read as ?4 ?24 ?45).
    numbered = {j for row in texts for j, t in enumerate(row) if _VALUES.fullmatch(t)}
    # A row whose label names a row of the template is no header, however doubtful its numbers (政府集中采购
    # ?20 ?41001.75).
    header = [
        not any(map(_names_a_row, texts[i]))
        and (
            sum(is_text[i]) > sum(is_value[i])
            or (sum(is_text[i]) >= 1 and sure[i] == 0 and sum(is_value[i]) <= 2)
            or (sure[i] == 0 and sum(is_text[i][j] for j in numbered) >= 2)
        )
        for i in range(n_rows)
    ]
    body = [i for i in range(n_rows) if not header[i]]
    # A column of values has more values than words in the table's body, or no words (label columns have).
    value_columns = {j for j in range(n_cols) if sum(is_value[i][j] for i in body) >= sum(is_text[i][j] for i in body)}
    rows = []
    for i, row in enumerate(texts):
        values = sum(is_value[i])
        cells = []
        for j, text in enumerate(row):
            in_values = not header[i] and values > 0 and j in value_columns
            if header[i] and _CJK.search(text):
                text = _RULE_DIGITS.sub("", text)  # 总计1: a cell's border read as a 1 beside a header word
            if text.startswith(UNSURE) and not in_values:
                text = ""  # a word misread as digits in a header or a label column
            elif text == _NOISE or (not text and in_values and (i, j) in at and at[(i, j)].ink >= SPECK_INK):
                text = UNSURE if in_values else ""
            elif not text and in_values and (i, j) in at:
                text = BLANK_CELL  # no ink where a value stands: a blank cell, told by its place as in HTML
            cells.append(text)
        _spread(cells, [at.get((i, j)) for j in range(n_cols)], table.xs, in_values=not header[i] and values > 0)
        if any(cells):
            spans = [(at[(i, j)].box[0], at[(i, j)].box[2]) if (i, j) in at else None for j in range(n_cols)]
            rows.append((table.ys[i], cells, spans))
    return rows
