"""The service's limits, its API keys, and bad input of every kind: 4xx problem+json, never 500."""

from __future__ import annotations

import string
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import Depends
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kkpham_rules
from kkpham_rules._service.keys import ApiKeys, load_api_keys
from kkpham_rules._service.limits import Deadline, Limits, TimeLimitReached
from kkpham_rules.engine import evaluate_each
from kkpham_rules.policy.synth import synthetic_cohort
from kkpham_rules.service import create_app, require_api_key

from .service_support import (
    EXAMPLE,
    TestClient,
    codes,
    cohort_jsonl,
    problem_of,
    service,
)

NEW = kkpham_rules.get_regulation("22/2021")
COHORT = cohort_jsonl(synthetic_cohort(NEW, regions=12, seed=2))


# --- settings --------------------------------------------------------------------------------


def test_limits_come_from_keywords_else_the_environment_else_defaults() -> None:
    environ = {"KKPHAM_MAX_REGIONS": "300", "KKPHAM_REQUEST_SECONDS": "2.5"}
    limits = Limits.from_settings(environ, max_regions=7)
    assert limits == Limits(
        max_body_bytes=5 * 1024 * 1024,
        max_cohort_bytes=64 * 1024 * 1024,
        max_regions=7,
        request_seconds=2.5,
    )


def test_every_unusable_setting_is_named() -> None:
    environ = {
        "KKPHAM_MAX_BODY_BYTES": "lots",
        "KKPHAM_MAX_REGIONS": "1.5",
        "KKPHAM_REQUEST_SECONDS": "0",
    }
    with pytest.raises(kkpham_rules.InputError) as raised:
        Limits.from_settings(environ, max_cohort_bytes=-1)
    assert [(p.code, p.pointer, p.received) for p in raised.value.problems] == [
        ("bad_setting", "/KKPHAM_MAX_BODY_BYTES", "lots"),
        ("bad_setting", "/KKPHAM_MAX_COHORT_BYTES", "-1"),
        ("bad_setting", "/KKPHAM_MAX_REGIONS", "1.5"),
        ("bad_setting", "/KKPHAM_REQUEST_SECONDS", "0"),
    ]


def test_an_app_is_not_built_with_unusable_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KKPHAM_MAX_REGIONS", "none")
    with pytest.raises(kkpham_rules.InputError):
        create_app()
    monkeypatch.setenv("KKPHAM_MAX_REGIONS", "50")
    assert create_app().state.limits.max_regions == 50


# --- bytes, regions, seconds -------------------------------------------------------------------


def test_each_body_has_its_byte_limit() -> None:
    size = len(COHORT)
    with service(max_body_bytes=size - 1, max_cohort_bytes=size) as client:
        assert client.post("/evaluate/cohort", content=COHORT).status_code == 200
        for path in ("/compare", "/evaluate", "/verify"):
            assert codes(problem_of(client.post(path, content=COHORT), 413)) == ["too_large"]
    with service(max_cohort_bytes=size - 1) as client:
        assert codes(problem_of(client.post("/evaluate/cohort", content=COHORT), 413)) == [
            "too_large"
        ]
        form = {"cohort": ("c.jsonl", COHORT)}
        assert codes(problem_of(client.post("/simulate", files=form), 413)) == ["too_large"]


@pytest.mark.parametrize(("language", "words"), [("en", "more than"), ("id", "lebih dari")])
def test_more_regions_than_the_service_takes_is_413(language: str, words: str) -> None:
    with service(max_regions=11) as client:
        headers = {"Accept-Language": language}
        for path in ("/evaluate/cohort", "/compare"):
            body = problem_of(client.post(path, content=COHORT, headers=headers), 413)
            [problem] = body["problems"]
            assert (problem["code"], problem["received"], problem["expected"]) == (
                "too_many_regions",
                "12",
                "11",
            )
            assert words in problem["localized_message"]


def test_work_over_the_time_limit_is_503_with_retry_after() -> None:
    with service(request_seconds=1e-9) as client:
        for path in ("/evaluate/cohort", "/evaluate", "/verify"):
            response = client.post(
                path, content=COHORT if "cohort" in path else EXAMPLE.read_bytes()
            )
            assert codes(problem_of(response, 503)) == ["too_slow"]
            assert response.headers["retry-after"] == "1"
        assert client.get("/healthz").status_code == 200  # the service itself still answers


def test_the_work_stops_at_its_deadline_where_the_library_lets_it() -> None:
    passed = Deadline(time.monotonic() - 1)
    with pytest.raises(TimeLimitReached):
        passed.check()
    done: list[int] = []

    def progress(count: int) -> None:
        done.append(count)
        passed.check(count)

    with pytest.raises(TimeLimitReached):
        evaluate_each(synthetic_cohort(NEW, regions=5, seed=1), NEW, progress=progress)
    assert done == [1]  # stopped after the first region, not the fifth
    Deadline.after(60).check()  # in time: nothing happens


# --- API keys -------------------------------------------------------------------------------


@pytest.fixture
def keyed(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    app = create_app(api_keys=request.param, cors_origins=())

    @app.post("/write", dependencies=[Depends(require_api_key)])
    async def write() -> dict[str, str]:
        return {"written": "yes"}

    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize("keyed", [()], indirect=True)
def test_no_keys_configured_refuses_every_write(keyed: TestClient) -> None:
    answer = keyed.post("/write", headers={"Authorization": "Bearer anything"})
    assert codes(problem_of(answer, 403)) == ["no_api_keys"]


@pytest.mark.parametrize("keyed", [("first-key", "second-key")], indirect=True)
def test_a_write_needs_one_of_the_keys(keyed: TestClient) -> None:
    for key in ("first-key", "second-key"):
        assert keyed.post("/write", headers={"Authorization": f"Bearer {key}"}).json() == {
            "written": "yes"
        }
    for headers, code in (
        ({}, "api_key_missing"),
        ({"Authorization": "Basic Zmlyc3Qta2V5"}, "api_key_missing"),
        ({"Authorization": "Bearer first-keyx"}, "api_key_refused"),
        ({"Authorization": "Bearer first"}, "api_key_refused"),
    ):
        answer = keyed.post("/write", headers=headers)
        assert codes(problem_of(answer, 401)) == [code]
        assert answer.headers["www-authenticate"].startswith("Bearer")


def test_keys_from_the_environment_or_a_file(tmp_path: Path) -> None:
    assert load_api_keys({"KKPHAM_API_KEYS": " a , b ,"}) == ApiKeys.of(["a", "b"])
    listed = tmp_path / "keys"
    listed.write_text("# keys of the archive\nfirst\n\n  second  \n", encoding="utf-8")
    keys = load_api_keys({"KKPHAM_API_KEYS_FILE": str(listed)})
    assert [keys.accepts(key) for key in ("first", "second", "# keys of the archive")] == [
        True,
        True,
        False,
    ]
    assert load_api_keys({}) == ApiKeys(())
    with pytest.raises(kkpham_rules.InputError) as missing:
        load_api_keys({"KKPHAM_API_KEYS_FILE": str(tmp_path / "nowhere")})
    assert missing.value.problems[0].pointer == "/KKPHAM_API_KEYS_FILE"


@given(
    keys=st.lists(st.text(string.printable, min_size=1, max_size=20), max_size=5),
    sent=st.text(string.printable, max_size=20),
)
def test_a_key_is_accepted_exactly_when_it_is_one_of_them(keys: list[str], sent: str) -> None:
    stored = [key.strip() for key in keys if key.strip()]
    assert ApiKeys.of(keys).accepts(sent) == (sent.strip() in stored)


# --- bad input of every kind ----------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with service(max_body_bytes=4096, max_cohort_bytes=8192) as made:
        yield made


_MEDIA_TYPES = st.sampled_from(
    [
        "",
        "application/json",
        "application/x-ndjson",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "multipart/form-data; boundary=xyz",
        "multipart/form-data",
        "application/x-www-form-urlencoded",
        "application/yaml",
        "text/plain; charset=latin-1",
    ]
) | st.text(string.ascii_letters + string.digits + "/;=+-. ", max_size=40)

_BODIES = (
    st.binary(max_size=600)
    | st.sampled_from([b"PK\x03\x04" + bytes(40), b"\xef\xbb\xbf{}", b"[1,2]", b"{}", b"[]"])
    | st.text(max_size=200).map(lambda text: text.encode("utf-8"))
    | st.sampled_from([b"region_code,right\n1,2\n", b"a: [\n", b'{"region": {"code": 1}}'])
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(
        [
            "/evaluate",
            "/evaluate/cohort",
            "/compare",
            "/simulate",
            "/verify",
            "/simulate?download=xlsx",
        ]
    ),
    media_type=_MEDIA_TYPES,
    body=_BODIES,
    language=st.sampled_from(["id", "en", "fr", "", "en;q=x"]),
)
def test_anything_sent_is_answered_4xx_problem_json_never_500(
    client: TestClient, path: str, media_type: str, body: bytes, language: str
) -> None:
    headers = {"Accept-Language": language}
    if media_type:
        headers["Content-Type"] = media_type
    response = client.post(path, content=body, headers=headers)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        problem_of(response, response.status_code)


@pytest.mark.parametrize(
    ("language", "lang", "words"),
    [
        ("en-GB,en;q=0.9", "en", "there is no kabupaten/kota data"),
        ("id", "id", "tidak ada data kabupaten/kota"),
        ("fr, en;q=0.5", "en", "there is no kabupaten/kota data"),
        ("fr", "id", "tidak ada data kabupaten/kota"),
    ],
)
def test_problems_in_the_language_asked_for(
    client: TestClient, language: str, lang: str, words: str
) -> None:
    response = client.post("/evaluate/cohort", content=b"[]", headers={"Accept-Language": language})
    body = problem_of(response, 422)
    assert body["lang"] == lang
    assert body["problems"][0]["localized_message"].startswith(words)
