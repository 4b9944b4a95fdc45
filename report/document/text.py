"""Small wording helpers shared by the report's text (language-neutral rules only)."""
from __future__ import annotations

import re

_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


def mid_sentence(text: str, keep_parenthesis: bool = False) -> str:
    """A name as it reads mid-sentence: a trailing parenthesis dropped (unless kept), the first
    letter lower-cased unless the word is an acronym ("ICT-palvelut" stays)."""
    text = text.strip() if keep_parenthesis else _TRAILING_PAREN.sub("", text.strip())
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def join_words(items: list[str], conjunction: str) -> str:
    """'a, b ja c' with the report language's conjunction."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
