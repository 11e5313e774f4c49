"""Loading and validating regulation data (kkpham_rules.loader)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from fractions import Fraction as F
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import kkpham_rules
from kkpham_rules import _documents as documents
from kkpham_rules import _safe_yaml as safe_yaml
from kkpham_rules._documents import read_yaml
from kkpham_rules.describe import describe_regulation
from kkpham_rules.errors import PluginError
from kkpham_rules.loader import load_regulation_text, regulation_from_data
from kkpham_rules.model import invariant_problems
from kkpham_rules.registry import Registry

DATA = Path(__file__).parent / "data"


def base() -> dict[str, Any]:
    data = read_yaml((DATA / "all-rules.yaml").read_bytes())
    assert isinstance(data, dict)
    return data


def problems_of(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(PluginError) as caught:
        regulation_from_data(data, plugin="broken-plugin")
    assert caught.value.plugin == "broken-plugin"
    return [(p.pointer, p.code) for p in caught.value.problems]


def test_synthetic_regulation_loads(all_rules: kkpham_rules.Regulation) -> None:
    assert [r.id for r in all_rules.rights] == ["alpha", "beta"]
    assert len(all_rules.indicators) == 6
    assert all_rules.catalogue_complete
    assert all_rules.content_hash.startswith("sha256:")


def test_shipped_regulations_have_the_verified_structure() -> None:
    old = kkpham_rules.get_regulation("34/2016")
    new = kkpham_rules.get_regulation("22/2021")
    assert len(old.rights) == 7
    assert len(new.rights) == 10
    assert old.declared_indicator_total == 83
    assert new.declared_indicator_total == 120
    for regulation in (old, new):
        assert [str(p) for _, p in regulation.scoring.dimension_points] == ["10", "30", "60"]
        assert [(c.code, c.lower) for c in regulation.categories] == [
            ("peduli-ham", F(75)),
            ("cukup-peduli-ham", F(65)),
            ("mulai-peduli-ham", F(50)),
            ("kurang-peduli-ham", F(0)),
        ]
        assert not regulation.catalogue_complete


def test_uncertain_provisions_are_marked_inferred() -> None:
    new = kkpham_rules.get_regulation("22/2021")
    assert new.scoring.citation.status == "inferred"
    assert new.categories[0].citation.status == "verified"
    assert {c.citation.status for c in new.categories[1:]} == {"inferred"}
    assert new.governs.citation.status == "inferred"


def test_content_hash_is_stable_and_sensitive() -> None:
    text = (DATA / "all-rules.yaml").read_bytes()
    first = load_regulation_text(text, "t").content_hash
    assert load_regulation_text(text, "t").content_hash == first
    changed = text.replace(b"target: 80", b"target: 81")
    assert load_regulation_text(changed, "t").content_hash != first


def test_every_problem_is_reported_at_once() -> None:
    data = base()
    data["rights"][1]["id"] = "alpha"
    data["indicators"][0]["right"] = "gamma"
    data["categories"][1]["upper"] = 70
    data["indicators"][1]["rule"] = {"kind": "presence"}
    data["scoring"]["dimension_points"]["hasil"] = "lots"
    found = problems_of(data)
    assert ("/scoring/dimension_points/hasil", "decimal_parsing") in found
    data["scoring"]["dimension_points"]["hasil"] = 60
    found = problems_of(data)
    assert ("/rights/1/id", "inconsistent_regulation") in found
    assert ("/indicators/0/right", "inconsistent_regulation") in found
    assert ("/categories/1/upper", "inconsistent_regulation") in found
    assert ("/indicators/1/value_kind", "inconsistent_regulation") in found


def test_schema_errors_point_into_the_document() -> None:
    data = base()
    data["indicators"][5]["rule"]["bands"][0]["points"] = -1
    data["extra"] = True
    assert problems_of(data) == [
        ("/indicators/5/rule/bands/0/points", "greater_than_equal"),
        ("/extra", "extra_forbidden"),
    ]


def test_band_holes_and_overlaps_are_rejected() -> None:
    data = base()
    data["indicators"][5]["rule"]["bands"][1]["lower"] = 60
    assert problems_of(copy.deepcopy(data)) == [
        ("/indicators/5/rule/bands", "inconsistent_regulation")
    ]
    data["indicators"][5]["rule"]["bands"][1]["lower"] = 40
    assert problems_of(data) == [("/indicators/5/rule/bands", "inconsistent_regulation")]


def test_more_indicators_than_declared_is_rejected() -> None:
    data = base()
    data["rights"][0]["declared_counts"]["struktur"] = 0
    data["declared_indicator_total"] = None
    assert ("/rights/0/declared_counts/struktur", "inconsistent_regulation") in problems_of(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["indicators"][5]["rule"].update(
                gaps=[{"lower": 60, "upper": 70, "lower_inclusive": True, "upper_inclusive": True}]
            ),
            "not a hole",
        ),
        (lambda d: d["indicators"][5]["rule"]["bands"][2].update(lower=-50), "outside the values"),
        (
            lambda d: (d["categories"][0].update(lower=150), d["categories"][1].update(upper=150)),
            "above the highest possible score",
        ),
    ],
    ids=["gap-over-a-band", "band-below-zero", "unreachable-top-category"],
)
def test_loader_refuses_data_that_cannot_work(
    change: Callable[[dict[str, Any]], object], message: str
) -> None:
    """Regression: a gap over a band, a band below zero, an unreachable category."""
    data = base()
    change(data)
    with pytest.raises(PluginError) as caught:
        regulation_from_data(data, "t")
    assert any(message in p.message for p in caught.value.problems), caught.value.problems


def test_the_models_invariants_point_into_the_data_file() -> None:
    data = base()
    data["governs"]["last"] = 2080
    data["categories"][2]["code"] = "top"
    data["categories"][0]["lower"] = 150
    data["categories"][1]["upper"] = 150
    data["indicators"][2]["id"] = "alpha.perda"
    assert problems_of(data) == [
        ("/governs/last", "inconsistent_regulation"),
        ("/categories/2/code", "inconsistent_regulation"),
        ("/categories/0/lower", "inconsistent_regulation"),
        ("/indicators/2/id", "inconsistent_regulation"),
    ]


def test_the_model_keeps_the_loaders_invariants_on_evolved_values(
    all_rules: kkpham_rules.Regulation,
) -> None:
    alpha = all_rules.rights[0]
    with pytest.raises(PluginError) as caught:
        attrs.evolve(all_rules, rights=(*all_rules.rights, alpha))
    assert [(p.code, p.pointer, p.message) for p in caught.value.problems] == [
        ("invalid_regulation", "", "right id 'alpha' is used twice")
    ]
    moved = [attrs.evolve(c, upper=None) if c.code == "middle" else c for c in all_rules.categories]
    with pytest.raises(PluginError) as caught:
        attrs.evolve(all_rules, categories=tuple(moved))
    assert [p.message for p in caught.value.problems] == [
        "category 'middle' must end where 'top' starts (75); "
        "categories may neither overlap nor leave holes",
    ]


def test_invariants_are_located_by_the_positions_given() -> None:
    found = invariant_problems(
        years=(2020, None),
        dimension_points=[F(0), F(0), F(0)],
        categories=[("a", F(10), None), ("b", F(0), F(5))],
        rights=[("x", F(1)), ("y", F(0))],
        indicators=[("i", "x"), ("j", "z")],
    )
    assert found == [
        (
            ("scoring", "dimension_points"),
            "the dimensions together must be worth more than 0 points",
        ),
        (
            ("categories", 1, "upper"),
            "category 'b' must end where 'a' starts (10); "
            "categories may neither overlap nor leave holes",
        ),
        (("categories", 0, "lower"), "the top category starts above the highest possible score"),
        (("rights", 1, "weight"), "right 'y' must weigh more than 0"),
        (("indicators", 1, "right"), "indicator 'j' names unknown right 'z'"),
    ]
    assert [
        p.location
        for p in invariant_problems(
            years=(2020, 2021), dimension_points=[F(1)], categories=[], rights=[], indicators=[]
        )
    ] == [("categories",), ("rights",)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"id: a\nid: b\n", "given twice"),
        (b"x: !!python/object/apply:os.system ['true']\n", "not valid YAML"),
        (b"x: .nan\n", "is not a number"),
        (b"x: -.inf\n", "is not a number"),
        (b"x: [unclosed\n", "not valid YAML"),
    ],
)
def test_hostile_or_malformed_yaml_is_refused(text: bytes, message: str) -> None:
    with pytest.raises(PluginError) as caught:
        load_regulation_text(text, plugin="p")
    assert message in caught.value.problems[0].message


def test_yaml_numbers_are_exact_decimals() -> None:
    data = read_yaml(b"x: 0.1\ny: 3\n")
    assert str(data["x"]) == "0.1"
    assert type(data["x"]).__name__ == "Decimal"


def test_description_writes_decimals_not_fractions() -> None:
    """Regression: ``kkpham show`` writes a weight or bound of 62.5 as 62.5, not 125/2."""
    data = base()
    data["indicators"][1]["weight"] = "0.5"
    data["categories"][0]["lower"] = "62.5"
    data["categories"][1]["upper"] = "62.5"
    described = describe_regulation(regulation_from_data(data, "t"))
    assert described["indicators"][1]["weight"] == "0.5"
    assert described["categories"][0]["lower"] == "62.5"


def write_revisions(root: Path, package: str, revisions: dict[str, int]) -> None:
    """Write a plugin package whose revisions/<file> declare the given numbers."""
    text = (DATA / "all-rules.yaml").read_text()
    folder = root / package / "revisions"
    folder.mkdir(parents=True)
    (root / package / "__init__.py").write_text("")
    for file_name, number in revisions.items():
        body = text.replace("revision: 1\n", f"revision: {number}\n").replace(
            "target: 80", f"target: {70 + number}"
        )
        (folder / file_name).write_text(body)


def test_revisions_load_in_numeric_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kkpham_rules.loader import load_packaged_revisions
    from kkpham_rules.registry import Registry

    write_revisions(tmp_path, "rev_plugin", {"1.yaml": 1, "2.yaml": 2, "10.yaml": 10})
    monkeypatch.syspath_prepend(str(tmp_path))
    revisions = load_packaged_revisions("rev_plugin")
    assert [r.revision for r in revisions] == [1, 2, 10]
    assert len({r.content_hash for r in revisions}) == 3
    registry = Registry.from_regulations(revisions)
    assert registry.get("test-all-rules").revision == 10
    assert registry.get("test-all-rules@2").revision == 2
    assert registry.get("T/2099", revision=1).revision == 1
    assert [r.revision for r in registry.revisions] == [1, 2, 10]
    with pytest.raises(kkpham_rules.RegulationNotFoundError) as caught:
        registry.get("test-all-rules@3")
    assert caught.value.problems[0].expected == "1, 2, 10"


def test_revision_file_must_match_its_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kkpham_rules.loader import load_packaged_revisions

    write_revisions(tmp_path, "bad_rev_plugin", {"1.yaml": 1, "2.yaml": 3})
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(PluginError) as caught:
        load_packaged_revisions("bad_rev_plugin")
    assert [p.code for p in caught.value.problems] == ["revision_mismatch"]


# -- libyaml for packaged data: the same data as the pure-Python parser -------

YAML_FILES = sorted(
    path
    for folder in ("regulations", "examples", "tests/data")
    for pattern in ("*.yaml", "*.yml")
    for path in (DATA.parent.parent / folder).rglob(pattern)
)


def _outcome(text: bytes, load: Any = safe_yaml._load_python) -> tuple[str, str]:
    """Return what ``load`` makes of ``text``: its data (with types) or its error."""
    try:
        return ("data", repr(load(text)))
    except safe_yaml.YamlProblem as error:
        return ("YamlProblem", f"{error} (line {error.line})")
    except RecursionError:  # its wording depends on where the stack ran out
        return ("RecursionError", "")


def _fast(text: bytes) -> Any:
    return safe_yaml.load_yaml(text, fast=True)


def test_the_fast_parser_is_available() -> None:
    # PyYAML's wheels ship libyaml; without it packaged data takes the slow path
    assert yaml.__with_libyaml__
    assert safe_yaml._FAST_LOADER is not None


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(DATA.parent.parent)))
def test_every_shipped_yaml_file_parses_the_same_in_c_and_python(path: Path) -> None:
    text = path.read_bytes()
    assert safe_yaml._FAST_LOADER is not None
    fast = repr(yaml.load(text, Loader=safe_yaml._FAST_LOADER))  # noqa: S506 - CSafeLoader
    assert fast == _outcome(text)[1]


def test_packaged_regulations_are_parsed_fast() -> None:
    calls: list[bool] = []
    real = safe_yaml.load_yaml

    def spy(text: str | bytes, max_bytes: int = safe_yaml.MAX_BYTES, *, fast: bool = False) -> Any:
        calls.append(fast)
        return real(text, max_bytes, fast=fast)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(documents, "load_yaml", spy)
        Registry.from_entry_points()
        read_yaml(b"a: 1\n")
    assert calls == [True] * (len(calls) - 1) + [False]
    assert len(calls) >= 3


@pytest.mark.parametrize(
    "text",
    [
        b"id: a\nid: b\n",
        b"[a]: 1\n",
        b"x: !!python/object/apply:os.system ['true']\n",
        b"x: .nan\n",
        b"x: [unclosed\n",
        b"a: b: c\n",
        b"\tx: 1\n",
        b"x: \x07\n",
        b"x: 1e99999999999\n",
        b"x: 0.1_0\ny: 1_000\nz: 0x1F\nw: 0o17\nv: 1:30\nu: ~\nt: yes\n",
        b"---\na: 1\n---\nb: 2\n",
        b"%YAML 1.2\n---\na: 1\n",
        b"\xef\xbb\xbfa: 1\n",
        b"\xff\xfea\x00:\x00 \x001\x00\n\x00",
        b"a: &x [1, 2]\nb: *x\nc: {<<: {d: 1}}\n",
        b"a: 'it''s'\nb: \"\\u00e9\\x41\"\nc: |\n  two\n  lines\nd: >\n  folded\n  text\n",
        b"",
        b"# only a comment\n",
        # nesting: both parsers read 150 levels; 700 is too deep for the Python
        # parser (libyaml reads it); 1500 is too deep for both
        b"[" * 150 + b"]" * 150,
        b"[" * 700 + b"]" * 700,
        b"[" * 1500 + b"]" * 1500,
        b"a: &a [*a]\n",
        b"a: &a [1, [2]]\nb: [*a, *a, [*a, [*a]]]\n",
    ],
)
def test_fast_parsing_defers_to_the_python_parser_on_errors_and_depth(text: bytes) -> None:
    assert _outcome(text, _fast) == _outcome(text)


@pytest.mark.parametrize(
    "text",
    # documents libyaml reads differently from the pure-Python parser (0.2.5)
    [
        b"a: x\ty\n",
        b"a: |#\n",
        b"!",
        b"\xe2\x80\xa8\xef\xbb\xbfa\n",
        b"- \n#:a\r\xef\xbb\xbf.5\n",
    ],
)
def test_documents_users_write_are_parsed_as_before(text: bytes) -> None:
    assert _outcome(text, safe_yaml.load_yaml) == _outcome(text)


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.decimals(allow_nan=False, allow_infinity=False, places=4).map(float)
    | st.text()
)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=20,
    ),
    st.booleans(),
)
def test_generated_documents_parse_the_same_in_c_and_python(data: Any, flow: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True).encode("utf-8")
    assert _outcome(text, _fast) == _outcome(text)
