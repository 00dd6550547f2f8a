"""Text → tokens: the layout-independent view of a report's tables (their lines found by ``sections``).

Every layout (tabs, pipes, one cell per line, markdown, PDF-style spaces) reduces to the same stream of
tokens: text, numbers, blank cells and unreadable cells, each carrying its 1-based source line. The table
readers then anchor on the template's row labels in that stream, never on a layout's separators.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from govfoi.read.formats import BLANK_CELL


class Kind:
    """Token kinds (plain strings: tokens are made by the hundred per report, so they stay cheap)."""

    TEXT = "text"
    NUM = "num"
    BLANK = "blank"  # an empty cell: text "" between two values of one delimited row, BLANK_CELL where a
    # reader placed it by its position (a web page's or Word table's cell, an OCR grid, a column offset)
    BAD = "bad"  # a value slot holding something that is not a number (OCR noise, dashes)


TEXT, NUM, BLANK, BAD = Kind.TEXT, Kind.NUM, Kind.BLANK, Kind.BAD


class Token(NamedTuple):
    kind: str
    text: str
    line: int
    value: float | None = None


def lines_of(tokens: Sequence[Token]) -> list[list[Token]]:
    """Tokens grouped by the line they were printed on, in order."""
    groups: list[list[Token]] = []
    for tok in tokens:
        if groups and groups[-1][-1].line == tok.line:
            groups[-1].append(tok)
        else:
            groups.append([tok])
    return groups


_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS), None)
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")  # a Chinese character
_ENUMERATOR = re.compile(r"\d{1,2}[.、]")
# Punctuation that splits off labels (brackets, quotes, colons) is text; anything else without Chinese
# characters standing where a value should be (l2, 1O, —, /, ?) is an unreadable value.
_LABEL_PUNCTUATION = re.compile(r"[()（）\[\]【】<>《》:：,，、.。;；\"“”'‘’]+")
_HEADING_MARKS = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+")
# Layout noise inside tables, blanked before tokenizing: page numbers (— 3 —, 第3页) and markdown rules.
_NOISE_LINES = re.compile(
    r"^[ \t]*(?:[-—–~]+[ \t]*\d{1,4}[ \t]*[-—–~]+|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,/]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?"
    r"|\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-{0,}:?)[ \t]*$",
    re.MULTILINE,
)
_SPACES = re.compile(r"\s+")

_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]+")  # ！ to ～ and the ideographic space
_TO_HALF_WIDTH = {c: unicodedata.normalize("NFKC", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000)}
_COMMON_FULL_WIDTH = tuple((w, _TO_HALF_WIDTH[ord(w)]) for w in "（），：；０１２３４５６７８９\u3000")


def _fold_full_width(m: re.Match[str]) -> str:
    return m.group().translate(_TO_HALF_WIDTH)


def normalize(text: str) -> str:
    """NFKC (full-width digits, brackets and punctuation fold to ASCII), drop invisibles, unify newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if JOINED in text:  # the mark of a number the readers joined: in the text as given, unreadable
        text = text.replace(JOINED, "?")
    if any(ch in text for ch in _INVISIBLE_CHARS):
        text = text.translate(_INVISIBLE)
    if unicodedata.is_normalized("NFKC", text):
        return text
    # Full-width forms are most of what NFKC changes in these reports; folding them first is cheap, and
    # NFKC of the folded text equals NFKC of the original. The commonest few by str.replace (far cheaper
    # than the regex), then any other.
    for wide, narrow in _COMMON_FULL_WIDTH:
        if wide in text:
            text = text.replace(wide, narrow)
    if unicodedata.is_normalized("NFKC", text):
        return text
    text = _FULL_WIDTH.sub(_fold_full_width, text)
    if unicodedata.is_normalized("NFKC", text):
        return text
    # Line by line, so that lines already in NFKC (most of them) cost only the quick check.
    return "\n".join(
        line if unicodedata.is_normalized("NFKC", line) else unicodedata.normalize("NFKC", line)
        for line in text.split("\n")
    )


def compact(text: str) -> str:
    """Text without any white space, for matching labels that layouts split with spaces."""
    return _SPACES.sub("", text)


def is_noise(line: str) -> bool:
    """An empty line, a page number (— 3 —, 第3页) or a markdown table rule."""
    return not line.strip() or _NOISE_LINES.fullmatch(line) is not None


# A line that holds empty cells (a run of delimiters) or pipes is split by one pass of the C regex engine
# into cell delimiters, numbers and other words. A lone delimiter only separates cells and is skipped; a run
# of delimiters with nothing between them holds empty cells (run length - 1 of them).
_RUN = r"[\t|│](?:[ ]*[\t|│])+"  # two or more delimiters with nothing but spaces between: empty cells
_TOKEN = re.compile(rf"({_RUN})|(\d+)(?=[\s|│]|$)|([^\s|│]+)")
_DELIMITER_RUN = re.compile(_RUN)
_DELIMITERS = " \t|│"
_NOISE_FIRST = frozenset("-—–~第|:")
_new_token = tuple.__new__  # builds a Token without NamedTuple's Python-level __new__: this loop is hot


def tokenize(lines: list[str], start: int, end: int) -> list[Token]:  # noqa: C901
    """Tokens of lines[start:end]; line numbers in tokens are 1-based.

    An empty cell between two values of one delimited row becomes a BLANK token (a blank cell, which is
    not the same as a missing one); empty cells before the first or after the last value are layout.
    Most lines hold no empty cell and no pipe: their words are had by ``str.split``, at a fraction of the
    regex's cost; the rest go through ``_delimited``.
    """
    out: list[Token] = []
    append, new, token, num, text = out.append, _new_token, Token, NUM, TEXT  # locals: this loop is hot
    cut = False  # whether a word may be a piece of a number or label a PDF cut (rare: then checked)
    for lineno, raw in enumerate(lines[start:end], start + 1):
        line = raw.strip()
        if not line or (line[0] in _NOISE_FIRST and _NOISE_LINES.fullmatch(raw)):
            continue  # page numbers (— 3 —, 第3页) and markdown rules are layout noise
        if line[0] == "#":
            line = _HEADING_MARKS.sub("", raw, count=1).strip()
        if "|" in line or "│" in line:
            line = line.strip(_DELIMITERS)  # empty cells at a row's ends are layout, not blanks
            if _DELIMITER_RUN.search(line):
                _delimited(line, lineno, out)
                cut = True
                continue
            line = line.replace("|", " ").replace("│", " ")
        elif "\t\t" in line or ("\t " in line and " \t" in line):
            _delimited(line, lineno, out)
            cut = True
            continue
        for word in line.split():
            if word.isdecimal():  # a plain whole number: by far the most common token
                append(new(token, (num, word, lineno, float(word))))
            elif "\u3400" <= word[0] <= "\u9fff" and not word[-1].isdigit():  # a label's words
                append(new(token, (text, word, lineno, None)))
            else:  # enumerators, bracketed labels, numbers with separators, run-on labels, noise
                cut = cut or "," in word or word[0] in _ENUMERATOR_MARKS
                for kind, part, value in _read_word(word):
                    append(new(token, (kind, part, lineno, value)))
    return _join_wrapped_groups(_join_cut_enumerators(out)) if cut else out


# A PDF text layer may cut a row's enumerator from its mark (4 / . / 保护第三方合法权益): the digit alone on
# its line, the mark alone on the next, is the label's 4., not a value. OCR puts a space in it instead
# (2 .重复申请 | 755 156 …): the digit, first on its line or after label text, and the mark that begins
# the label's words.
_ENUMERATOR_MARKS = frozenset({".", "、", "．"})


def _join_cut_enumerators(tokens: list[Token]) -> list[Token]:
    """``tokens`` with each enumerator cut from its mark (4 / . over two lines, 4 .保护 on one) read as the
    label's 4."""
    marks = [i for i, t in enumerate(tokens) if i and t.kind == TEXT and t.text[0] in _ENUMERATOR_MARKS]
    if not marks:
        return tokens
    out = list(tokens)
    joined: set[int] = set()
    for i in marks:
        digit, mark = out[i - 1], out[i]
        if digit.kind != NUM or len(digit.text) > 2 or not digit.text.isdigit():
            continue
        first = i < 2 or out[i - 2].line != digit.line
        if mark.text in _ENUMERATOR_MARKS:  # the mark alone, on the line after the digit alone
            cut = mark.line == digit.line + 1 and first and (i + 1 == len(out) or out[i + 1].line != mark.line)
        else:  # the mark and the label's words, after the digit on its line
            cut = mark.line == digit.line and CJK.match(mark.text, 1) is not None
            cut = cut and (first or out[i - 2].kind == TEXT)
        if cut:
            out[i - 1] = Token(TEXT, digit.text + mark.text, digit.line)
            joined.add(i)
    return [t for k, t in enumerate(out) if k not in joined]


# A number with thousands separators cut where its cell wrapped (12,86 / 9): its last group is short of
# three digits, so it is no number alone, and the rest of its digits is the next line's only number. In the
# token stream the row's other values may stand between the two (a PDF's lines sorted by height): the rest
# is looked for on the next lines that hold a single number, a few lines at most.
_WRAPPED_HEAD = re.compile(r"\d{1,3}(?:,\d{3})*,\d{0,2}")
JOINED = "\u23ce"  # in a joined number's text between its pieces (12,86⏎9): the readers report the join
_TAIL_LINES = 3  # later lines with numbers searched for the rest of a wrapped number


def _join_wrapped_groups(tokens: list[Token]) -> list[Token]:
    """``tokens`` with each number cut at a thousands group (12,86 … 9) joined into one (12,869), where
    exactly the digits its last group lacks stand alone as the number of one of the next lines."""
    heads = [i for i, t in enumerate(tokens) if t.kind == BAD and _WRAPPED_HEAD.fullmatch(t.text)]
    if not heads:
        return tokens
    out = list(tokens)
    taken: set[int] = set()
    for i in heads:
        head = out[i]
        tail = _tail_of(out, i, 3 - len(head.text.rsplit(",", 1)[1]))
        if tail is None or tail in taken:
            continue
        text = head.text + out[tail].text
        out[i] = Token(NUM, head.text + JOINED + out[tail].text, head.line, float(text.replace(",", "")))
        taken.add(tail)
    return [t for k, t in enumerate(out) if k not in taken]


def _tail_of(tokens: list[Token], head: int, digits: int) -> int | None:
    """The index of the rest of the wrapped number at ``head``: the only number of a later line, of exactly
    ``digits`` digits, on one of the next lines with numbers (lines with several numbers are other cells
    of the row, passed over); None when the first such line's number is any other."""
    line, seen = tokens[head].line, 0
    k = head + 1
    while k < len(tokens) and seen < _TAIL_LINES:
        if tokens[k].line == line:
            k += 1
            continue
        line = tokens[k].line
        end = k
        while end < len(tokens) and tokens[end].line == line:
            end += 1
        numbers = [j for j in range(k, end) if tokens[j].kind in (NUM, BAD)]
        if numbers:
            seen += 1
            if len(numbers) == 1:
                tail = tokens[numbers[0]]
                ok = tail.kind == NUM and tail.text.isdigit() and len(tail.text) == digits
                return numbers[0] if ok else None
        k = end
    return None


def _delimited(line: str, lineno: int, out: list[Token]) -> None:
    """Tokens of one line that may hold empty cells between its values, or pipes."""
    append = out.append
    seen_value = False
    pending = 0
    for delimiters, digits, word in _TOKEN.findall(line):
        if digits:
            if pending:
                out.extend([Token(BLANK, "", lineno)] * pending)
                pending = 0
            append(_new_token(Token, (NUM, digits, lineno, float(digits))))
            seen_value = True
        elif word:
            read = _read_word(word)
            if len(read) > 1:  # a label with its numbers run on
                out.extend([Token(kind, text, lineno, value) for kind, text, value in read])
                seen_value = True
                continue
            if not read:
                continue
            kind, text, value = read[0]
            if kind != TEXT:
                if pending:
                    out.extend([Token(BLANK, "", lineno)] * pending)
                    pending = 0
                seen_value = True
            append(Token(kind, text, lineno, value))
        elif seen_value:  # empty cells after a value: blanks if another value follows on this line
            pending += len(delimiters.replace(" ", "")) - 1


# A label with its numbers run on (…数量512000053), possibly into the next row's numbered label
# (1.属于国家秘密00000002.其他法律…: the 2. belongs to the next label).
_RUN_ON = re.compile(r"(.*?[\u3400-\u9fff”\"）)])(\d+?|\d+\.\d+|\d[\d,]*\d)(\d[.、][\u3400-\u9fff].*)?")


_COLUMN_HEADER = re.compile(r"(?:数据|列|栏|第|附件|表|序号|项目)")


Reading = tuple[str, str, float | None]  # a token without its line: (kind, text, value)


@lru_cache(maxsize=4096)
def _read_word(word: str) -> tuple[Reading, ...]:
    """The tokens one word holds, without their line (none for a table rule read as a mark). Cached (a few
    thousand words, so a few MB at most): the same enumerators and bracketed labels, (一)予以公开 or
    1.属于国家秘密, recur in every report."""
    if run_on := _run_on(word):
        return tuple(run_on)
    read = _classify(word)
    return () if read is None else (read,)


# OCR reads a table's vertical rules beside a value as a quote or a bar (“1679, 549 ”122, |765): marks
# that print no digit. A number with them only at its ends is that number; a word of them alone is no token;
# any other word is read as it stands (a label keeps its quotes).
_RULE_MARK_CHARS = "\"“”‘’'`|│¦"
_RULE_MARKS = frozenset(_RULE_MARK_CHARS)


def _run_on(word: str) -> list[Reading] | None:
    """A word's label and numbers when a crawler ran them together; None for any other word (most words
    are ruled out by their last character, before the regex)."""
    if word[-1].isdigit() and not word.isascii():
        return _label_and_digits(word)
    return None


def _label_and_digits(word: str) -> list[Reading] | None:
    m = _RUN_ON.fullmatch(word)
    if m is None:
        return None
    label, digits, rest = m.groups()
    if _COLUMN_HEADER.fullmatch(label):  # 数据1, 列2, 附件3: a header, not a label with its numbers
        return None
    out: list[Reading] = [(TEXT, label, None), (NUM, digits, float(digits.replace(",", "")))]
    if rest:
        out.extend(_label_and_digits(rest) or [(TEXT, rest, None)])
    return out


def _classify(word: str) -> Reading | None:
    if word.isdigit() and word.isascii():  # the common cases first, without a regex
        return NUM, word, float(word)
    if word == BLANK_CELL:
        return BLANK, BLANK_CELL, None
    if word[0] in _RULE_MARKS or word[-1] in _RULE_MARKS:
        core = word.strip(_RULE_MARK_CHARS)
        if not core:
            return None  # marks alone
        if _NUMBER.fullmatch(core):
            return NUM, core, float(core.replace(",", ""))
    if "\u3400" <= word[0] <= "\u9fff" or CJK.search(word):  # (a number holds no Chinese character)
        return TEXT, word, None
    if _NUMBER.fullmatch(word):
        return NUM, word, float(word.replace(",", ""))
    if JOINED in word and all(piece.isascii() and piece.isdigit() for piece in word.split(JOINED)):
        return NUM, word, float(word.replace(JOINED, ""))  # a number a reader joined across a wrap
    if _ENUMERATOR.fullmatch(word) or _LABEL_PUNCTUATION.fullmatch(word):
        return TEXT, word, None
    return BAD, word, None
