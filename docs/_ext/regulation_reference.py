"""Write the regulation reference pages from the installed plugins' data.

The law is written once, in each plugin's data file; this extension renders
it at build time (``reference/generated/<id>.rst``), so the docs cannot drift
from what the engine scores with.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Sphinx is needed to build the docs, not to render a page
    from sphinx.application import Sphinx

import kkpham_rules
from kkpham_rules.describe import citation_data, describe_regulation
from kkpham_rules.registry import default_registry
from kkpham_rules.versions.crosswalk import Crosswalk, available_crosswalks


def _cite(citation: dict[str, Any]) -> str:
    parts = [citation["label"]]
    if citation["note"]:
        parts.append(citation["note"])
    text = " — ".join(parts)
    if citation["sources"]:
        text += " Sources: " + "; ".join(f"``{s}``" for s in citation["sources"])
    return text


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = [".. list-table::", "   :header-rows: 1", ""]
    for row in [header, *rows]:
        lines.append("   * - " + (row[0] or "\\-"))
        lines.extend(f"     - {cell or '-'}" for cell in row[1:])
    return [*lines, ""]


def render(regulation: kkpham_rules.Regulation) -> str:
    """Return the reStructuredText reference page of one regulation."""
    data = describe_regulation(regulation)
    title = f"{data['short_name']}: {data['id']}"
    governs = data["governs"]
    lines = [
        title,
        "=" * len(title),
        "",
        data["title"],
        "",
        f"Revision {data['revision']} ({data['revision_date']}); "
        f"content hash ``{data['content_hash']}``.",
        "",
        f"Governs data years {governs['first']} to {governs['last'] or 'now'}: "
        + _cite(governs["citation"]),
        "",
        f"Basis: {_cite(data['citation'])}",
        "",
        "Scoring",
        "-------",
        "",
    ]
    points = data["scoring"]["dimension_points"]
    lines += [
        f"Points per right: struktur {points['struktur']}, proses {points['proses']}, "
        f"hasil {points['hasil']} (right maximum {data['scoring']['right_max']}). "
        + _cite(data["scoring"]["citation"]),
        "",
        "Roll-up: " + _cite(data["scoring"]["rollup_citation"]),
        "",
        f"Rounding: {data['scoring']['score_places']} decimals, half up; category from "
        f"the {data['scoring']['classify_on'].replace('_', ' ')}. "
        + _cite(data["scoring"]["rounding_citation"]),
        "",
        "Categories",
        "----------",
        "",
    ]
    lines += _table(
        ["Code", "Label", "From", "Below", "Awarded", "Basis"],
        [
            [
                c["code"],
                c["label_id"],
                c["lower"],
                c["upper"] or "(top)",
                "yes" if c["awarded"] else "no",
                _cite(c["citation"]),
            ]
            for c in data["categories"]
        ],
    )
    lines += ["Rights", "------", ""]
    lines += _table(
        ["Id", "Right", "Group", "Indicators (encoded/declared)", "Basis"],
        [
            [
                r["id"],
                f"{r['name_id']} ({r['name_en']})",
                r["group"] or "",
                ", ".join(
                    f"{dim} {c['encoded']}/{c['declared'] if c['declared'] is not None else '?'}"
                    for dim, c in r["indicators"].items()
                ),
                _cite(r["citation"]),
            ]
            for r in data["rights"]
        ],
    )
    catalogue = data["catalogue"]
    lines += [
        "Indicators",
        "----------",
        "",
        f"{catalogue['indicators_encoded']} of {catalogue['indicators_declared'] or '?'} "
        f"indicators encoded; catalogue {'complete' if catalogue['complete'] else 'incomplete'}.",
        "",
    ]
    if data["indicators"]:
        lines += _table(
            ["Id", "Right / dimension", "Wording", "Rule", "Basis"],
            [
                [
                    i["id"],
                    f"{i['right']} / {i['dimension']}",
                    f"{i['wording_id']} ({i['wording_en']})",
                    i["rule_text"],
                    _cite(i["citation"]),
                ]
                for i in data["indicators"]
            ],
        )
    if data["notes"]:
        lines += ["Notes", "-----", ""]
        lines += [f"- {note}" for note in data["notes"]] + [""]
    return "\n".join(lines)


def render_crosswalk(crosswalk: Crosswalk) -> str:
    """Return the reStructuredText page of one crosswalk, with its coverage."""
    title = f"Crosswalk {crosswalk.a} / {crosswalk.b}"
    registry = default_registry()
    a, b = registry.get(crosswalk.a), registry.get(crosswalk.b)
    lines = [
        title,
        "=" * len(title),
        "",
        f"Revision {crosswalk.revision}; content hash ``{crosswalk.content_hash}``.",
        "",
    ]
    for coverage in crosswalk.coverage(a, b):
        lines.append(
            f"- {coverage.regulation}: rights {coverage.rights_mapped}/{coverage.rights_total} "
            f"mapped, indicators {coverage.indicators_mapped}/{coverage.indicators_total} mapped"
        )
    lines.append("")
    lines += _table(
        [a.short_name, b.short_name, "Relation", "Judgement", "Basis"],
        [
            [
                ", ".join(m.a) or "(none)",
                ", ".join(m.b) or "(none)",
                m.relation,
                "yes" if m.judgement else "no",
                _cite(citation_data(m.basis)),
            ]
            for m in crosswalk.rights
        ],
    )
    return "\n".join(lines)


def generate(app: Sphinx) -> None:
    """Write one page per installed regulation and crosswalk, and an index of them."""
    target = Path(app.srcdir) / "reference" / "generated"
    target.mkdir(parents=True, exist_ok=True)
    pages = []
    for regulation in kkpham_rules.available_regulations():
        (target / f"{regulation.id}.rst").write_text(render(regulation), encoding="utf-8")
        pages.append(regulation.id)
    for crosswalk in available_crosswalks():
        (target / f"{crosswalk.id}.rst").write_text(render_crosswalk(crosswalk), encoding="utf-8")
        pages.append(crosswalk.id)
    index = [
        "Regulations",
        "===========",
        "",
        "Generated from the installed plugins' data.",
        "",
        ".. toctree::",
        "   :maxdepth: 1",
        "",
    ]
    index += [f"   {page}" for page in pages]
    (target / "index.rst").write_text("\n".join(index) + "\n", encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the generator with Sphinx."""
    app.connect("builder-inited", generate)
    return {"parallel_read_safe": True, "version": "1"}
