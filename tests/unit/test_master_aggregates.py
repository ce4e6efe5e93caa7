"""Master-data events keep their aggregate ids: the uuid5 of "entity:key", however it is made."""

import uuid

from posapp.services.shared.master_changes import MASTER_KEYS, master_aggregate


def test_master_aggregates_are_the_uuid5_of_their_key() -> None:
    for entity, key in (("product", str(uuid.uuid4())), ("setting", "receipt.footer")):
        assert master_aggregate(entity, key) == uuid.uuid5(MASTER_KEYS, f"{entity}:{key}")
