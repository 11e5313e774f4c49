"""Signed audit records: keys, each signature status, tampering, and the command line."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kkpham_rules
from kkpham_rules.audit import AuditRecord, _digest, load_record, make_record, verify
from kkpham_rules.errors import InputError, KeyFileError, RecordError
from kkpham_rules.signing import (
    PublicKey,
    SigningKey,
    load_private_key,
    load_public_keys,
    new_key,
    parse_public_keys,
    sign_record,
    write_key_pair,
)

from .test_cli import EXAMPLE, in_process, run

GOLDEN = sorted((Path(__file__).parent / "golden").glob("**/*.json"))
GOLDEN = [path for path in GOLDEN if path.name != "pinned-hashes.json"]
KOTA = Path(__file__).parent / "golden" / "records" / "example--kota-contoh-2022.json"

SIGNER = new_key()
OTHER = new_key()


def unsigned() -> AuditRecord:
    return load_record(KOTA.read_text(encoding="utf-8"))


def signed_data(key: SigningKey = SIGNER) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sign_record(unsigned(), key).to_json())
    return data


# --- the format: an unsigned record stays the bytes it was ---------------------------------


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_every_golden_record_is_unsigned_and_still_verifies(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    record = load_record(text)
    assert record.signature is None
    assert record.to_json() == text  # no "signature": null added to an unsigned record
    report = verify(record)
    assert (report.status, report.signature, report.signer) == ("reproduced", "unsigned", None)


def test_a_new_unsigned_record_has_no_signature_key() -> None:
    submission = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    written = json.loads(make_record(submission, kkpham_rules.evaluate(submission)).to_json())
    assert "signature" not in written
    assert list(written)[-1] == "digest"


def test_signing_keeps_the_digest_and_adds_the_signature_last() -> None:
    record = unsigned()
    signed = sign_record(record, SIGNER)
    assert signed.digest == record.digest  # the digest covers neither digest nor signature
    data = json.loads(signed.to_json())
    assert list(data)[-2:] == ["digest", "signature"]
    assert data["signature"]["algorithm"] == "ed25519"
    assert data["signature"]["key_id"] == SIGNER.public_key.key_id
    assert _digest(data) == record.digest
    unsigned_again = {key: value for key, value in data.items() if key != "signature"}
    assert json.dumps(unsigned_again, ensure_ascii=False, indent=2) + "\n" == record.to_json()


# --- each status -------------------------------------------------------------------------


def test_round_trip_with_the_trusted_key_is_valid() -> None:
    text = sign_record(unsigned(), SIGNER).to_json()
    report = verify(text.encode("utf-8"), trusted=[SIGNER.public_key])
    assert (report.status, report.signature) == ("reproduced", "valid")
    assert report.signer == SIGNER.public_key.key_id
    signature = next(check for check in report.checks if check.name == "signature")
    assert signature.passed
    assert signature.detail == f"signed by trusted key {SIGNER.public_key.key_id}"


def test_without_trusted_keys_a_good_signature_is_never_called_valid() -> None:
    report = verify(signed_data())
    assert report.status == "reproduced"
    assert report.signature == "signer_not_checked"
    assert report.signer == SIGNER.public_key.key_id


def test_unsigned_passes_without_trusted_keys_and_fails_with_them() -> None:
    assert verify(unsigned()).signature == "unsigned"
    assert verify(unsigned()).reproduced
    report = verify(unsigned(), trusted=[SIGNER.public_key])
    assert (report.status, report.signature, report.causes) == (
        "not_reproduced",
        "unsigned",
        ["unsigned"],
    )


def test_a_key_nobody_trusted_is_unknown() -> None:
    report = verify(signed_data(), trusted=[OTHER.public_key])
    assert (report.status, report.signature, report.causes) == (
        "not_reproduced",
        "unknown_key",
        ["unknown_key"],
    )
    assert verify(signed_data(), trusted=[]).signature == "unknown_key"  # empty: trust nobody


def test_several_trusted_keys_any_one_suffices() -> None:
    report = verify(signed_data(OTHER), trusted=[SIGNER.public_key, OTHER.public_key])
    assert (report.signature, report.signer) == ("valid", OTHER.public_key.key_id)


def test_a_changed_signature_is_bad_with_or_without_trusted_keys() -> None:
    data = signed_data()
    value = bytearray(base64.b64decode(data["signature"]["value"]))
    value[0] ^= 1
    data["signature"]["value"] = base64.b64encode(bytes(value)).decode()
    for trusted in (None, [SIGNER.public_key]):
        report = verify(data, trusted=trusted)
        assert (report.status, report.signature) == ("not_reproduced", "bad_signature")
        assert report.causes == ["bad_signature"]


# --- tampering -----------------------------------------------------------------------------


def test_one_changed_figure_is_a_changed_record_and_its_signature_no_longer_counts() -> None:
    data = signed_data()
    data["evaluation"]["total_score"] = "99.00"
    for trusted in (None, [SIGNER.public_key]):
        report = verify(data, trusted=trusted)
        # the signature signs the digest written; the content no longer has that digest,
        # so the signature vouches for nothing the record now holds
        assert report.causes == ["record_altered", "bad_signature", "result_differs"]
        assert (report.signature, report.signer) == ("bad_signature", SIGNER.public_key.key_id)
        signature = next(check for check in report.checks if check.name == "signature")
        assert not signature.passed
        assert "changed after" in signature.detail


def test_a_changed_record_never_shows_a_valid_signature_on_the_command_line(
    tmp_path: Path,
) -> None:
    write_key_pair(SIGNER, tmp_path / "issuer")
    data = signed_data()
    data["evaluation"]["total_score"] = "99.99"
    record = tmp_path / "record.json"
    record.write_text(json.dumps(data), encoding="utf-8")
    trusted = str(tmp_path / "issuer.pub")
    said = run("verify", str(record), "--trusted", trusted, "--json")
    assert said.returncode == 1
    assert json.loads(said.stdout)["signature"] == "bad_signature"
    human = run("verify", str(record), "--trusted", trusted, "--lang", "en")
    assert "signature: BAD: the signature does not match the record" in human.stdout
    assert "valid" not in human.stdout


def test_a_new_digest_without_a_new_signature_is_a_bad_signature() -> None:
    data = signed_data()
    data["evaluation"]["total_score"] = "99.00"
    data["digest"] = _digest(data)
    report = verify(data, trusted=[SIGNER.public_key])
    assert report.signature == "bad_signature"
    assert report.causes == ["bad_signature", "result_differs"]
    assert next(c for c in report.checks if c.name == "digest").passed


def test_a_key_id_not_of_the_key_is_a_bad_signature() -> None:
    data = signed_data()
    data["signature"]["key_id"] = OTHER.public_key.key_id  # claims a key it was not made with
    report = verify(data, trusted=[OTHER.public_key])
    assert (report.signature, report.causes) == ("bad_signature", ["bad_signature"])


def test_re_signing_with_another_key_is_caught_only_by_trusted_keys() -> None:
    forged = json.loads(sign_record(unsigned(), OTHER).to_json())
    assert verify(forged).signature == "signer_not_checked"  # consistent, signer unknown
    report = verify(forged, trusted=[SIGNER.public_key])
    assert (report.status, report.signature) == ("not_reproduced", "unknown_key")


def test_a_record_whose_digest_does_not_match_is_not_signed() -> None:
    data = json.loads(KOTA.read_text(encoding="utf-8"))
    data["evaluation"]["total_score"] = "99.00"
    with pytest.raises(RecordError) as caught:
        sign_record(load_record(data), SIGNER)
    [problem] = caught.value.problems
    assert (problem.code, problem.pointer) == ("digest_mismatch", "/digest")


@pytest.mark.parametrize(
    ("field", "value", "pointer"),
    [
        ("algorithm", "rsa", "/signature/algorithm"),
        ("value", "not base64!", "/signature/value"),
        ("public_key", "AAAA", "/signature/public_key"),
        ("key_id", "sha256:abc", "/signature/key_id"),
        ("comment", "extra", "/signature/comment"),
    ],
)
def test_a_malformed_signature_is_refused_with_its_place(
    field: str, value: str, pointer: str
) -> None:
    data = signed_data()
    data["signature"][field] = value
    with pytest.raises(RecordError) as caught:
        verify(data)
    assert pointer in {problem.pointer for problem in caught.value.problems}


def test_a_signature_that_is_not_an_object_is_refused() -> None:
    data = signed_data()
    data["signature"] = "trust me"
    with pytest.raises(RecordError) as caught:
        load_record(data)
    assert caught.value.problems[0].pointer == "/signature"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.integers(0, 85), replacement=st.sampled_from("ABCDEFabcdef0123456789+/"))
def test_no_edit_of_the_signature_value_passes(position: int, replacement: str) -> None:
    data = signed_data()
    value = data["signature"]["value"]
    edited = value[:position] + replacement + value[position + 1 :]
    if base64.b64decode(edited) == base64.b64decode(value):
        return  # the same bytes written another way (the last character's spare bits)
    data["signature"]["value"] = edited
    report = verify(data, trusted=[SIGNER.public_key])
    assert (report.signature, report.reproduced) == ("bad_signature", False)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["SIGNER", "OTHER", "NONE"]), max_size=3))
def test_valid_means_signed_by_a_key_given_as_trusted(trusted_names: list[str]) -> None:
    keys = {"SIGNER": SIGNER.public_key, "OTHER": OTHER.public_key}
    trusted = [keys[name] for name in trusted_names if name in keys] if trusted_names else None
    report = verify(signed_data(), trusted=trusted)
    assert (report.signature == "valid") == (trusted is not None and SIGNER.public_key in trusted)
    assert report.reproduced == (trusted is None or SIGNER.public_key in trusted)


# --- weak keys: the points anyone can sign for -----------------------------------------------

SMALL_ORDER_POINTS = [
    # the 8 points of order 1, 2, 4 and 8, as libsodium's list writes them
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
]
NON_CANONICAL_POINTS = [
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # y = p: 0 again
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # y = p + 1: 1 again
]
WEAK = SMALL_ORDER_POINTS + NON_CANONICAL_POINTS


def forged_with(point: bytes) -> dict[str, Any]:
    """Return the golden record "signed" by ``point``: the forger's fixed value, R = 1, S = 0."""
    from kkpham_rules.signing import key_id_of

    data: dict[str, Any] = json.loads(KOTA.read_text(encoding="utf-8"))
    data["signature"] = {
        "algorithm": "ed25519",
        "key_id": key_id_of(point),
        "public_key": base64.b64encode(point).decode(),
        "value": base64.b64encode(b"\x01" + bytes(63)).decode(),
    }
    return data


def test_the_identity_key_forgery_fools_the_crypto_library_but_not_verify() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from kkpham_rules.signing import signed_message

    identity = bytes.fromhex(SMALL_ORDER_POINTS[0])
    data = forged_with(identity)
    # the library alone accepts this "signature" of any message: the check must be ours
    Ed25519PublicKey.from_public_bytes(identity).verify(
        b"\x01" + bytes(63), signed_message(data["digest"])
    )
    for trusted in (None, [SIGNER.public_key]):
        report = verify(data, trusted=trusted)
        assert (report.status, report.signature) == ("not_reproduced", "bad_signature")
        assert "bad_signature" in report.causes


@pytest.mark.parametrize("point", WEAK)
def test_a_signature_carrying_a_weak_key_is_bad(point: str) -> None:
    report = verify(forged_with(bytes.fromhex(point)))
    assert (report.signature, report.causes) == ("bad_signature", ["bad_signature"])
    signature = next(check for check in report.checks if check.name == "signature")
    assert "not a usable Ed25519 key" in signature.detail


@pytest.mark.parametrize("point", WEAK)
def test_a_weak_key_is_never_a_trusted_key(point: str) -> None:
    raw = bytes.fromhex(point)
    with pytest.raises(ValueError, match="not a usable Ed25519 public key"):
        PublicKey(raw)
    line = f"ed25519 {base64.b64encode(raw).decode()}"
    with pytest.raises(KeyFileError) as caught:
        parse_public_keys(f"{SIGNER.public_key.line}\n{line}\n", "weak.pub")
    [problem] = caught.value.problems
    assert (problem.code, problem.location) == ("weak_public_key", "weak.pub, line 2")


@settings(max_examples=30, deadline=None)
@given(st.binary(min_size=32, max_size=32))
def test_only_keys_of_the_prime_order_group_are_accepted(raw: bytes) -> None:
    from kkpham_rules.signing import weak_key_reason

    if weak_key_reason(raw) is None:
        assert PublicKey(raw).raw == raw
    else:
        with pytest.raises(ValueError, match="not a usable Ed25519 public key"):
            PublicKey(raw)


def test_every_key_made_here_is_accepted() -> None:
    from kkpham_rules.signing import weak_key_reason

    assert all(weak_key_reason(new_key().public_key.raw) is None for _ in range(20))


# --- keys --------------------------------------------------------------------------------


def test_a_key_pair_is_written_private_first_and_never_overwritten(tmp_path: Path) -> None:
    private, public = write_key_pair(SIGNER, tmp_path / "issuer")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert public.name == "issuer.pub"
    assert public.read_text() == SIGNER.public_key.line + "\n"
    assert load_private_key(private) == SIGNER
    assert load_public_keys([public]) == [SIGNER.public_key]
    with pytest.raises(InputError) as caught:
        write_key_pair(OTHER, tmp_path / "issuer")
    assert [p.code for p in caught.value.problems] == ["file_exists", "file_exists"]
    assert load_private_key(private) == SIGNER  # still the first key


def test_an_existing_public_file_stops_the_pair_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "issuer.pub").write_text("someone else's\n")
    with pytest.raises(InputError):
        write_key_pair(SIGNER, tmp_path / "issuer")
    assert not (tmp_path / "issuer").exists()


def test_a_key_id_is_the_fingerprint_of_the_raw_public_key() -> None:
    import hashlib

    key = SIGNER.public_key
    assert key.key_id == "ed25519:sha256:" + hashlib.sha256(key.raw).hexdigest()
    assert key.line.split() == ["ed25519", base64.b64encode(key.raw).decode(), key.key_id]
    assert "seed" not in repr(SIGNER)
    assert SIGNER.seed.hex() not in repr(SIGNER)


def test_trusted_key_files_skip_comments_and_report_every_bad_line() -> None:
    text = "\n".join(
        [
            "# the ministry's keys",
            SIGNER.public_key.line,
            "",
            f"ed25519 {base64.b64encode(OTHER.public_key.raw).decode()}",  # no key id: fine
            "ssh-ed25519 AAAA someone",
            f"ed25519 {base64.b64encode(OTHER.public_key.raw).decode()} {SIGNER.public_key.key_id}",
            "ed25519 notbase64",
        ]
    )
    with pytest.raises(KeyFileError) as caught:
        parse_public_keys(text, "trusted.pub")
    found = [(p.code, p.location) for p in caught.value.problems]
    assert found == [
        ("not_a_public_key", "trusted.pub, line 5"),
        ("key_id_mismatch", "trusted.pub, line 6"),
        ("not_a_public_key", "trusted.pub, line 7"),
    ]
    good = "\n".join(text.splitlines()[:4])
    assert parse_public_keys(good) == [SIGNER.public_key, OTHER.public_key]


def test_an_empty_trusted_file_is_an_error_not_an_empty_list() -> None:
    with pytest.raises(KeyFileError) as caught:
        parse_public_keys("# nobody yet\n", "trusted.pub")
    assert caught.value.problems[0].code == "no_trusted_keys"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_keys_or_a_key_file_error(text: str) -> None:
    outcome: list[PublicKey] | KeyFileError
    try:
        outcome = parse_public_keys(text)
    except KeyFileError as error:  # the only failure there may be: never a traceback
        outcome = error
    if isinstance(outcome, KeyFileError):
        assert outcome.problems
    else:
        assert all(isinstance(key, PublicKey) and len(key.raw) == 32 for key in outcome)


def test_private_keys_that_cannot_be_used_are_named(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    public = tmp_path / "issuer.pub"
    public.write_text(SIGNER.public_key.line + "\n")
    elliptic = ec.generate_private_key(ec.SECP256R1())
    plain = serialization.NoEncryption()
    locked = serialization.BestAvailableEncryption(b"secret")
    pkcs8, pem = serialization.PrivateFormat.PKCS8, serialization.Encoding.PEM
    cases = {
        "not_a_private_key": public.read_bytes(),
        "encrypted_private_key": new_key()._key().private_bytes(pem, pkcs8, locked),
    }
    for code, data in cases.items():
        with pytest.raises(KeyFileError) as caught:
            load_private_key(data)
        assert caught.value.problems[0].code == code
    with pytest.raises(KeyFileError) as caught:
        load_private_key(elliptic.private_bytes(pem, pkcs8, plain))
    assert (caught.value.problems[0].code, caught.value.problems[0].received) == (
        "not_a_private_key",
        "ECDSA",
    )
    with pytest.raises(KeyFileError) as caught:
        load_private_key(tmp_path / "missing")
    assert caught.value.problems[0].code == "unreadable_file"


# --- the command line ------------------------------------------------------------------------


def test_keys_sign_and_verify_end_to_end(tmp_path: Path) -> None:
    key, other = tmp_path / "issuer", tmp_path / "other"
    made = run("keys", "new", "--out", str(key), "--json")
    assert made.returncode == 0, made.stderr
    said = json.loads(made.stdout)
    assert said["wrote"] == [str(key), f"{key}.pub"]
    assert said["key_id"] == load_private_key(key).public_key.key_id
    assert run("keys", "new", "--out", str(other)).returncode == 0
    record = tmp_path / "record.json"
    signed = run("evaluate", str(EXAMPLE), "--record", str(record), "--sign", str(key))
    assert signed.returncode == 0, signed.stderr
    verified = run("verify", str(record), "--trusted", f"{key}.pub", "--json")
    assert verified.returncode == 0, verified.stdout
    assert json.loads(verified.stdout)["signature"] == "valid"
    human = run("verify", str(record), "--trusted", f"{key}.pub")
    assert "  tanda tangan: sah: ditandatangani kunci tepercaya ed25519:sha256:" in human.stdout
    untrusted = run("verify", str(record), "--trusted", f"{other}.pub", "--lang", "en")
    assert untrusted.returncode == 1
    assert "cause: signer not trusted" in untrusted.stdout
    both = run("verify", str(record), "--trusted", f"{other}.pub", "--trusted", f"{key}.pub")
    assert both.returncode == 0
    unchecked = run("verify", str(record), "--lang", "en")
    assert unchecked.returncode == 0
    assert "the signer is not checked (give --trusted to check it)" in unchecked.stdout


def test_an_unsigned_record_fails_when_a_signer_is_required(tmp_path: Path) -> None:
    write_key_pair(SIGNER, tmp_path / "issuer")
    result = run("verify", str(KOTA), "--trusted", str(tmp_path / "issuer.pub"), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert (report["signature"], report["causes"]) == ("unsigned", ["unsigned"])


def test_command_line_key_problems_are_input_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_key_pair(SIGNER, tmp_path / "issuer")
    record = str(tmp_path / "record.json")
    status, _, err = in_process(
        ["evaluate", str(EXAMPLE), "--sign", str(tmp_path / "issuer")], capsys
    )
    assert status == 2
    assert "--sign memerlukan --record" in err
    status, _, err = in_process(
        [
            "evaluate",
            str(EXAMPLE),
            "--record",
            record,
            "--sign",
            f"{tmp_path}/issuer.pub",
            "--json",
        ],
        capsys,
    )
    assert status == 2
    assert json.loads(err)["problems"][0]["code"] == "not_a_private_key"
    assert not Path(record).exists()  # nothing written with a key that cannot sign
    status, _, err = in_process(["keys", "new", "--out", str(tmp_path / "issuer")], capsys)
    assert status == 2
    assert "sudah ada dan tidak ditimpa (kunci" in err
    bad = tmp_path / "bad.pub"
    bad.write_text("ed25519 AAAA\n")
    status, _, err = in_process(["verify", str(KOTA), "--trusted", str(bad), "--json"], capsys)
    assert status == 2
    problem = json.loads(err)["problems"][0]
    assert (problem["code"], problem["location"]) == ("not_a_public_key", f"{bad}, line 1")


@pytest.mark.parametrize("target", ["key", "key.pub", "./sub/../key", "link"])
def test_the_record_never_overwrites_the_signing_key(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    write_key_pair(SIGNER, tmp_path / "key")
    (tmp_path / "link").hardlink_to(tmp_path / "key")
    before = {name: (tmp_path / name).read_bytes() for name in ("key", "key.pub")}
    argv = ["evaluate", str(EXAMPLE), "--sign", "key", "--record", target, "--json"]
    status, _, err = in_process(argv, capsys)
    assert status == 2
    assert json.loads(err)["problems"][0]["code"] == "record_is_key"
    assert {name: (tmp_path / name).read_bytes() for name in before} == before


def test_a_private_key_given_as_trusted_is_named_and_never_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_key_pair(SIGNER, tmp_path / "issuer")
    private = tmp_path / "issuer"
    secret_lines = [line for line in private.read_text().splitlines() if "-----" not in line]
    with pytest.raises(KeyFileError) as caught:
        load_public_keys([private])
    [problem] = caught.value.problems
    assert (problem.code, problem.expected, problem.received) == (
        "private_key_as_trusted",
        f"{private}.pub",
        None,
    )
    for lang in ("id", "en"):
        status, out, err = in_process(
            ["verify", str(KOTA), "--trusted", str(private), "--lang", lang], capsys
        )
        assert status == 2
        assert f"{private}.pub" in err
        assert "PRIVAT" in err if lang == "id" else "PRIVATE key" in err
        assert not any(line in out + err for line in secret_lines)


def test_a_public_key_file_may_begin_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "issuer.pub"
    path.write_bytes(b"\xef\xbb\xbf" + SIGNER.public_key.line.encode() + b"\r\n")
    assert load_public_keys([path]) == [SIGNER.public_key]


@pytest.mark.parametrize("out", [".", "/", ""])
def test_a_key_is_never_written_to_a_folder(out: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = in_process(["keys", "new", "--out", out, "--json"], capsys)
    assert (status, json.loads(err)["problems"][0]["code"]) == (2, "key_path_is_folder")


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("value", "QUJD", "base64 of 64 bytes"),
        ("public_key", "QUJD", "base64 of 32 bytes"),
        ("key_id", "sha256:abc", "64 hexadecimal digits"),
        ("algorithm", "ed448", "must be one of: ed25519 "),
    ],
)
def test_a_malformed_signature_says_what_belongs_there_in_words(
    field: str, value: str, words: str
) -> None:
    from kkpham_rules.messages import render

    data = signed_data()
    data["signature"][field] = value
    with pytest.raises(RecordError) as caught:
        load_record(data)
    problem = next(p for p in caught.value.problems if p.pointer == f"/signature/{field}")
    english, indonesian = render(problem, "en"), render(problem, "id")
    assert words in english
    for said in (english, indonesian):
        assert not any(mark in said for mark in ("^", "{", "'ed25519'"))


def test_check_names_are_words_in_english(tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    record.write_text(unsigned().to_json(), encoding="utf-8")
    said = run("verify", str(record), "--lang", "en").stdout
    for words in ("input data", "regulation installed", "regulation data", "recomputed result"):
        assert f" {words}: " in said
    assert "_" not in "".join(line.split(":")[0] for line in said.splitlines()[1:])
