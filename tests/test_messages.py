"""Messages people read: plain Indonesian or English, with the place and a suggestion."""

from __future__ import annotations

import ast
import json
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic_core.core_schema import ErrorType

import kkpham_rules
from kkpham_rules import cli, errors, messages
from kkpham_rules.errors import Problem
from kkpham_rules.messages import CATALOGUE, NOTICES, collapse, default_lang, headline, render

from .test_cli import EXAMPLE, run

SRC = Path(kkpham_rules.__file__).parent
BASE = {"region": {"code": "72.71", "name": "Kota Palu"}, "assessment_year": 2022}

PYDANTIC_WORDING = (
    "Input should",
    "String should",
    "Extra inputs are not permitted",
    "Field required",
    "Value error,",
    "should match pattern",
    "greater than or equal",
)
"""Phrases of pydantic's own messages, which nobody should have to read."""

DYNAMIC_CODES = {
    # codes built from a name at run time, by the module that builds them
    "f'unknown_{kind}'": {"unknown_category", "unknown_right", "unknown_indicator"},
    "f'bad_{key}'": {"bad_target", "bad_bands", "bad_levels"},
}


def _emitted() -> tuple[set[str], set[str], set[str]]:
    """Return the codes the sources give to Problem (and validators), and to Notice."""
    problems: set[str] = set()
    notices: set[str] = set()
    dynamic: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in ("Problem", "Notice", "PydanticCustomError", "RegionFinding"):
                continue
            code: ast.expr | None = node.args[0] if node.args else None
            for keyword in node.keywords:
                if keyword.arg == "code":
                    code = keyword.value
            assert code is not None, f"{path.name}:{node.lineno}"
            if isinstance(code, ast.Constant):
                (notices if name == "Notice" else problems).add(str(code.value))
            elif isinstance(code, ast.JoinedStr):
                dynamic.add(ast.unparse(code).replace('"', "'"))
            # otherwise a copy of another problem's code (a record prefixed), checked there
    return problems, notices, dynamic


def _error_codes() -> set[str]:

    found, todo = set(), [errors.KkphamError]
    while todo:
        kind = todo.pop()
        found.add(kind.code)
        todo += kind.__subclasses__()
    return found


def test_every_code_the_library_emits_has_an_entry() -> None:
    problems, notices, dynamic = _emitted()
    assert dynamic <= set(DYNAMIC_CODES), f"a new family of codes needs entries: {dynamic}"
    problems |= {code for family in DYNAMIC_CODES.values() for code in family}
    problems |= _error_codes()  # a plugin raising one becomes a problem with its code
    assert problems - set(CATALOGUE) == set()
    assert notices - set(NOTICES) == set()
    assert len(problems) > 60  # the walk found the codes, not nothing


@pytest.mark.parametrize("code", sorted(set(CATALOGUE) | set(typing.get_args(ErrorType))))
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_entry_renders_in_both_languages(code: str, lang: messages.Lang) -> None:
    for problem in (
        Problem(code, "/region/code", "detail", ">= 1", '"x"', "line 3, column hasil"),
        Problem(code, "/2/dimensions/kesehatan/hasil", "2: detail", "a, b", "120"),
        Problem(code, "", "detail"),
    ):
        sentence = render(problem, lang)
        assert sentence
        assert "{" not in sentence.replace("{...}", "").replace('{"', "")


def test_the_region_code_in_the_words_of_the_issue() -> None:
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        kkpham_rules.evaluate({**BASE, "region": {"code": "7271", "name": "Kota Palu"}})
    [problem] = caught.value.problems
    assert (problem.code, problem.pointer) == ("string_pattern_mismatch", "/region/code")
    assert render(problem, "id") == (
        'kode wilayah harus berbentuk 2 digit titik 2 digit, misalnya 72.71 (tertulis: "7271")'
    )
    assert problem.message == render(problem, "en")  # the English sentence, not pydantic's


def test_shape_errors_are_plain_and_suggest_the_key_meant() -> None:
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        kkpham_rules.evaluate(
            {
                "region": {"code": "72.71", "name": ""},
                "assesment_year": 2022,
                "dimensions": {"kesehatan": {"strukture": 50, "hasil": 120, "proses": "x"}},
                "indikator": {},
            }
        )
    said = {p.pointer: (render(p, "id"), render(p, "en")) for p in caught.value.problems}
    assert said["/assesment_year"] == (
        'kunci "assesment_year" tidak dikenal di sini; mungkin maksudnya "assessment_year"?',
        'the key "assesment_year" is not known here; did you mean "assessment_year"?',
    )
    assert 'maksudnya "indicators"?' in said["/indikator"][0]
    assert 'maksudnya "struktur"?' in said["/dimensions/kesehatan/strukture"][0]
    assert said["/dimensions/kesehatan/hasil"][0] == (
        'nilai dimensi hasil untuk hak "kesehatan" harus berupa persentase dari 0 sampai 100 '
        "(tertulis: 120)"
    )
    assert said["/assessment_year"][0].startswith("tahun data belum diisi")
    assert said["/region/name"][0].startswith("nama kabupaten/kota tidak boleh kosong")
    for problem in caught.value.problems:
        for text in (problem.message, render(problem, "id"), render(problem, "en")):
            assert not any(phrase in text for phrase in PYDANTIC_WORDING), text


def test_machine_fields_stay_as_they_were() -> None:
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        kkpham_rules.evaluate({**BASE, "assessment_year": "2022", "x": 1})
    data = {p["pointer"]: p for p in caught.value.to_dict()["problems"]}
    assert data["/assessment_year"] == {
        "code": "int_type",
        "pointer": "/assessment_year",
        "message": "the data year must be a year in digits without quotes, e.g. 2022 "
        '(given: "2022")',
        "expected": "an integer",
        "received": '"2022"',
    }
    assert data["/x"]["code"] == "extra_forbidden"
    assert data["/x"]["received"] == "1"
    assert "assessment_year" in data["/x"]["expected"]  # the keys known at that level


def test_unknown_rights_point_to_the_right_meant_or_list_the_known() -> None:
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        kkpham_rules.evaluate({**BASE, "dimensions": {"perumahan": {"hasil": 1}}}, "22/2021")
    assert render(caught.value.problems[0], "id") == (
        'hak "perumahan" tidak ada dalam peraturan ini; mungkin maksudnya "lingkungan-perumahan"?'
    )
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        kkpham_rules.evaluate({**BASE, "dimensions": {"terbang": {"hasil": 1}}}, "22/2021")
    sentence = render(caught.value.problems[0], "en")
    assert "known rights: bantuan-hukum, informasi" in sentence
    assert "prepared for another regulation" in sentence


def test_broken_json_says_where_and_what_to_look_for() -> None:
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        kkpham_rules.load_submission(b'{"region": {"code": "72.71"}\n "assessment_year": 2022}')
    [problem] = caught.value.problems
    assert (problem.code, problem.location) == ("not_json", "line 2, column 2")
    assert messages.place(problem, "id") == "baris 2, kolom 2"
    assert render(problem, "id") == (
        "berkas ini bukan JSON yang sah; mungkin ada tanda koma yang kurang di antara dua isian"
    )
    assert "Expecting" not in problem.message  # json's own words stay out


def test_a_brace_in_a_json_hint_is_written_once() -> None:
    # the hints are filled into a template, never formatted themselves: "}}" would show
    for expected, indonesian, english in messages.JSON_HINTS.values():
        assert "{{" not in indonesian + english, expected
        assert "}}" not in indonesian + english, expected
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        kkpham_rules.load_submission(b'{"region": {"code": "72.71"},}')
    [problem] = caught.value.problems
    assert render(problem, "id").endswith("tidak boleh ada koma sebelum }")
    assert problem.message.endswith("with no comma before }")


def test_repeats_fold_into_one_line_with_a_count_and_places() -> None:
    regulation = kkpham_rules.get_regulation("34/2016")
    cohort = [
        {**BASE, "dimensions": {right: {"hasil": 50} for right in ("informasi", "keberagaman")}}
        for _ in range(514)
    ]
    from kkpham_rules.policy.simulate import evaluate_cohort

    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        evaluate_cohort([kkpham_rules.parse_submission(s) for s in cohort], regulation)
    assert len(caught.value.problems) == 1028  # the library still lists every one
    [line] = collapse(caught.value.problems, "id")
    assert line.startswith('hak "…" tidak ada dalam peraturan ini')
    assert line.endswith(
        "(1.028 kali: informasi, keberagaman; mis. /0/dimensions/informasi, "
        "/0/dimensions/keberagaman, /1/dimensions/informasi)"
    )
    assert collapse(caught.value.problems[:2], "en") == [
        f"{p.pointer}: {render(p, 'en')}" for p in caught.value.problems[:2]
    ]


def test_identical_problems_fold_without_a_list_of_values() -> None:
    same = [Problem("not_utf8", f"/line {n}", f"line {n}: not UTF-8") for n in range(1, 600)]
    assert collapse(same, "en") == [
        'the file is not UTF-8 text; save it again as UTF-8 (in Excel: "CSV UTF-8") '
        "(599 times; e.g. /line 1, /line 2, /line 3)"
    ]


def test_one_warning_per_right_left_out_one_per_dimension_otherwise() -> None:
    regulation = kkpham_rules.get_regulation("34/2016")
    given = {right.id: {"struktur": 90, "proses": 90, "hasil": 90} for right in regulation.rights}
    given.pop("lingkungan")
    given["kesehatan"] = {"struktur": 90}
    evaluation = kkpham_rules.evaluate({**BASE, "assessment_year": 2019, "dimensions": given})
    no_input = [w for w in evaluation.warnings if w.code == "no_input"]
    assert [w.pointer for w in no_input] == [
        "/dimensions/kesehatan/proses",
        "/dimensions/kesehatan/hasil",
        "/dimensions/lingkungan",
    ]
    assert render(no_input[2], "id", evaluation=evaluation) == (
        "tidak ada nilai untuk Hak atas Lingkungan yang Berkelanjutan (lingkungan), dan 34/2016 "
        "belum punya indikator terkode untuk hak itu: nilai hak ini 0; isi nilai struktur, "
        "proses dan hasil bila datanya ada"
    )
    assert render(no_input[0], "en", evaluation=evaluation).startswith(
        "no proses share is given for the Right to health (kesehatan)"
    )
    for warning in evaluation.warnings:
        assert render(warning, "id", evaluation=evaluation) != warning.message


def test_headlines_are_plain_indonesian() -> None:
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        kkpham_rules.evaluate({**BASE, "dimensions": {"a": {}, "b": {}}}, "22/2021")
    assert headline(caught.value, "id") == "data tidak sesuai dengan peraturan 22/2021 (2 masalah)"
    assert headline(caught.value, "en") == caught.value.args[0]
    with pytest.raises(kkpham_rules.NoRegulationInForceError) as no_regulation:
        kkpham_rules.regulation_in_force(1995)
    assert headline(no_regulation.value, "id").startswith(
        "tidak ada peraturan terpasang yang berlaku untuk tahun data 1995"
    )


@pytest.mark.parametrize(
    ("environ", "lang"),
    [({}, "id"), ({"KKPHAM_LANG": "en"}, "en"), ({"KKPHAM_LANG": "en_US.UTF-8"}, "en"),
     ({"KKPHAM_LANG": "ID"}, "id"), ({"KKPHAM_LANG": "fr"}, "id")],
)  # fmt: skip
def test_the_default_language(environ: dict[str, str], lang: str) -> None:
    assert default_lang(environ) == lang


def test_every_command_takes_lang() -> None:
    commands = cli.leaf_commands(cli._parser())
    assert {"verify", "keys new", "archive add"} <= set(commands)
    for name, command in commands.items():
        options = {o for action in command._actions for o in action.option_strings}
        assert "--lang" in options, name


def test_the_help_documents_the_exit_codes() -> None:
    text = cli._parser().format_help()
    for line in ("0   success", "1   verify", "2   the input", "3   an installed", "70  internal"):
        assert line in text
    assert cli.__doc__ is not None
    assert "70    an internal error" in cli.__doc__


def _bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({**BASE, "region": {"code": "7271", "name": "X"}, "tahun": 1}))
    return path


def test_the_command_speaks_indonesian_by_default_and_english_when_asked(tmp_path: Path) -> None:
    bad = str(_bad(tmp_path))
    indonesian = run("evaluate", bad)
    assert indonesian.returncode == 2
    assert indonesian.stderr.splitlines()[0] == "kesalahan: data tidak dapat diterima (2 masalah)"
    assert "  /region/code: kode wilayah harus berbentuk 2 digit titik 2 digit" in indonesian.stderr
    english = run("evaluate", bad, lang="en")
    assert english.stderr.startswith("error: the submission has 2 problem(s)")
    assert english.stderr == run("evaluate", bad, "--lang", "en").stderr
    assert run("evaluate", bad, "--lang", "id", lang="en").stderr == indonesian.stderr


def test_json_errors_keep_the_english_message_and_add_the_localized(tmp_path: Path) -> None:
    error: dict[str, Any] = json.loads(run("evaluate", str(_bad(tmp_path)), "--json").stderr)
    assert error["lang"] == "id"
    assert error["localized_message"] == "data tidak dapat diterima (2 masalah)"
    [code, unknown] = error["problems"]
    assert code["code"] == "string_pattern_mismatch"
    assert code["message"].startswith("the region code must be")
    assert code["localized_message"].startswith("kode wilayah harus berbentuk")
    assert unknown["pointer"] == "/tahun"


def test_a_cohort_of_wrong_rights_is_one_line_in_the_terminal(tmp_path: Path) -> None:
    cohort = tmp_path / "cohort.jsonl"
    assert run("synth", "--regulation", "22/2021", "--regions", "50", "--out", str(cohort))
    result = run(
        "simulate", "--base", "34/2016", "--variant", str(EXAMPLE.parent / "variants" /
        "bound-80.yaml"), str(cohort), "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "kesalahan: data kohort tidak dapat diterima (250 masalah)"
    assert len(lines) == 2
    assert "(250 kali: bantuan-hukum, informasi, pemerintahan" in lines[1]
    listed = json.loads(
        run("simulate", "--base", "34/2016", "--variant", str(EXAMPLE.parent / "variants" /
            "bound-80.yaml"), str(cohort), "--out", str(tmp_path / "out"), "--json").stderr
    )  # fmt: skip
    assert len(listed["problems"]) == 250


def test_every_phrase_of_the_command_is_in_both_languages() -> None:
    source = (SRC / "cli.py").read_text(encoding="utf-8")
    keys = {
        str(node.args[0].value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "_phrase"
        and isinstance(node.args[0], ast.Constant)
    }
    from kkpham_rules.audit import Verification

    fields = Verification.model_fields
    keys |= set(typing.get_args(fields["status"].annotation))
    [cause] = typing.get_args(fields["causes"].annotation)  # list[Literal[...]]
    keys |= set(typing.get_args(cause))
    assert len(keys) > 15
    for key in keys:
        assert key in messages._TEXTS, key
