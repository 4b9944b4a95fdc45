"""The lever vocabulary speaks every language of the interface."""
from carbon.scenario.spec import load_vocabulary

LANGS = ("fi", "sv", "en")


def test_every_lever_has_a_label_and_help_in_every_language():
    vocab = load_vocabulary()
    for name, lever in vocab["levers"].items():
        for lang in LANGS:
            assert lever["label"].get(lang), (name, "label", lang)
            assert lever["help"].get(lang), (name, "help", lang)


def test_chart_labels_have_the_same_keys_in_every_language():
    labels = load_vocabulary()["labels"]
    assert set(labels) == set(LANGS)
    assert set(labels["sv"]) == set(labels["fi"]) == set(labels["en"])
