"""A regulation shipped as its own distribution needs no change to the core.

The example plugin in ``examples/plugins/kkpham-permenkumham-25-2013`` is
installed with pip into a temporary folder and found through its entry point;
a deliberately broken distribution beside it must not hide it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import kkpham_rules
from kkpham_rules.registry import Registry

from .test_worked_cases import check_case, plugin_cases

ROOT = Path(__file__).parent.parent
PLUGIN = ROOT / "examples" / "plugins" / "kkpham-permenkumham-25-2013"

BROKEN_DATA = b"""\
format: kkpham-regulation/1
id: broken-2099
revision: 1
revision_date: 2026-11-23
title: A plugin with broken data
short_name: "B/2099"
citation: {status: inferred}
governs: {first: 2099, last: 2099, citation: {status: inferred}}
scoring:
  dimension_points: {struktur: 10, proses: 30, hasil: sixty}
  citation: {status: inferred}
  rollup_citation: {status: inferred}
  rounding_citation: {status: inferred}
categories: []
rights: []
"""


def write_broken_distribution(target: Path) -> None:
    """Install by hand (as pip would) a distribution whose data is invalid."""
    package = target / "kkpham_broken_plugin"
    (package / "revisions").mkdir(parents=True)
    (package / "revisions" / "1.yaml").write_bytes(BROKEN_DATA)
    (package / "__init__.py").write_text(
        "from kkpham_rules.loader import load_packaged_revisions\n\n"
        "def regulation():\n    return load_packaged_revisions(__name__)\n"
    )
    info = target / "kkpham_broken_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: kkpham-broken-plugin\nVersion: 0.1\n"
    )
    (info / "entry_points.txt").write_text(
        "[kkpham_rules.regulations]\nbroken-2099 = kkpham_broken_plugin:regulation\n"
    )


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(PLUGIN),
        ],
        check=True,
    )
    write_broken_distribution(target)
    return target


@pytest.fixture
def registry(plugin_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Registry]:
    monkeypatch.syspath_prepend(str(plugin_path))
    yield Registry.from_entry_points()
    for name in ("kkpham_permenkumham_25_2013", "kkpham_broken_plugin"):
        sys.modules.pop(name, None)


def test_installed_plugin_is_discovered(registry: Registry) -> None:
    ids = [r.id for r in registry.regulations]
    assert ids == ["permenkumham-25-2013", "permenkumham-34-2016", "permenkumham-22-2021"]
    assert registry.get("25/2013").plugin == "kkpham_permenkumham_25_2013"
    assert registry.in_force(2014).id == "permenkumham-25-2013"


def test_broken_plugin_is_named_and_others_still_work(registry: Registry) -> None:
    [broken] = registry.problems
    assert broken.plugin == "broken-2099"
    pointers = {p.pointer for p in broken.problems}
    assert "/scoring/dimension_points/hasil" in pointers
    with pytest.raises(kkpham_rules.PluginError) as caught:
        registry.get("broken-2099")
    assert caught.value.plugin == "broken-2099"


def test_plugin_worked_cases(registry: Registry) -> None:
    cases = [
        case for name, case in plugin_cases(registry) if name.startswith("permenkumham-25-2013/")
    ]
    assert cases
    for case in cases:
        check_case(case, registry)


def test_value_in_a_declared_gap_is_rejected_not_guessed(registry: Registry) -> None:
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        kkpham_rules.evaluate(
            {
                "region": {"code": "35.78", "name": "Kota Uji"},
                "assessment_year": 2014,
                "indicators": {"hak-hidup.aki": 110.5, "hak-mengembangkan-diri.abk": 50.5},
            },
            registry=registry,
        )
    assert [(p.pointer, "gap" in p.message) for p in caught.value.problems] == [
        ("/indicators/hak-hidup.aki", True),
        ("/indicators/hak-mengembangkan-diri.abk", True),
    ]
