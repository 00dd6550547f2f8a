"""Findings: what reading and validation report about a file, one row of the ``checks`` frame each, and
the status they give the report.

The catalogue below is the one list of check codes, with their severity and a message a researcher
understands in Chinese and English. Code that finds a problem names the code and the cell; it never
writes message text of its own beyond the detail. ``report_status`` is the one rule that turns a report's
findings into its status.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from govfoi.codes import label


class Severity(StrEnum):
    """A finding's severity: the ``checks`` frame's ``severity`` (a String column of these values)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Status(StrEnum):
    """A report's status: the ``reports`` frame's ``status`` (a String column of these values)."""

    OK = "ok"
    WARNINGS = "warnings"
    ERRORS = "errors"
    FAILED = "failed"


def report_status(failed: bool, n_errors: int, n_warnings: int) -> Status:
    """The status rule: ``failed`` when the report could not be read (no table found), else ``errors`` when
    any finding is an error, else ``warnings`` when any is a warning, else ``ok``. ``Report.status`` asks it,
    and so does the panel when the checks across years add findings to a report."""
    if failed:
        return Status.FAILED
    return Status.ERRORS if n_errors else Status.WARNINGS if n_warnings else Status.OK


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
MAX_DETAIL = 2000  # characters of a finding's detail

CATALOGUE: dict[str, tuple[Severity, str, str]] = {
    # code: (severity, zh, en)
    "row_sum": (ERROR, "行合计不符", "row does not add up"),
    "column_sum": (ERROR, "列合计不符", "column does not add up"),
    "intake_balance": (ERROR, "收转结不平衡", "intake does not balance"),
    "appeal_sum": (ERROR, "复议诉讼合计不符", "review/litigation total does not add up"),
    "blank_sums": (
        ERROR,
        "空白单元格无论填何数值，勾稽关系都不成立",
        "no values in the blank cells make every sum hold",
    ),
    "missing_table": (ERROR, "未找到表格", "table not found"),
    "missing_row": (ERROR, "未找到该行或该行无数值", "row not found or has no values"),
    "missing_cell": (ERROR, "缺少数值，勾稽关系不能唯一确定", "value missing and not fixed by the identities"),
    "extra_values": (ERROR, "数值多于栏目", "more values than columns"),
    "unreadable_cell": (ERROR, "无法识别的数值", "unreadable value"),
    "not_integer": (ERROR, "件数不是非负整数", "count is not a non-negative whole number"),
    "label_misspelt": (
        WARNING,
        "行标题疑有错字，按最接近的模板行读取",
        "row label misspelt; read as the nearest template row",
    ),
    "row_by_label_side": (
        WARNING,
        "该行数值与上下两个行序号等距，按本表行标题所在一侧归行",
        "values as near the number above as the one below; seated by the side this table prints its labels on",
    ),
    "label_by_beginning": (
        WARNING,
        "行标题不完整（错字或被数值隔断），按其序号与开头读取",
        "row label incomplete (misread, or broken around its values); read by its number and first words",
    ),
    "order_ambiguous": (
        ERROR,
        "文本按高度排序，合计可能印在别处：多种读法均满足勾稽关系",
        "text sorted by height may print a total out of its place: more than one reading satisfies every sum",
    ),
    "ambiguous_split": (ERROR, "数字连在一起，无法唯一拆分", "digits run together and cannot be split one way only"),
    "run_together_split": (
        WARNING,
        "数字连在一起，按勾稽关系唯一拆分",
        "digits run together, split the one way the identities allow",
    ),
    "values_before_label": (
        WARNING,
        "数值位于行标题之前，按顺序归入该行",
        "values printed before the row label, read in order",
    ),
    "values_seated_by_count": (
        WARNING,
        "数值印在相邻行标题旁，按各行栏目数依序归行",
        "values printed beside a neighbouring row's label; seated in order by each row's number of columns",
    ),
    "read_by_order": (
        WARNING,
        "按模板行序和各行合计读取（行标题错位）",
        "rows read by template order and their sums (labels out of place)",
    ),
    "total_out_of_place": (
        WARNING,
        "总计或首个数值印在行外，按各行合计归位（数值顺序错位）",
        "a row's total or first value printed out of its place, seated by the row's sum",
    ),
    "wrapped_number_joined": (
        WARNING,
        "数字跨行断开，按勾稽关系唯一接合",
        "a number wrapped onto the next line, joined the one way the identities allow",
    ),
    "header_values_dropped": (
        WARNING,
        "表头中混入的数字或字符（识别噪声）不计入，表格数值另起一行且勾稽关系成立",
        (
            "digits or letters in the header (recognition noise) left out; the values stand on a line of their own "
            "and every sum holds"
        ),
    ),
    "blank_cell": (WARNING, "空白单元格，保留为空值", "blank cell, kept as null"),
    "imputed_cell": (WARNING, "数值缺失，由勾稽关系唯一推出", "value missing, derived from the identities"),
    "narrative_mismatch": (WARNING, "正文数字与表格不符", "figure in the text differs from the table"),
    "agency_unknown": (WARNING, "未能识别发布机关", "issuing body not found"),
    "year_unknown": (WARNING, "未能识别报告年度", "report year not found"),
    "place_ambiguous": (INFO, "发布机关所在地不能唯一确定", "the issuer's place is not unique"),
    "place_unknown": (INFO, "未能识别发布机关所在地", "the issuer's place was not found"),
    "place_corrected": (INFO, "地名疑有错字，已按正文更正", "place name looks misspelt; corrected from the body"),
    "duplicate_agency_year": (
        WARNING,
        "同一机关同一年度有多份报告，本份未计入面板",
        "another report of the same agency and year is kept in the panel",
    ),
    "carry_over_mismatch": (
        ERROR,
        "上年结转与上一年度报告的结转下年度不符",
        "carried over differs from last year's carried forward",
    ),
    "in_force_mismatch": (
        WARNING,
        "现行有效件数与上年现行有效＋本年制发－本年废止不符",
        "in force differs from last year's in force + issued − abolished",
    ),
    "metadata_from_manifest": (INFO, "元数据取自 manifest.csv", "metadata taken from manifest.csv"),
    "manifest_invalid": (
        WARNING,
        "manifest.csv 中有无法采用的内容，未采用",
        "part of manifest.csv could not be used and was not applied",
    ),
    "single_other_row": (INFO, "（六）其他处理只有一行", "(6) other handling given as one row"),
    # not raised (the 2019 template is read): kept for checks frames of earlier versions, which briefs still label
    "template_2019": (ERROR, "2019 年版模板，暂不支持", "2019 template, not supported yet"),
    "read_failed": (ERROR, "无法读取文件", "file could not be read"),
    "too_large": (ERROR, "文件过大", "file too large"),
    "unknown_encoding": (ERROR, "无法识别文件编码", "unknown text encoding"),
    "duplicate_content": (ERROR, "与另一文件内容相同，未重复计入", "same content as another file, not counted twice"),
    "legacy_doc": (ERROR, "旧版 Word (.doc) 文件，请先转换为 .docx", "legacy Word .doc file: convert it to .docx"),
    "needs_ocr": (ERROR, "没有文字层（扫描件或图片），需要先做 OCR", "no text layer (scan or image): needs OCR"),
    "resource_limit": (
        ERROR,
        "解析超出时间或内存限制，已跳过",
        "reading the file took more than its time or memory budget",
    ),
    "page_truncated": (
        WARNING,
        "网页嵌套过深，读取中途停止，其后内容缺失",
        "page nested too deep: reading stopped part way, and what follows is missing",
    ),
    "worker_died": (
        ERROR,
        "解析进程意外终止（被系统终止或在底层库中崩溃），已跳过此文件",
        "the process reading the file died (killed, or crashed in a native library)",
    ),
    "ocr_failed": (ERROR, "OCR 识别失败", "OCR failed"),
    "ocr_unconfirmed": (
        ERROR,
        "OCR 识别存疑，勾稽关系不能确认，保留为空值",
        "OCR reading in doubt and not confirmed by the identities; kept as null",
    ),
    "ocr_repaired": (
        WARNING,
        "OCR 数字疑误读，按勾稽关系唯一更正",
        "OCR digit misread, corrected the one way the identities allow",
    ),
    "ocr_confirmed": (INFO, "OCR 识别存疑，已由勾稽关系确认", "OCR reading in doubt, confirmed by the identities"),
    "internal_error": (ERROR, "解析程序出错，请报告此文件", "the parser failed on this file; please report it"),
    "not_a_report": (ERROR, "不是政府信息公开年度报告", "not an annual disclosure report"),
}

# The checks frame's columns naming a finding's cell, each table's row and column codes in its own terms.
CELL_COLUMNS = ("outcome", "applicant", "channel", "result", "item", "measure")
_CELL_FIELDS = {
    "applications": ("outcome", "applicant"),
    "appeals": ("channel", "result"),
    "disclosure": ("item", "measure"),
}
_CELL_CODESETS = {
    "applications": ("outcome", "applicant"),
    "appeals": ("channel", "result"),
    "disclosure": ("disclosure", "measure"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One check result. ``row``/``column`` are the cell's codes in ``table``'s own terms."""

    check: str
    severity: Severity
    message: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    expected: float | None = None
    actual: float | None = None
    line: int | None = None

    def cell_fields(self) -> dict[str, str | None]:
        """The contract's cell columns (outcome, applicant, channel, result, item, measure)."""
        out: dict[str, str | None] = dict.fromkeys(CELL_COLUMNS)
        if self.table in _CELL_FIELDS:
            r, c = _CELL_FIELDS[self.table]
            out[r], out[c] = self.row, self.column
        return out

    def checks_row(self, report_id: str) -> tuple[object, ...]:
        """This finding as a row of the ``checks`` frame, in its columns' order (``schemas()["checks"]``): the
        one shape of that row, for the frames of a batch and for the findings the panel adds."""
        return (
            report_id,
            self.check,
            self.severity,
            self.message,
            self.table,
            *self.cell_fields().values(),
            self.expected,
            self.actual,
            self.line,
        )


def finding(
    check: str,
    *,
    table: str | None = None,
    row: str | None = None,
    column: str | None = None,
    expected: float | None = None,
    actual: float | None = None,
    line: int | None = None,
    detail: str = "",
) -> Finding:
    """Build a finding from the catalogue; the message names the cell in Chinese and English."""
    severity, zh, en = CATALOGUE[check]
    where_zh, where_en = _where(table, row, column)
    message = f"{where_zh}{zh} / {where_en}{en}"
    if detail:  # a detail quotes the file (values, names): bounded, so no file makes a message of megabytes
        cut = detail if len(detail) <= MAX_DETAIL else detail[:MAX_DETAIL] + f"… ({len(detail):,} characters)"
        message += f": {cut}"
    return Finding(check, severity, message, table, row, column, expected, actual, line)


def _where(table: str | None, row: str | None, column: str | None) -> tuple[str, str]:
    if table not in _CELL_CODESETS or (row is None and column is None):
        return "", ""
    rs, cs = _CELL_CODESETS[table]
    zh = "·".join(label(s, c) for s, c in ((rs, row), (cs, column)) if c)
    en = " · ".join(label(s, c, "en") for s, c in ((rs, row), (cs, column)) if c)
    return f"{zh}：", f"{en}: "
