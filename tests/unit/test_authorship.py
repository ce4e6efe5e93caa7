"""Author keys and proofs: what head office checks before it applies a master-data change."""

from __future__ import annotations

import uuid

from posapp.domain.authorship import (
    AuthorKey,
    derive_author_key,
    open_sealed,
    proof_matches,
    seal,
)

SECRET = bytes(range(32))
USER = uuid.UUID("01a2418f-b041-7009-8bce-e39b859205f5")
EVENT = uuid.UUID("01a2418f-b041-7009-8bce-e39b85920000")


def test_a_key_is_derived_again_the_same_and_a_new_version_is_another_key() -> None:
    assert derive_author_key(SECRET, USER, 1) == derive_author_key(SECRET, USER, 1)
    assert derive_author_key(SECRET, USER, 2) != derive_author_key(SECRET, USER, 1)
    assert derive_author_key(SECRET, uuid.uuid4(), 1) != derive_author_key(SECRET, USER, 1)
    assert derive_author_key(bytes(32), USER, 1) != derive_author_key(SECRET, USER, 1)


def test_a_proof_binds_the_change_to_its_event_kind_and_payload() -> None:
    key = derive_author_key(SECRET, USER, 1)
    author = AuthorKey(USER, "maria", 1, key).sign(EVENT, "master.product", '{"price":123}')

    assert author.user_id == USER
    assert author.version == 1
    assert proof_matches(key, EVENT, "master.product", '{"price":123}', author.proof)
    assert not proof_matches(key, EVENT, "master.product", '{"price":1}', author.proof)
    assert not proof_matches(key, uuid.uuid4(), "master.product", '{"price":123}', author.proof)
    assert not proof_matches(key, EVENT, "master.user", '{"price":123}', author.proof)
    other = derive_author_key(SECRET, USER, 2)
    assert not proof_matches(other, EVENT, "master.product", '{"price":123}', author.proof)


def test_a_sealed_key_opens_only_with_its_password() -> None:
    key = derive_author_key(SECRET, USER, 1)
    sealed = seal(key, "correct horse")

    assert open_sealed(sealed, "correct horse") == key
    assert open_sealed(sealed, "correct horsf") is None
    assert key.hex() not in sealed
    assert seal(key, "correct horse") != sealed  # a new salt every time
    assert open_sealed("not a sealed key", "correct horse") is None
    assert open_sealed(sealed.replace("scrypt$", "bcrypt$"), "correct horse") is None


def test_an_author_key_never_shows_in_a_log_line() -> None:
    key = derive_author_key(SECRET, USER, 1)
    assert key.hex() not in repr(AuthorKey(USER, "maria", 1, key))
