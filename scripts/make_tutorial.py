"""Write ``examples/tutorial.ipynb`` from the cells below (outputs are not committed;
``tests/test_notebook.py`` and CI execute the notebook).

    python scripts/make_tutorial.py
"""

from __future__ import annotations

import pathlib

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent

CELLS: list[tuple[str, str]] = [
    (
        "markdown",
        """# govdisclosure: a tutorial

Load the bundled reports, look at them as the official tables, audit them, compute ratios,
write a Parquet dataset and query it with DuckDB (`pip install '.[notebook]'`). It finds the
bundled examples whether the kernel starts in `examples/` (as Jupyter and
`jupyter nbconvert --execute examples/tutorial.ipynb` start it) or in the repository's root.""",
    ),
    (
        "code",
        """import pathlib

import govdisclosure as gd

# the bundled examples: beside this notebook, or under examples/ of the repository's root
here = pathlib.Path.cwd()
EXAMPLES = next(p for p in (here, here / "examples", here.parent / "examples") if (p / "valid").is_dir())
reports = gd.load_all(EXAMPLES / "valid", progress=True)   # every *.json and *.jsonl inside
reports""",
    ),
    (
        "markdown",
        """A collection shows as a summary: one line per report, its headline figures and how many
audit rules fail. `repr` stays one line:""",
    ),
    (
        "code",
        """print(reports)
print(reports[0])""",
    ),
    (
        "markdown",
        """## One report, as printed

A report shows as its official tables: 表二, 表三, 表四 for the national templates. Blank cells
are hatched and never read as zero. Here one cell of a real report is changed by +5, so the row
and column totals fail: the cells those rules read are highlighted (hover for the message), the
cell read by both is darkest.""",
    ),
    (
        "code",
        """import json

data = json.loads((EXAMPLES / "valid" / "shuyang-county-government-2025.json").read_text("utf-8"))
data["body"]["applications"]["results"]["granted"]["natural_person"] += 5
altered = gd.structure(data)
altered""",
    ),
    ("markdown", "## The audit"),
    (
        "code",
        """for finding in gd.audit(altered):
    if finding.outcome is gd.Outcome.FAIL:
        print(finding.format_text())
print()
for finding in reports.failures():
    print(finding.format_text())""",
    ),
    ("markdown", "## Ratios, as a pandas DataFrame"),
    (
        "code",
        """ratios = reports.to_pandas("ratios")
ratios[["agency", "year", "substantive_disclosure_rate", "completion_rate"]]""",
    ),
    (
        "markdown",
        """## One table in its official wide layout

Rows indexed by key and official label, official column labels; a blank cell is `<NA>`.
`printed=True` shows the text as printed instead.""",
    ),
    (
        "code",
        """from govdisclosure.frames import table_frame

shanghai_2019 = next(r for r in reports if r.year == 2019)
table_frame(shanghai_2019, "表三").head(6)""",
    ),
    ("markdown", "## Charts"),
    (
        "code",
        """from govdisclosure.plot import outcomes_chart, ratio_chart

ax = outcomes_chart(reports[-2])""",
    ),
    ("code", """ax = ratio_chart(reports, "substantive_disclosure_rate", by="agency")"""),
    ("markdown", "## A Parquet dataset, queried with DuckDB"),
    (
        "code",
        """import tempfile

import duckdb
from govdisclosure.parquet import read_parquet, write_dataset

folder = pathlib.Path(tempfile.mkdtemp()) / "dataset"
written = write_dataset(reports, folder, partition=("year", "province"), table="facts")
received = duckdb.sql(f\"\"\"
    select year, sum(value) as received
    from read_parquet('{folder}/**/*.parquet', hive_partitioning = true)
    where "table" = '表三' and row_key = 'new_received' and column_key = 'total'
    group by year order by year
\"\"\").df()
received""",
    ),
    ("markdown", "The lossless reports table reads back into the same objects, with filters pushed down:"),
    (
        "code",
        """import pyarrow.compute as pc

lossless = pathlib.Path(tempfile.mkdtemp()) / "reports"
write_dataset(reports, lossless, partition=("year",))
back = list(read_parquet(lossless, filter=pc.field("year") >= 2024))
print(back)
print(all(r in list(reports) for r in back))""",
    ),
]


def main() -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    for index, (kind, source) in enumerate(CELLS):
        cell = nbformat.v4.new_markdown_cell(source) if kind == "markdown" else nbformat.v4.new_code_cell(source)
        cell["id"] = f"cell-{index:02d}"  # stable ids: the file does not change when regenerated
        notebook.cells.append(cell)
    nbformat.validate(notebook)
    path = ROOT / "examples" / "tutorial.ipynb"
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
