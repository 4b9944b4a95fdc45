from cli.text import LANGUAGES, TEXT_FILE
from carbon.yamlfile import read_mapping


def key_paths(doc: dict, prefix: str = "") -> set[str]:
    paths = set()
    for key, value in doc.items():
        paths.add(prefix + str(key))
        if isinstance(value, dict):
            paths |= key_paths(value, f"{prefix}{key}.")
    return paths


def test_every_language_has_the_same_command_line_strings():
    doc = read_mapping(TEXT_FILE)
    assert set(doc) == set(LANGUAGES)
    reference = key_paths(doc["fi"])
    for lang in LANGUAGES:
        assert key_paths(doc[lang]) == reference, lang
