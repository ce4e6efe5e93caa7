"""Master data has an author, with proof: a till's token alone changes nothing of the chain's
master data; a person's change is applied where the role granted to them in that store allows
it, and refused otherwise with a reason the store's back office sees."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import text

from posapp.bootstrap.catalogue import change_price
from posapp.bootstrap.node import Node, open_node
from posapp.bootstrap.people import add_role, add_user
from posapp.bootstrap.shop import change_setting
from posapp.services.shared.errors import NoAuthorKey
from sync.client import local_store
from sync.client import manager as outbox_manager
from sync.client.engine import SyncEngine
from sync.server.people import revoke_keys
from tests.head_office import PASSWORD, HeadOfficeUnderTest
from tests.sync.conftest import signed_in
from tests.sync.wire import HEADERS, post_events, token


def _local(node: Node, sql: str, **params: object) -> Any:
    with node.store.engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


def _price(node: Node, sku: str) -> int:
    return int(_local(node, "SELECT price_minor FROM products WHERE sku = :sku", sku=sku))


def _a_sku(node: Node) -> str:
    return str(_local(node, "SELECT sku FROM products WHERE state = 'ACTIVE' ORDER BY sku LIMIT 1"))


def _sync(*nodes: Node) -> None:
    for node in nodes:
        SyncEngine(node.store.engine).run_once()


def _post(head_office: HeadOfficeUnderTest, node: Node, events: list[dict[str, Any]]) -> Any:
    return post_events(head_office.url, node, events)


def _unsent(node: Node) -> list[dict[str, Any]]:
    engine = node.store.engine
    first = local_store.backlog(engine).pending
    last = local_store.last_seq(engine)
    batch = local_store.Batch(uuid.uuid4(), last - first + 1, last, "sending", 0, None)
    return local_store.batch_events(engine, batch)


def _store_flags(node: Node) -> list[str]:
    return [flag.what for flag in outbox_manager.head_office_flags(node.store.engine)]


def test_a_tills_token_alone_authors_no_master_data(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """Issue 17, defect 3: a `master.user` administrator sent from a till of S01 appeared on
    S02's tills. Sent with the till's token and no author, it is kept, not applied, and the
    store's back office is told why; the sales in the same batch still go in."""
    attacker = enrolled("attacker", store="S01", terminal="T01")
    other = enrolled("other", store="S02", terminal="T01")
    _sync(other)
    user_id = str(uuid.uuid4())
    record = {
        "username": "mallory",
        "display_name": "Mallory",
        "role": "administrator",
        "pin_hash": None,
        "password_hash": None,
        "archived": False,
    }
    event = {
        "seq": 1,
        "id": str(uuid.uuid4()),
        "kind": "master.user",
        "aggregate_id": str(uuid.uuid4()),
        "created_at": "2026-12-05T08:00:00+00:00",
        "payload": json.dumps({"entity": "user", "key": user_id, "record": record}),
    }

    answer = _post(head_office, attacker, [event])

    assert answer.status_code == 200, answer.text
    assert answer.json()["flagged"] == 1
    assert head_office.scalar("SELECT count(*) FROM master_records WHERE key = :k", k=user_id) == 0
    assert head_office.scalar("SELECT count(*) FROM people") == 0
    assert SyncEngine(other.store.engine).run_once().applied_changes == 0
    assert _local(other, "SELECT count(*) FROM users WHERE username = 'mallory'") == 0
    (flag,) = _store_flags(attacker)
    assert "user mallory not applied: it has no author" in flag


def test_a_node_enrolled_with_head_office_refuses_a_change_nobody_signed(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """Nothing is written that head office would refuse: the price stays, nothing is queued."""
    back_office = enrolled("back-office", terminal="BO")
    sku = _a_sku(back_office)
    before, queued = _price(back_office, sku), local_store.last_seq(back_office.store.engine)

    with pytest.raises(NoAuthorKey, match="sign in to the back office"):
        change_price(back_office, sku, "9.99", by="nobody")

    assert _price(back_office, sku) == before
    assert local_store.last_seq(back_office.store.engine) == queued


def test_a_store_user_manager_adds_staff_for_their_own_store_only(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    head_office.add_person("maria")  # chain administrator: defines a role for staffing
    desk = signed_in(enrolled("head-office-desk", store="S09", terminal="BO"), "maria")
    staffing = frozenset({"manage_users", "view_reports", "close_shift"})
    add_role(desk, code="staffing", name="Staffing", permissions=staffing, by="Maria")
    _sync(desk)
    head_office.add_person("sam", role="staffing", store="S01")
    back_office = signed_in(enrolled("back-office", store="S01", terminal="BO"), "sam")
    same_store = enrolled("till-s01", store="S01", terminal="T01")
    other_store = enrolled("till-s02", store="S02", terminal="T01")

    add_user(back_office, username="cara", name="Cara Cashier", role="cashier", pin="4321")
    add_user(back_office, username="boss", name="Self Made", role="administrator", pin="8765")
    _sync(back_office, same_store, other_store)

    # Cara works in S01 as a cashier; on S02's till she is kept archived: no PIN sign-in there.
    assert _local(same_store, "SELECT role FROM users WHERE username = 'cara'") == "cashier"
    assert _local(same_store, "SELECT archived_at FROM users WHERE username = 'cara'") is None
    assert _local(other_store, "SELECT archived_at FROM users WHERE username = 'cara'") is not None
    assert (
        head_office.scalar(
            "SELECT g.store_code || ':' || g.role "
            "FROM grants g JOIN people p ON p.id = g.person_id "
            "WHERE p.username = 'cara'"
        )
        == "S01:cashier"
    )
    # An administrator allows more than Sam's own role: he may not make one.
    assert head_office.scalar("SELECT count(*) FROM people WHERE username = 'boss'") == 0
    assert _local(same_store, "SELECT count(*) FROM users WHERE username = 'boss'") == 0
    (flag,) = _store_flags(back_office)
    assert "user boss not applied: sam may not give the role administrator" in flag


def test_a_refused_setting_is_put_back_as_head_office_holds_it(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """Shop settings are one definition for every store: a store manager may not change them.
    The store that tried gets head office's value back on its next pull."""
    head_office.add_person("maria")  # chain administrator
    head_office.add_person("sam", role="manager", store="S01")
    chain = signed_in(enrolled("head-office-desk", store="S09", terminal="BO"), "maria")
    change_setting(chain, "receipt.footer", '["Thank you"]')
    _sync(chain)
    store = signed_in(enrolled("back-office", store="S01", terminal="BO"), "sam")
    assert json.loads(_local(store, "SELECT value FROM settings WHERE key = 'receipt.footer'")) == [
        "Thank you"
    ]

    change_setting(store, "receipt.footer", '["Sam was here"]')
    _sync(store, store)  # up, refused; then head office's record comes back down

    footer = _local(store, "SELECT value FROM settings WHERE key = 'receipt.footer'")
    assert json.loads(footer) == ["Thank you"]
    (flag,) = _store_flags(store)
    assert (
        "sam (no chain-wide role) may not change settings: that needs device_settings in "
        "every store (a chain-wide role)" in flag
    )


def test_a_revoked_key_or_an_altered_change_is_refused(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    head_office.add_person("maria")
    back_office = signed_in(enrolled("back-office", terminal="BO"))
    _sync(back_office)
    sku = _a_sku(back_office)
    change_price(back_office, sku, "1.23", by="Maria")
    events = _unsent(back_office)
    signed = next(event for event in events if event["kind"] == "master.product")
    assert signed["author"]["user"]
    assert len(signed["author"]["proof"]) == 64

    # The same signed change with another price: the proof no longer matches.
    altered = signed["payload"].replace('"price":123', '"price":1')
    assert altered != signed["payload"]
    signed["payload"] = altered
    answer = _post(head_office, back_office, events)
    assert answer.status_code == 200, answer.text
    assert answer.json()["flagged"] == 1, answer.text
    _sync(back_office)  # the node's own copies of those events: already there, nothing applied

    # Maria's keys revoked at head office: her next change is refused too.
    revoke_keys(head_office.engine, username="maria")
    change_price(back_office, sku, "1.24", by="Maria")
    _sync(back_office)
    assert (
        head_office.scalar(
            "SELECT count(*) FROM master_records WHERE entity = 'product' AND payload->>'sku' = :s",
            s=sku,
        )
        == 0
    )
    flags = _store_flags(back_office)
    assert any("its proof is not maria's" in flag for flag in flags), flags
    assert any("maria's author key was revoked" in flag for flag in flags), flags

    # She signs in again while head office answers: a new key, and her next change goes in.
    signed_in(back_office)
    change_price(back_office, sku, "1.25", by="Maria")
    _sync(back_office)
    assert (
        head_office.scalar(
            "SELECT payload->>'price' FROM master_records WHERE entity = 'product' "
            "AND payload->>'sku' = :s",
            s=sku,
        )
        == "125"
    )


def test_an_author_key_works_offline_after_one_online_sign_in(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    head_office.add_person("maria")
    first = signed_in(enrolled("back-office", terminal="BO"))
    data_dir = first.store.data_dir
    first.close()
    head_office.stop()  # offline from here

    node = open_node(data_dir, create=False)
    try:
        from posapp.bootstrap.people import sign_in_as_author

        sign_in_as_author(node, "maria", PASSWORD)  # opens the key kept at the online sign-in
        assert node.actor is not None
        assert node.actor.author_key is not None
        sku = _a_sku(node)
        change_price(node, sku, "5.55", by="Maria")

        head_office.start()
        _sync(node)
        assert (
            head_office.scalar(
                "SELECT payload->>'price' FROM master_records WHERE entity = 'product' "
                "AND payload->>'sku' = :s",
                s=sku,
            )
            == "555"
        )
        # The store file alone opens nothing: the key is sealed under her password.
        sealed = _local(node, "SELECT sealed FROM author_keys")
        assert sealed.startswith("scrypt$")
        assert node.actor.author_key.key.hex() not in sealed
    finally:
        node.close()


def test_head_office_people_are_made_on_the_command_line(head_office: HeadOfficeUnderTest) -> None:
    server = str(Path(sys.executable).with_name("posapp-server"))

    def run(*words: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                server,
                "--data-dir",
                "unused",
                "--database-url",
                head_office.database_url,
                "users",
                *words,
            ],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    added = run(
        "add",
        "ann",
        "--name",
        "Ann Admin",
        "--role",
        "administrator",
        "--store",
        "*",
        stdin=f"{PASSWORD}\n",
    )
    assert added.returncode == 0, added.stderr
    assert "added ann: administrator in every store" in added.stdout
    granted = run("grant", "ann", "--store", "S02", "--role", "cashier")
    assert "administrator in every store, cashier in S02" in granted.stdout
    assert run("grant", "ann", "--store", "S02", "--role", "owner").returncode == 1
    assert (
        "there is no role 'owner'"
        in run("grant", "ann", "--store", "S02", "--role", "owner").stderr
    )
    short = run(
        "add", "bob", "--name", "Bob", "--role", "manager", "--store", "S01", stdin="short\n"
    )
    assert short.returncode == 1
    assert "at least 8 characters" in short.stderr
    assert "ann" in run("list").stdout
    assert "revoked (now version 2)" in run("revoke-keys", "ann").stdout


def test_a_shop_joining_a_chain_brings_its_changes_as_its_administrators(
    make_node: Callable[[str], Node], head_office: HeadOfficeUnderTest
) -> None:
    """Changes made while the shop stood alone were signed by nobody: at enrolment with
    `--as admin`, the administrator (known to head office by the same name and password)
    vouches for them, and head office applies them; the chain's `admin` replaces the shop's."""
    from posapp.bootstrap.people import set_password

    shop = make_node("shop")
    sku = _a_sku(shop)
    change_price(shop, sku, "6.66", by="Owner")  # alone: unsigned, nobody else applies it
    set_password(shop, "admin", PASSWORD)
    data_dir = shop.store.data_dir
    shop.close()
    head_office.add_person("admin")
    posapp = str(Path(sys.executable).with_name("posapp"))

    enrolled = subprocess.run(
        [
            posapp,
            "--data-dir",
            str(data_dir),
            "--as",
            "admin",
            "sync",
            "enroll",
            head_office.url,
            head_office.enrolment_code("S01", "BO"),
        ],
        input=f"{PASSWORD}\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert enrolled.returncode == 0, enrolled.stderr
    assert "change(s) made before enrolling go to head office as admin's" in enrolled.stdout

    node = open_node(data_dir, create=False)
    try:
        _sync(node)
        assert (
            head_office.scalar(
                "SELECT payload->>'price' FROM master_records WHERE entity = 'product' "
                "AND payload->>'sku' = :s",
                s=sku,
            )
            == "666"
        )
        people = _local(node, "SELECT group_concat(username, ',') FROM users ORDER BY username")
        assert "admin" in people.split(",")
        assert any(name.startswith("admin~") for name in people.split(","))
    finally:
        node.close()


def test_guessing_a_password_with_a_tills_token_locks_that_person(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """A stolen till token is no way to guess a manager's password: five wrong ones lock their
    author-key sign-ins for a while, the right one included; other people are not locked."""
    from sync.protocol import AUTHOR_KEY_PATH

    head_office.add_person("maria")
    head_office.add_person("sam", role="manager", store="S01")
    till = enrolled("till", terminal="T01")
    headers = HEADERS | {"Authorization": f"Bearer {token(till)}"}

    def ask(username: str, password: str) -> Any:
        body = {"username": username, "password": password}
        return requests.post(
            f"{head_office.url}{AUTHOR_KEY_PATH}", headers=headers, json=body, timeout=30
        )

    for attempt in range(5):
        refused = ask("maria", f"guess {attempt}")
        assert refused.status_code == 403
        assert "does not know" in refused.text
    locked = ask("maria", PASSWORD)
    assert locked.status_code == 403
    assert "locked until" in locked.text
    assert ask("sam", PASSWORD).status_code == 200
    unknown = ask("nobody", PASSWORD)  # reads like a wrong password: no names to probe
    assert unknown.status_code == 403
    assert "does not know that username and password" in unknown.text


def test_a_user_renamed_to_another_persons_name_is_refused_not_a_server_error(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """Head office never answers 500 to input it could have refused: a signed change that would
    give a person another person's username is refused alone, and the batch goes in."""
    from posapp.services.shared.master_changes import queue_master_change

    head_office.add_person("maria")
    head_office.add_person("sam", role="manager", store="S01")
    back_office = signed_in(enrolled("back-office", terminal="BO"))
    sam = head_office.scalar("SELECT id FROM people WHERE username = 'sam'")
    record = {
        "username": "maria",
        "display_name": "Sam",
        "role": "manager",
        "pin_hash": None,
        "password_hash": None,
        "archived": False,
    }
    with back_office.unit_of_work() as uow:  # signed by Maria, a chain administrator
        queue_master_change(
            uow,
            entity="user",
            key=str(sam),
            record=record,
            clock=back_office.clock,
            new_id=back_office.new_id,
        )
        uow.commit()

    answer = _post(head_office, back_office, _unsent(back_office))

    assert answer.status_code == 200, answer.text
    assert head_office.scalar("SELECT username FROM people WHERE id = :id", id=sam) == "sam"
    assert any("is another person's" in flag for flag in _store_flags(back_office))


def test_a_person_head_office_refused_a_key_is_told_why_when_they_change_master_data(
    make_node: Callable[[str], Node], head_office: HeadOfficeUnderTest
) -> None:
    """Signed in at the node (their password is right there), but head office does not know
    them: the refusal of a price change passes on head office's words."""
    from posapp.bootstrap.people import set_password, sign_in_as_author
    from sync.client.enrolment import enrol

    shop = make_node("shop")
    set_password(shop, "admin", PASSWORD)  # alone: the shop's own administrator
    enrol(shop.store.engine, url=head_office.url, code=head_office.enrolment_code("S01", "BO"))
    sign_in_as_author(shop, "admin", PASSWORD)
    assert shop.actor is not None
    assert shop.actor.author_key is None

    with pytest.raises(NoAuthorKey, match="does not know that username and password"):
        change_price(shop, _a_sku(shop), "1.00", by="admin")


def test_a_limit_that_protects_the_shop_is_changed_only_by_who_sets_the_roles(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """Each setting says who may change it. A chain-wide manager sets the receipt's footer for
    every store, not the cash-out limit that their own role lets them lift: head office refuses
    it even from a node that skipped its own check."""
    from dataclasses import replace

    from posapp.domain.actors import NotPermitted

    head_office.add_person("rita", role="manager")  # chain-wide, without manage_users
    desk = signed_in(enrolled("head-office-desk", store="S09", terminal="BO"), "rita")
    change_setting(desk, "receipt.footer", '["Come again"]')
    with pytest.raises(NotPermitted, match="may not change settings: that needs a role with "):
        change_setting(desk, "till.cash_out_limit", "999999")
    _sync(desk)
    assert (
        head_office.scalar(
            "SELECT payload->>'value' FROM master_records WHERE entity = 'setting' "
            "AND key = 'receipt.footer'"
        )
        == '["Come again"]'
    )

    # A node that lets her through: the change is signed with her own key, and still refused.
    assert desk.actor is not None
    desk.actor = replace(desk.actor, permissions=desk.actor.permissions | {"manage_users"})
    change_setting(desk, "till.cash_out_limit", "999999")
    _sync(desk)
    assert (
        head_office.scalar(
            "SELECT count(*) FROM master_records WHERE entity = 'setting' "
            "AND key = 'till.cash_out_limit'"
        )
        == 0
    )
    assert any(
        "rita (manager chain-wide) may not change settings: that needs manage_users" in flag
        for flag in _store_flags(desk)
    ), _store_flags(desk)


def test_a_pin_set_at_head_office_signs_the_person_in_at_the_stores_tills(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """People made at head office have a password for the back office; their PIN for the till
    is set there too, unique in the chain (a till knows a cashier by the PIN alone)."""
    from posapp.bootstrap.node import till_actions
    from posapp.services.people.pin_entry import WrongPin

    server = str(Path(sys.executable).with_name("posapp-server"))

    def set_pin(username: str, pin: str) -> subprocess.CompletedProcess[str]:
        words = ["--data-dir", "-", "--database-url", head_office.database_url, "users"]
        return subprocess.run(
            [server, *words, "set-pin", username],
            input=f"{pin}\n",
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    head_office.add_person("cara", role="cashier", store="S01")
    head_office.add_person("dan", role="cashier", store="S01")
    done = set_pin("cara", "7351")
    assert done.returncode == 0, done.stderr
    assert "cara's PIN is set" in done.stdout
    taken = set_pin("dan", "7351")
    assert taken.returncode == 1
    assert "that PIN is another person's" in taken.stderr
    assert "4 to 8 digits" in set_pin("dan", "12").stderr

    till = enrolled("till", store="S01", terminal="T01")
    actions = till_actions(till)
    with pytest.raises(WrongPin):
        actions.sign_in("7351")  # not here yet
    _sync(till)
    assert till_actions(till).sign_in("7351").till.cashier_name == "Cara"
