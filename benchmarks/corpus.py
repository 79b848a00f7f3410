"""A deterministic corpus of report documents shaped like the real thing.

Reports of all three templates built from the bundled examples, with every count
cell redrawn and five narrative sections of about 3,000 characters, so a gb
document is about 22 KB of JSON with about 200 numeric cells (the shape
perf-notes.md measured).
"""

from __future__ import annotations

import json
import pathlib
import random
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
BASES = {
    "gb2021": ROOT / "examples" / "valid" / "shuyang-county-government-2025.json",
    "gb2019": ROOT / "examples" / "valid" / "shanghai-government-office-2019.json",
    "legacy": ROOT / "examples" / "valid" / "chenzhou-2015.json",
}
_HANZI = "政府信息公开工作年度报告主动申请办理结果行政复议诉讼本机关全年规范性文件平台建设监督保障存在问题改进情况"


def _redraw(node: Any, rng: random.Random, in_table: bool) -> Any:
    if isinstance(node, dict):
        return {k: _redraw(v, rng, in_table or k in ("body",)) for k, v in node.items()}
    if isinstance(node, list):
        return [_redraw(v, rng, in_table) for v in node]
    if in_table and type(node) is int:
        return rng.choice((0, 0, 1, rng.randrange(0, 1000)))
    return node


def _text(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(_HANZI) for _ in range(size)) + "。"


def make_documents(n: int, seed: int = 7) -> list[tuple[str, bytes]]:
    """``n`` documents as (template, canonical JSON bytes), templates in turn."""
    rng = random.Random(seed)
    bases = {t: json.loads(p.read_text(encoding="utf-8")) for t, p in BASES.items()}
    templates = ["gb2021", "gb2019", "gb2021", "legacy"]
    out = []
    for i in range(n):
        template = templates[i % len(templates)]
        doc = _redraw(bases[template], rng, False)
        if template != "legacy":
            doc["body"]["sections"] = [
                {"key": key, "heading": heading, "text": _text(rng, 1000)}
                for key, heading in (
                    ("overall", "一、总体情况"),
                    ("problems_and_improvements", "五、存在的主要问题及改进情况"),
                    ("other_matters", "六、其他需要报告的事项"),
                    ("overall_extra", "（一）主动公开"),
                    ("overall_extra_two", "（二）依申请公开"),
                )
            ]
        doc["agency"]["name"] = f"{doc['agency']['name']}{i}"
        out.append((template, (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()))
    return out
