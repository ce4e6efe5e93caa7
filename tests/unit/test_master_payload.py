"""Master events are encoded by msgspec for speed; the bytes must stay those of `canonical`."""

from hypothesis import given
from hypothesis import strategies as st

from posapp.services.shared.journal_events import canonical
from posapp.services.shared.master_changes import _payload

_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**15), 10**15) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(key=st.text(max_size=10), record=st.dictionaries(st.text(max_size=10), _values, max_size=6))
def test_master_payload_bytes_are_canonical(key: str, record: dict[str, object]) -> None:
    assert _payload("product", key, record) == canonical(
        {"entity": "product", "key": key, "record": record}
    )
