import itertools

from posapp.domain.ids import Uuid7Factory


def test_uuid7_layout() -> None:
    new_id = Uuid7Factory(now_ms=lambda: 1_700_000_000_000, random_bytes=lambda n: b"\xff" * n)
    value = new_id()
    assert value.version == 7
    assert value.variant == "specified in RFC 4122"
    assert value.int >> 80 == 1_700_000_000_000


def test_ids_increase_within_one_millisecond_and_across_a_clock_step_back() -> None:
    times = iter([5, 5, 5, 4, 6])  # the wall clock stepped back once
    new_id = Uuid7Factory(now_ms=lambda: next(times), random_bytes=lambda n: b"\x00" * n)
    ids = [new_id() for _ in range(5)]
    assert ids == sorted(ids)
    assert len(set(ids)) == 5


def test_counter_overflow_borrows_the_next_millisecond() -> None:
    new_id = Uuid7Factory(now_ms=lambda: 10, random_bytes=lambda n: b"\x00" * n)
    ids = list(itertools.islice(iter(new_id, None), 5000))
    assert ids == sorted(ids)
    assert len(set(ids)) == 5000
    assert ids[-1].int >> 80 == 11


def test_real_factory_is_unique() -> None:
    new_id = Uuid7Factory()
    assert len({new_id() for _ in range(10_000)}) == 10_000


def test_a_uuid_from_an_integer_is_the_constructors() -> None:
    """`uuid_from_int` skips the constructor's checks; what it makes must be the same UUID in
    every respect the code uses: equal, hashed alike, ordered alike, the same text."""
    import random
    import uuid

    from posapp.domain.ids import uuid_from_int

    draw = random.Random(7)
    values = [0, 1, (1 << 128) - 1] + [draw.getrandbits(128) for _ in range(1_000)]
    for value in values:
        made, expected = uuid_from_int(value), uuid.UUID(int=value)
        assert made == expected
        assert hash(made) == hash(expected)
        assert (str(made), made.hex, made.bytes, made.version) == (
            str(expected),
            expected.hex,
            expected.bytes,
            expected.version,
        )
        assert made.is_safe is expected.is_safe
    assert sorted(map(uuid_from_int, values)) == sorted(
        map(uuid.UUID, (f"{v:032x}" for v in values))
    )
