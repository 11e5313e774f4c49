"""The HTTP service answers with the library's models and bytes, and problem+json on errors."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import kkpham_rules
from kkpham_rules.schemas import OPENAPI_FILE, generate_openapi, generate_schemas, schema_text
from kkpham_rules.service import create_app, request_lang

from .service_support import TestClient, kkpham_serve, problem_of

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "kota-contoh-2022.json"
BAD_CODE = {"region": {"code": "7271", "name": "Kota Palu"}, "assessment_year": 2022}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(max_body_bytes=64 * 1024, cors_origins=())) as made:
        yield made


def test_healthz_and_version(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    response = client.get("/version")
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"version": kkpham_rules.__version__}


def test_regulations_are_listed(client: TestClient) -> None:
    listed = client.get("/regulations").json()
    ids = [item["id"] for item in listed["regulations"]]
    assert {"permenkumham-34-2016", "permenkumham-22-2021"} <= set(ids)
    assert listed["broken_plugins"] == []


@pytest.mark.parametrize("name", ["permenkumham-22-2021", "22%2F2021", "22/2021"])
def test_one_regulation_by_id_or_alias(client: TestClient, name: str) -> None:
    response = client.get(f"/regulations/{name}")
    assert response.status_code == 200, response.text
    assert response.json()["id"] == "permenkumham-22-2021"


def test_an_unknown_regulation_is_404(client: TestClient) -> None:
    body = problem_of(client.get("/regulations/99%2F1999"), 404)
    assert body["problems"][0]["code"] == "regulation_not_found"
    unknown = client.post("/evaluate?regulation=99/1999", content=EXAMPLE.read_bytes())
    body = problem_of(unknown, 404)
    assert body["problems"][0]["pointer"] == "/regulation"


def test_evaluation_body_is_the_library_bytes(client: TestClient) -> None:
    raw = EXAMPLE.read_bytes()
    expected = kkpham_rules.evaluate(json.loads(raw)).to_json().encode("utf-8")
    response = client.post("/evaluate", content=raw)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.content == expected
    under = client.post("/evaluate", params={"regulation": "22/2021"}, content=raw)
    assert under.content == kkpham_rules.evaluate(json.loads(raw), "22/2021").to_json().encode()


@pytest.mark.parametrize(
    ("language", "lang", "words"),
    [
        ("en-GB,en;q=0.9", "en", "the region code must be"),
        ("id", "id", "kode wilayah harus"),
        (None, "id", "kode wilayah harus"),
    ],
)
def test_a_malformed_submission_is_422_with_localized_problems(
    client: TestClient, language: str | None, lang: str, words: str
) -> None:
    headers = {} if language is None else {"Accept-Language": language}
    body = problem_of(client.post("/evaluate", json=BAD_CODE, headers=headers), 422)
    assert body["lang"] == lang
    [problem] = body["problems"]
    assert problem["pointer"] == "/region/code"
    assert problem["code"] == "string_pattern_mismatch"
    assert problem["received"] == '"7271"'
    assert problem["localized_message"].startswith(words)


def test_a_body_that_is_not_json_is_400(client: TestClient) -> None:
    body = problem_of(client.post("/evaluate", content=b"{region: 1}"), 400)
    assert body["problems"][0]["code"] == "not_json"
    assert body["problems"][0]["location"] == "line 1, column 2"


def test_an_oversized_body_is_413(client: TestClient) -> None:
    body = problem_of(client.post("/evaluate", content=b" " * (64 * 1024 + 1)), 413)
    assert body["problems"][0]["code"] == "too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while reading
        for _ in range(65):
            yield b" " * 1024

    problem_of(client.post("/evaluate", content=chunks()), 413)


def test_schemas_are_the_published_files(client: TestClient) -> None:
    for name in generate_schemas():
        response = client.get(f"/schemas/{name}")
        assert response.text == (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert client.get("/schemas/submission").json()["$id"].endswith(":submission:1")
    problem_of(client.get("/schemas/nothing.json"), 404)


def test_unknown_paths_and_methods_are_problems(client: TestClient) -> None:
    assert problem_of(client.get("/nowhere"), 404)["problems"][0]["code"] == "no_such_resource"
    body = problem_of(client.get("/evaluate", headers={"Accept-Language": "en"}), 405)
    assert body["problems"][0]["localized_message"].startswith("this address does not take")


@pytest.mark.parametrize("language", ["id", "en"])
def test_starlette_s_answers_are_in_the_request_s_language(
    client: TestClient, language: str
) -> None:
    headers = {"Accept-Language": language}
    missing = problem_of(client.get("/nope", headers=headers), 404)
    wrong = client.delete("/evaluate", headers=headers)
    method = problem_of(wrong, 405)
    for body in (missing, method):
        [problem] = body["problems"]
        assert body["lang"] == language
        assert body["detail"] == problem["localized_message"]  # the sentence, not "Not Found"
        assert problem["message"] not in ("Not Found", "Method Not Allowed")
    assert missing["problems"][0]["received"] == "/nope"
    assert (method["problems"][0]["received"], method["problems"][0]["expected"]) == (
        "DELETE /evaluate",
        "POST",
    )
    assert wrong.headers["allow"] == "POST"
    assert missing["detail"].startswith(
        "alamat ini tidak ada" if language == "id" else "there is no such address"
    )


def test_a_schema_not_published_is_404_naming_the_published(client: TestClient) -> None:
    body = problem_of(client.get("/schemas/nope"), 404)
    assert body["type"] == "urn:kkpham-rules:problem:no_such_schema"
    [problem] = body["problems"]
    assert (problem["code"], problem["pointer"], problem["received"]) == (
        "no_such_schema",
        "/path/name",
        "nope",
    )
    published = ", ".join(sorted(generate_schemas()))
    assert problem["expected"] == published
    assert (
        body["detail"]
        == problem["localized_message"]
        == (f'tidak ada skema JSON bernama "nope"; yang diterbitkan: {published}')
    )


def test_no_cors_unless_configured(client: TestClient) -> None:
    headers = {"Origin": "https://example.org"}
    assert "access-control-allow-origin" not in client.get("/healthz", headers=headers).headers
    with TestClient(create_app(cors_origins=["https://example.org"])) as allowed:
        answer = allowed.get("/healthz", headers=headers)
        assert answer.headers["access-control-allow-origin"] == "https://example.org"


def test_request_lang() -> None:
    assert request_lang("fr;q=1, en;q=0.8, id;q=0.9") == "id"
    assert request_lang("en;q=x") == "id"
    assert request_lang("EN-us") == "en"


def test_checked_in_openapi_equals_generated() -> None:
    assert (ROOT / "schemas" / OPENAPI_FILE).read_text(encoding="utf-8") == schema_text(
        generate_openapi()
    ), "schemas/openapi.json is stale: run `python -m kkpham_rules.schemas schemas/`"


def test_kkpham_serve_answers_over_http() -> None:
    with kkpham_serve() as base:
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as ready:  # noqa: S310
            assert json.loads(ready.read()) == {"status": "ok"}
        request = urllib.request.Request(  # noqa: S310  # loopback, a port this test chose
            f"{base}/evaluate", data=EXAMPLE.read_bytes(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            assert json.loads(answer.read())["region"]["code"] == "72.71"


@pytest.mark.parametrize(
    ("header", "lang"),
    [(None, "en"), ("fr", "en"), ("id", "id"), ("fr, id;q=0.5", "id"), ("en", "en")],
)
def test_the_server_s_language_answers_a_request_that_names_neither(
    header: str | None, lang: str
) -> None:
    headers = {} if header is None else {"Accept-Language": header}
    with TestClient(create_app(lang="en", cors_origins=())) as english:
        body = problem_of(english.post("/evaluate", json=BAD_CODE, headers=headers), 422)
        labels = english.get("/labels", headers=headers).json()
    assert body["lang"] == lang  # Accept-Language wins when it names id or en
    assert labels["lang"] == lang  # the page's words too


def test_kkpham_lang_sets_the_server_s_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KKPHAM_LANG", "en")
    with TestClient(create_app(cors_origins=())) as client:
        assert problem_of(client.get("/nowhere"), 404)["lang"] == "en"
        asked = client.get("/nowhere", headers={"Accept-Language": "id"})
        assert problem_of(asked, 404)["lang"] == "id"


@pytest.mark.parametrize(
    ("options", "environ"), [(("--lang", "en"), {}), ((), {"KKPHAM_LANG": "en"})]
)
def test_kkpham_serve_lang_or_kkpham_lang_answers_in_english(
    options: tuple[str, ...], environ: dict[str, str]
) -> None:
    with kkpham_serve(*options, environ=environ) as base:
        request = urllib.request.Request(  # noqa: S310  # loopback, a port this test chose
            f"{base}/evaluate", data=json.dumps(BAD_CODE).encode(), method="POST"
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)  # noqa: S310
    body = json.loads(refused.value.read())
    assert (refused.value.code, body["lang"]) == (422, "en")
    assert body["problems"][0]["localized_message"].startswith("the region code must be")
