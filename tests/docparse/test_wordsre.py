"""The trie-factored alternation matches what a longest-first alternation matches."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from ducha.docparse.wordsre import words_pattern

_WORDS = st.lists(st.text(alphabet="牵头单位责任时限ab", min_size=1, max_size=5), min_size=1,
                  max_size=12, unique=True)


@given(words=_WORDS, text=st.text(alphabet="牵头单位责任时限ab:", max_size=30))
def test_same_matches_as_a_longest_first_alternation(words: list[str], text: str) -> None:
    plain = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
    trie = re.compile(words_pattern(words))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_keys_share_their_prefixes() -> None:
    assert words_pattern(["牵头单位", "牵头部门", "时限", "时限要求"]) == "(?:时限(?:要求)?|牵头(?:单位|部门))"
