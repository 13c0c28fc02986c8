"""Fuzz: random bytes and mutated fixtures never raise anything but DocumentInputError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ducha.docparse.errors import DocumentInputError
from ducha.docparse.load import load_bytes
from ducha.docparse.parse import documents_to_json, parse_text

NAMES = st.sampled_from(["a.txt", "a.docx", "a.pdf", "a.html", "a.htm", "a", "a.doc"])
FAST = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
SOUP = st.sampled_from(list("一二三、(())1.①:;,。牵头单位责任完成时限以下不再列出附件〔〕2023号年月日关于通知\n "))


def _load_and_parse(data: bytes, name: str) -> None:
    try:
        text = load_bytes(data, name)
        documents_to_json(parse_text(text, name=name))
    except DocumentInputError as error:
        assert error.problem


def _mutate(data: bytes, draw: st.DataObject) -> bytes:
    """A few bytes flipped, cut, or spliced with noise."""
    mutated = bytearray(data)
    for _ in range(draw.draw(st.integers(0, 8))):
        position = draw.draw(st.integers(0, max(len(mutated) - 1, 0)))
        action = draw.draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip" and mutated:
            mutated[position] ^= draw.draw(st.integers(1, 255))
        elif action == "cut":
            del mutated[position: position + draw.draw(st.integers(1, 200))]
        else:
            mutated[position:position] = draw.draw(st.binary(max_size=40))
    return bytes(mutated)


@FAST
@given(data=st.binary(max_size=4096), name=NAMES)
def test_random_bytes(data: bytes, name: str) -> None:
    _load_and_parse(data, name)


@FAST
@given(draw=st.data(), name=NAMES)
def test_mutated_fixtures(fuzz_seeds: list[bytes], draw: st.DataObject, name: str) -> None:
    seed = draw.draw(st.sampled_from(fuzz_seeds))
    _load_and_parse(_mutate(seed, draw), name)


@FAST
@given(text=st.text(alphabet=SOUP, max_size=400))
def test_grammar_soup(text: str) -> None:
    try:
        documents_to_json(parse_text(text))
    except DocumentInputError as error:
        assert error.problem
