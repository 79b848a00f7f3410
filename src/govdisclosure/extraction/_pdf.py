"""PDF with a text layer into rows: tables drawn with ruling lines become grids (merged
cells recovered from the cells' boxes), everything else becomes lines of words.

Reads with pdfplumber (MIT, on pdfminer.six), page by page; a table that runs on to
the next page is simply more rows. The decoded text the spans point into is the
text of the rows as read, pages separated by form feeds.
"""

from __future__ import annotations

import bisect
import collections
import io
import logging
import re
from collections.abc import Sequence
from typing import Any

from govdisclosure.extraction._layout import Layout, Piece, Row, TextBuilder, clusters, is_footer
from govdisclosure.extraction._normalize import SUPERSCRIPT_DIGITS, fold_compatibility, strip_pinyin
from govdisclosure.findings import Finding, make_finding

#: Pages read at most; a longer file is read this far and says so.
MAX_PAGES = 300
_LINE_TOLERANCE = 3.0
#: How pdfplumber finds ruled tables: lines up to 5 points short of meeting still meet (a
#: compound border, a thin line beside a thick one, stops short of the lines across it).
_TABLE_SETTINGS = {"intersection_tolerance": 5}


def pdf_layout(data: bytes) -> tuple[Layout | None, list[Finding]]:
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        return None, [make_finding("extract.needs_extra", what="PDF")]
    # pdfminer logs what it works round in a font (no FontBBox) as warnings: not the user's
    # business, and what matters comes back as findings
    miner = logging.getLogger("pdfminer")
    level = miner.level
    miner.setLevel(max(level, logging.ERROR))
    try:
        return _pdf_layout(data)
    finally:
        miner.setLevel(level)


def _pdf_layout(data: bytes) -> tuple[Layout | None, list[Finding]]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        return None, [_open_problem(exc)]
    findings: list[Finding] = []
    text = TextBuilder()
    rows: list[Row] = []
    chars_seen = 0
    images: list[int] = []
    table_number = 0
    folded = [0]
    with pdf:
        try:
            pages = pdf.pages
        except Exception as exc:
            return None, [_open_problem(exc)]
        if not pages:
            return None, [make_finding("extract.no_text_layer")]
        if len(pages) > MAX_PAGES:
            findings.append(make_finding("extract.page_limit", pages=len(pages), limit=MAX_PAGES))
        for number, page in enumerate(pages[:MAX_PAGES], start=1):
            marks: list[int] = []
            try:
                page = _upright(pdf, page, number)
                page_rows, count, table_number = _page_rows(page, number, text, table_number, folded, marks)
            except Exception as exc:  # one broken page must not lose the others
                findings.append(
                    make_finding(
                        "extract.page_unreadable",
                        page=number,
                        reason=repr(exc)[:200],
                        reason_zh=f"解析出错（{type(exc).__name__}）",
                    )
                )
                continue
            finally:
                page.close()
            chars_seen += count
            images.extend(len(rows) + mark for mark in marks)
            rows.extend(page_rows)
            text.add("\f")
    if chars_seen == 0:
        return None, [*findings, make_finding("extract.no_text_layer")]
    if _garbled(text.value()):
        return None, [*findings, make_finding("extract.garbled_text_layer")]
    layout = Layout(text.value(), rows, pages=min(len(pages), MAX_PAGES), images=images)
    if folded[0]:
        layout.notes.append("extract.compatibility_folded")
    return layout, findings


_CID = re.compile(r"\(cid:\d+\)")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _garbled(text: str) -> bool:
    """Whether a text layer is there but does not decode to text: its fonts map glyphs to
    no character (pdfminer's (cid:N)), to private-use code points, or all to one
    character (a font whose map was lost; the one a Chinese character or a letter). Real
    prose is never so: its commonest character (的) is a few per cent of it."""
    glyphs = len(_CID.findall(text))
    visible = len(re.sub(r"\s", "", _CID.sub("#", text)))
    if visible >= 50 and (glyphs + len(_PRIVATE_USE.findall(text))) > 0.5 * visible:
        return True
    cjk = _CJK.findall(text)
    if len(cjk) >= 200 and max(collections.Counter(cjk).values()) > 0.3 * len(cjk):
        return True
    # every glyph of a font without its map read as one letter (nn nnnnnn 2024nnn): in
    # real text no letter is near so common (的 is a few per cent, e in English twelve)
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 200 and max(collections.Counter(letters).values()) > 0.4 * len(letters)


def _open_problem(exc: Exception) -> Finding:
    name = type(exc).__name__
    message = f"{exc} {exc.args!r}"
    if "Password" in name or "Encrypt" in name or "password" in message.lower() or "encrypt" in message.lower():
        return make_finding("extract.encrypted", what="PDF", what_zh="PDF")
    return make_finding(
        "input.unreadable",
        reason=f"not a readable PDF ({name}: {message[:160]})",
        reason_zh=f"不是可读取的PDF（{name}）",
    )


def _page_rows(
    page: Any, number: int, text: TextBuilder, table_number: int, folded: list[int], images: list[int]
) -> tuple[list[Row], int, int]:
    """A page's rows, its characters counted; where it shows a picture large enough to be
    a table, the index (among the page's rows) of the row after it goes into ``images``."""
    pictures = [
        float(image["top"])
        for image in page.images
        if float(image["x1"]) - float(image["x0"]) >= 150 and float(image["bottom"]) - float(image["top"]) >= 80
    ]
    # glyphs turned a quarter (a label set vertically in its cell) are read in their own
    # direction; glyphs turned by another angle (a watermark across the page) or upside
    # down are no text of the report
    chars = _raised_marks([c for c in page.chars if c.get("text") and (_level(c) or _turned(c))])
    for i, char in enumerate(chars):
        # a glyph mapped to a Kangxi radical (⾃ for 自) is read as the character
        plain = fold_compatibility(char["text"])
        if plain != char["text"]:
            chars[i] = {**char, "text": plain}
            folded[0] += 1
    if not chars:
        images.extend(0 for _ in pictures[:1])
        return [], 0, table_number
    tables = []
    found = [list(table.cells) for table in page.find_tables(_TABLE_SETTINGS)]
    for boxes in found:
        grid = _Grid([*boxes, *_unruled_edge_rows(boxes, found, chars)])
        if grid.width >= 2 and grid.height >= 1:
            tables.append(grid)
    outside: list[dict[str, Any]] = []
    leads = _leads([c for c in chars if _level(c)]) if tables else {}
    for char in chars:
        # a character goes into the cell its run of text starts in: text a spreadsheet
        # clipped at its cell's edge runs on, hidden, into the next cell
        lead = leads.get(id(char), char)
        cx = (lead["x0"] + lead["x1"]) / 2
        cy = (char["top"] + char["bottom"]) / 2
        for grid in tables:
            if grid.take(char, cx, cy):
                break
        else:
            outside.append(char)
    # lines and tables in reading order, by their top
    items: list[tuple[float, int, Any]] = []
    lines = _lines([c for c in outside if not _turned(c)])
    for line in _without_page_number(lines, chars, float(page.width), float(page.height)):
        items.append((line[0]["top"], 0, line))
    for run in _vertical_runs([c for c in outside if _turned(c)]):
        items.append((min(c["top"] for c in run), 0, run))
    for grid in tables:
        items.append((grid.top, 1, grid))
    for top in pictures:
        items.append((top, 2, None))
    items.sort(key=lambda item: (item[0], item[1]))
    rows: list[Row] = []
    for _top, kind, item in items:
        if kind == 2:
            images.append(len(rows))
        elif kind == 0:
            row = _line_row(item, number, text)
            if row is not None:
                rows.append(row)
        else:
            table_number += 1
            rows.extend(item.rows(number, table_number, text))
    return rows, len(chars), table_number


def _without_page_number(
    lines: list[list[dict[str, Any]]], chars: Sequence[dict[str, Any]], width: float, height: float
) -> list[list[dict[str, Any]]]:
    """The page's lines without its number printed bare (3): a number alone on the page's
    lowest or highest line, centred on the page, in its margin, clear of everything else
    on the page by more than a line's height."""
    out = list(lines)
    for line in (
        max(lines, key=lambda ln: ln[0]["top"], default=None),
        min(lines, key=lambda ln: ln[0]["top"], default=None),
    ):
        if line is None or line not in out:
            continue
        text = "".join(c["text"] for c in line).strip()
        if not re.fullmatch(r"\d{1,3}", text):
            continue
        x0, top, x1, bottom = _box(line)
        if abs((x0 + x1) / 2 - width / 2) > width * 0.08:
            continue
        low = top > height * 0.85
        if not low and bottom > height * 0.15:
            continue
        rest = [c for c in chars if c not in line]
        clear = bottom - top
        if low and any(c["bottom"] > top - clear for c in rest):
            continue
        if not low and any(c["top"] < bottom + clear for c in rest):
            continue
        out.remove(line)
    return out


def _lines(chars: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters grouped into printed lines, each sorted left to right."""
    ordered = sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))
    lines: list[list[dict[str, Any]]] = []
    for char in ordered:
        if lines and _same_line(lines[-1][0], char):
            lines[-1].append(char)
        else:
            lines.append([char])
    for line in lines:
        line.sort(key=lambda c: c["x0"])
    return lines


def _upright(pdf: Any, page: Any, number: int) -> Any:
    """The page turned so that its text stands upright: a page whose text the viewer shows
    turned a quarter or upside down (a landscape table set sideways on a portrait page, a
    page rotated the wrong way) is read as one turns it to read it. A page where most text
    is upright (a few labels set vertically among it) is read as it is."""
    from pdfplumber.page import Page

    chars = [c for c in page.chars if c.get("text", "").strip()]
    if len(chars) < 30:
        return page
    turns = collections.Counter(_quarter(c) for c in chars)
    turn, count = turns.most_common(1)[0]
    if turn == 0 or count < 0.5 * len(chars):
        return page
    page_obj = page.page_obj
    page_obj.rotate = (page_obj.rotate + turn) % 360
    page_obj.attrs["Rotate"] = page_obj.rotate
    turned = Page(pdf, page_obj, page_number=number, initial_doctop=page.initial_doctop)
    page.close()
    return turned


def _quarter(char: dict[str, Any]) -> int:
    """How far (degrees, clockwise) a page must turn for a glyph to stand upright: 0 for an
    upright glyph (or one turned by some other angle), 90, 180 or 270."""
    a, b = (char.get("matrix") or (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))[:2]
    size = max(abs(a), abs(b), 1e-9)
    if abs(a) >= 0.9 * size and abs(b) <= 0.1 * size:
        return 0 if a > 0 else 180
    if abs(b) >= 0.9 * size and abs(a) <= 0.1 * size:
        return 270 if b < 0 else 90
    return 0


def _level(char: dict[str, Any]) -> bool:
    """Whether a glyph stands upright on a level line (slanted as italics may be; not turned
    by some angle, as a watermark set across the page is)."""
    if not char.get("upright", True):
        return False
    matrix = char.get("matrix") or (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return bool(abs(matrix[1]) <= 0.1 * abs(matrix[0]))


def _stacked(line: Sequence[dict[str, Any]]) -> bool:
    """Whether characters stand one under another (a column of glyphs set down a cell)."""
    return len(line) >= 2 and all(
        c["x0"] < line[0]["x1"] and c["x1"] > line[0]["x0"] and c["top"] >= line[k]["bottom"] - 1
        for k, c in enumerate(line[1:])
    )


def _leads(chars: Sequence[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Each character's first character of its run: characters set one right after the
    other on a line (a gap under a tenth of the type size: text runs on, it does not
    cross a ruled cell's padding); figures after words of another script start a run."""
    out: dict[int, dict[str, Any]] = {}
    for line in _lines(chars):
        for run in _words(line, gap=0.1):
            # a figure right after words (申请 + 12: the clipped label ran on up to the
            # next cell's figure) starts a run of its own
            cut = _figure_tail(run)
            if cut < len(run):
                for char in run[cut:]:
                    out[id(char)] = run[cut]
                run = run[:cut]
            for char in run:
                out[id(char)] = run[0]
    return out


def _turned(char: dict[str, Any]) -> int:
    """1 for a glyph turned a quarter to read upwards (text set bottom to top), -1 for
    one turned to read downwards (top to bottom), 0 for an upright glyph (or one turned
    otherwise)."""
    if char.get("upright", True):
        return 0
    matrix = char.get("matrix") or (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    if abs(matrix[0]) > 0.1 * abs(matrix[1]):
        return 0  # turned by another angle: a watermark across the page, not text of the report
    return 1 if matrix[1] > 0 else -1 if matrix[1] < 0 else 0


def _vertical_runs(chars: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters set vertically, as runs in reading order: a column of glyphs one under
    another (close together) is a run; glyphs turned to read upwards are read bottom to
    top, their columns left to right; the others top to bottom, columns right to left."""
    if not chars:
        return []
    upwards = sum(_turned(c) for c in chars) > 0
    columns: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=_centre):
        if columns and _centre(char) - _centre(columns[-1][-1]) <= 0.5 * max(char["x1"] - char["x0"], 1.0):
            columns[-1].append(char)
        else:
            columns.append([char])
    runs: list[list[dict[str, Any]]] = []
    for column in columns if upwards else columns[::-1]:
        column.sort(key=lambda c: c["top"], reverse=upwards)
        run = [column[0]]
        for char in column[1:]:
            previous = run[-1]
            gap = (previous["top"] - char["bottom"]) if upwards else (char["top"] - previous["bottom"])
            if gap > 1.5 * max(char["bottom"] - char["top"], char["x1"] - char["x0"], 1.0):
                runs.append(run)
                run = [char]
            else:
                run.append(char)
        runs.append(run)
    return runs


def _centre(char: dict[str, Any]) -> float:
    return float(char["x0"] + char["x1"]) / 2


def _reading_lines(chars: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A cell's characters as lines in reading order: upright lines first, then what is
    set vertically (upright glyphs standing in the columns of glyphs turned to read
    downwards, as East Asian text is set down a cell with its brackets turned, are read
    down those columns with them)."""
    turned = [c for c in chars if _turned(c)]
    if not turned:
        return _lines(chars)
    upright = [c for c in chars if not _turned(c)]
    centres = [_centre(c) for c in turned]
    if sum(_turned(c) for c in turned) < 0 and all(
        any(abs(_centre(c) - x) <= 0.5 * max(c["x1"] - c["x0"], 1.0) for x in centres) for c in upright
    ):
        return _vertical_runs(chars)  # the upright glyphs stand in the columns of the turned ones
    return [*_lines(upright), *_vertical_runs(turned)]


def _same_line(first: dict[str, Any], char: dict[str, Any]) -> bool:
    """Whether a character stands on the line a character starts: their tops close, or
    (text of another size on the line, such as a label shrunk to fit its cell, whose top
    is lower) the two overlapping by half the smaller's height."""
    if abs(first["top"] - char["top"]) <= _LINE_TOLERANCE:
        return True
    overlap = float(min(first["bottom"], char["bottom"]) - max(first["top"], char["top"]))
    smaller = float(min(first["bottom"] - first["top"], char["bottom"] - char["top"]))
    return smaller > 0 and overlap >= 0.5 * smaller


def _words(line: Sequence[dict[str, Any]], gap: float = 0.35) -> list[list[dict[str, Any]]]:
    """A line's characters (left to right) split into words at spaces and at gaps wider
    than ``gap`` times the type size. Characters printed over others (a label a
    spreadsheet clipped at its cell's edge, whose hidden rest runs under the next cell's
    figure) are a word of their own: a character goes on the word whose end it follows
    most closely, never one it overlaps."""
    if any(_turned(c) for c in line) or _stacked(line):
        return [[c for c in line if not c["text"].isspace()]]  # a vertical run: one word
    words: list[list[dict[str, Any]]] = []
    open_: list[bool] = []
    for char in line:
        size = _size(char)
        if char["text"].isspace():
            for k, word in enumerate(words):
                if open_[k] and char["x0"] - word[-1]["x1"] <= gap * size:
                    open_[k] = False  # a space ends the word it follows
            continue
        width = float(char["x1"] - char["x0"])
        best: tuple[float, int] | None = None
        for k, word in enumerate(words):
            step = float(char["x0"] - word[-1]["x1"])
            # digits of one figure stand shoulder to shoulder: a digit set apart from the
            # one before it starts another figure (6 | 251000元 in cells side by side)
            reach = 0.15 * size if char["text"].isdigit() and word[-1]["text"].isdigit() else gap * size
            if open_[k] and -0.3 * width <= step <= reach and (best is None or abs(step) < best[0]):
                best = (abs(step), k)
        if best is None:
            evicted = _intruder(words, open_, char, width)
            if evicted is not None:
                # the word's last character is a figure printed in the label's way (政 3 府:
                # the clipped label runs on under the next cell's figure): the figure is a
                # word of its own, the label goes on
                words[evicted].append(char)
                continue
            words.append([char])
            open_.append(True)
        else:
            words[best[1]].append(char)
    words.sort(key=lambda word: float(word[0]["x0"]))  # a figure moved out of a label stands where it stands
    return words


def _raised_marks(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Digits set small and raised right after a character (a note's mark, 3¹) as
    superscript digits: never digits of the figure they follow (31 for 3)."""
    out: list[dict[str, Any]] = []
    base: dict[str, Any] | None = None  # the last character of normal size
    for char in chars:
        if base is not None and char["text"].isdigit() and _level(char) and _level(base):
            size, gap = _size(base), float(char["x0"]) - float(base["x1"])
            if (
                _size(char) < 0.8 * size
                and -0.1 * size <= gap <= 0.6 * size
                and float(char["bottom"]) < float(base["bottom"]) - 0.15 * size
                and float(char["bottom"]) > float(base["top"])
            ):
                out.append({**char, "text": char["text"].translate(SUPERSCRIPT_DIGITS)})
                continue
        out.append(char)
        if not base or _size(char) >= 0.8 * _size(base) or not char["text"].isdigit():
            base = char
    return out


def _size(char: dict[str, Any]) -> float:
    """A character's type size (10 points when the PDF does not say)."""
    return max(float(char.get("size", 10.0) or 10.0), 1.0)


def _intruder(words: list[list[dict[str, Any]]], open_: list[bool], char: dict[str, Any], width: float) -> int | None:
    """The word whose last character, of another script, stands where ``char`` follows
    its character before: that last character is moved into a word of its own and the
    word's index returned, or None."""
    for k, word in enumerate(words):
        if not open_[k] or len(word) < 2:
            continue
        last, before = word[-1], word[-2]
        follows = -0.3 * width <= float(char["x0"] - before["x1"]) <= 0.1 * _size(char)
        if (
            follows
            and last["text"].isascii() != char["text"].isascii()
            and before["text"].isascii() == char["text"].isascii()
        ):
            words[k] = word[:-1]
            words.append([last])
            open_.append(True)
            return k
    return None


def _figure_tail(word: Sequence[dict[str, Any]]) -> int:
    """Where a figure set right after words of another script starts in a word (申请12 →
    the index of 1), or the word's length."""
    cut = len(word)
    while cut > 0 and (word[cut - 1]["text"].isdigit() or word[cut - 1]["text"] in ".,"):
        cut -= 1
    before = "".join(c["text"] for c in word[:cut])
    if before.count("（") + before.count("(") > before.count("）") + before.count(")"):
        return len(word)  # inside a bracket: a note's figure (55（含自然失效29 / 件）)
    return cut if 0 < cut < len(word) and not word[cut - 1]["text"].isascii() else len(word)


def _line_row(line: Sequence[dict[str, Any]], page: int, text: TextBuilder) -> Row | None:
    words = _words(line)
    if sum(1 for w in words if all(c["text"].isdigit() for c in w)) >= 2:
        # a row of figures: a figure run on from its label (a label a spreadsheet clipped
        # at its cell's edge reaches the figure) is a word of its own
        words = [part for w in words for part in (w[: _figure_tail(w)], w[_figure_tail(w) :]) if part]
    if not words:
        return None
    joined = " ".join("".join(c["text"] for c in word) for word in words)
    if is_footer(joined):
        return None
    pieces: list[Piece] = []
    offsets: list[int | None] = []
    for i, word in enumerate(words):
        if i:
            text.add(" ")
            offsets.append(None)
        content = strip_pinyin("".join(c["text"] for c in word))
        start, end = text.add(content)
        offsets.extend(range(start, end))
        pieces.append(Piece(content, start, end, page=page, bbox=_box(word)))
    text.add("\n")
    return Row(pieces, line=" ".join(p.text for p in pieces), page=page, offsets=offsets, measured="page")


def _box(chars: Sequence[dict[str, Any]]) -> tuple[float, float, float, float]:
    return (
        min(c["x0"] for c in chars),
        min(c["top"] for c in chars),
        max(c["x1"] for c in chars),
        max(c["bottom"] for c in chars),
    )


def _unruled_edge_rows(
    boxes: Sequence[tuple[float, float, float, float]],
    tables: Sequence[Sequence[tuple[float, float, float, float]]],
    chars: Sequence[dict[str, Any]],
) -> list[tuple[float, float, float, float]]:
    """Cells for a row a page break left without its ruling, at the head or the foot of a
    ruled table (a browser's print draws the line between two rows once, on the page
    before): the line right above the table's first row (or the lines close below its
    last), each of their characters inside a cell of that row, two cells at least, one a
    figure, words only left of the figures. Its cells are that row's cells, as tall as the
    lines."""
    if not boxes:
        return []
    top = min(b[1] for b in boxes)
    bottom = max(b[3] for b in boxes)
    inside = [b for table in tables for b in table]

    def free(char: dict[str, Any]) -> bool:
        cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in inside)

    lines = _lines([c for c in chars if _level(c) and free(c)])
    out: list[tuple[float, float, float, float]] = []
    above = [ln for ln in lines if ln[0]["bottom"] <= top + 1]
    below = sorted((ln for ln in lines if ln[0]["top"] >= bottom - 1), key=lambda ln: ln[0]["top"])
    # above the table one line; below it the lines that follow close on each other (a cut
    # row's group label wrapped beside its figures), four at most
    band: list[list[dict[str, Any]]] = []
    last_row = min((b[3] - b[1] for b in boxes if abs(b[3] - bottom) <= 1.0), default=0.0)
    for line in below[:4]:
        step = max(1.5 * max(c["bottom"] - c["top"] for c in line), last_row / 2)
        reach = (band[-1][-1]["bottom"] if band else bottom) + step
        if min(c["top"] for c in line) > reach:
            break
        band.append(line)
    candidates = [("top", [max(above, key=lambda ln: ln[0]["bottom"])] if above else []), ("bottom", band)]
    for edge, group in candidates:
        if not group:
            continue
        line = [c for ln in group for c in ln]
        at = top if edge == "top" else bottom
        row = sorted((b for b in boxes if abs((b[1] if edge == "top" else b[3]) - at) <= 1.0), key=lambda b: b[0])
        height = max(c["bottom"] - c["top"] for c in line)
        gap = top - max(c["bottom"] for c in line) if edge == "top" else min(c["top"] for c in line) - bottom
        # as far from the table as text stands from its cell's ruling (padding included)
        padded = min((b[3] - b[1] for b in row), default=0.0) / 2
        if gap > max(1.5 * height, padded):
            continue
        texts: dict[int, str] = {}
        for char in line:
            home = [k for k, b in enumerate(row) if b[0] <= _centre(char) <= b[2]]
            if len(home) != 1:
                break
            texts[home[0]] = texts.get(home[0], "") + char["text"]
        else:
            filled = {k: t.strip() for k, t in texts.items() if t.strip()}
            figures = [k for k, t in filled.items() if t.isdigit()]
            words = [k for k, t in filled.items() if not t.isdigit()]
            # words only in the label cells, left of the figures (no line of prose across)
            if len(filled) >= 2 and figures and all(k < min(figures) for k in words):
                y0 = min(c["top"] for c in line) - 1 if edge == "top" else bottom
                y1 = top if edge == "top" else max(c["bottom"] for c in line) + 1
                out.extend((b[0], y0, b[2], y1) for b in row)
    return out


class _Grid:
    """A ruled table: its cells' boxes placed on a grid of column and row edges."""

    def __init__(self, boxes: Sequence[tuple[float, float, float, float]]) -> None:
        self.xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
        self.ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
        self.width = len(self.xs) - 1
        self.height = len(self.ys) - 1
        self.top = self.ys[0] if self.ys else 0.0
        self.cells: dict[tuple[int, int], tuple[int, int, int, int]] = {}  # (row, col) → cell (r0, c0, r1, c1)
        self.chars: dict[tuple[int, int, int, int], list[dict[str, Any]]] = {}
        for box in boxes:
            c0, c1 = _index(self.xs, box[0]), _index(self.xs, box[2]) - 1
            r0, r1 = _index(self.ys, box[1]), _index(self.ys, box[3]) - 1
            if c1 < c0 or r1 < r0:
                continue
            cell = (r0, c0, r1, c1)
            self.chars.setdefault(cell, [])
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    self.cells[(r, c)] = cell

    def take(self, char: dict[str, Any], cx: float, cy: float) -> bool:
        if not self.xs or not (self.xs[0] <= cx <= self.xs[-1] and self.ys[0] <= cy <= self.ys[-1]):
            return False
        c = min(bisect.bisect_right(self.xs, cx) - 1, self.width - 1)
        r = min(bisect.bisect_right(self.ys, cy) - 1, self.height - 1)
        cell = self.cells.get((r, c))
        if cell is None:
            return False
        self.chars[cell].append(char)
        return True

    def rows(self, page: int, table: int, text: TextBuilder) -> list[Row]:
        content: dict[tuple[int, int, int, int], Piece] = {}
        for cell, chars in sorted(self.chars.items()):
            lines = _reading_lines(chars)
            cell_text = "\n".join(" ".join("".join(c["text"] for c in w) for w in _words(line)) for line in lines)
            start, end = text.add(cell_text)
            text.add("\t")
            box = _box(chars) if chars else None
            content[cell] = Piece(cell_text, start, end, page=page, bbox=box, table=table, row=cell[0] + 1,
                                  column=cell[1] + 1)  # fmt: skip
        text.add("\n")
        out: list[Row] = []
        for r in range(self.height):
            pieces: list[Piece] = []
            spans: list[tuple[int, int]] = []
            carried: list[bool] = []
            seen: set[tuple[int, int, int, int]] = set()
            for c in range(self.width):
                found = self.cells.get((r, c))
                if found is None or found in seen:
                    continue
                seen.add(found)
                pieces.append(content[found])
                spans.append((found[1], found[3]))
                carried.append(found[0] < r)
            if not pieces or all(carried):
                continue  # a sliver of cells merged from above (boxes drawn apart): no row
            if len(pieces) == 1 and spans[0] == (0, self.width - 1) and not carried[0]:
                # a frame drawn round the text (a heading or a paragraph across the table)
                out.extend(_cell_lines(pieces[0], page))
                continue
            out.append(Row(pieces, grid=True, spans=spans, carried=carried, table=table, width=self.width, page=page))
        return out


def _cell_lines(piece: Piece, page: int) -> list[Row]:
    """The printed lines of a cell as line rows (its text already in the decoded text)."""
    rows = []
    position = piece.start or 0
    for line in piece.text.split("\n"):
        start = position
        position += len(line) + 1
        if not line.strip() or is_footer(line):
            continue
        pieces = []
        offset = start
        for word in line.split(" "):
            if word:
                pieces.append(Piece(word, offset, offset + len(word), page=page))
            offset += len(word) + 1
        rows.append(Row(pieces, line=line, page=page, offsets=list(range(start, start + len(line)))))
    return rows


def _edges(values: Sequence[float], tolerance: float = 2.0) -> list[float]:
    return clusters(values, tolerance)


def _index(edges: Sequence[float], value: float) -> int:
    i = bisect.bisect_left(edges, value - 2.0)
    return min(i, len(edges) - 1)
