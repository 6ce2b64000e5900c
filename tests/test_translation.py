"""The Chinese edition (中文版) cannot fall behind the English one.

Fails on any Markdown cell without a translation, any translation of an English text
that has since changed, any generated Chinese notebook that differs from what
`python3 course.py translate` would write now, any code cell that differs between the
editions, a glossary term rendered another way, or a quotation of the notes changed.
"""

from __future__ import annotations

import re

import nbformat
import pytest
import yaml

from tools import translation
from tools.notebooks import topic_notebooks

TOPICS = topic_notebooks()
GLOSSARY = yaml.safe_load(translation.GLOSSARY.read_text(encoding="utf-8"))["terms"]
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
#: A quotation from the notes: a run of Chinese text inside *…* in the English prose.
NOTES_QUOTE = re.compile(r"\*([^*\n]*[\u4e00-\u9fff][^*\n]*)\*")


@pytest.mark.parametrize("path", TOPICS, ids=lambda path: path.stem)
def test_every_cell_is_translated_from_the_current_english(path) -> None:
    found = translation.problems(path)
    assert not found, "\n".join(found)


def test_the_generated_edition_is_current() -> None:
    try:
        outdated = [str(path.relative_to(translation.ROOT)) for path in translation.stale()]
    except translation.TranslationError as error:
        pytest.fail(f"the Chinese edition cannot be generated:\n{error}")
    assert not outdated, f"stale: {outdated}: run `python3 course.py translate`"


@pytest.mark.parametrize("path", TOPICS, ids=lambda path: path.stem)
def test_code_cells_are_the_same_in_both_editions(path) -> None:
    zh_path = translation.ZH_DIR / path.name
    assert zh_path.exists(), f"{zh_path.name}: no Chinese edition (run `course.py translate`)"
    english = [c for c in nbformat.read(path, 4).cells if c.cell_type == "code"]
    chinese = [c for c in nbformat.read(zh_path, 4).cells if c.cell_type == "code"]
    assert len(english) == len(chinese), f"{path.stem}: {len(english)} vs {len(chinese)} code cells"
    for en, zh in zip(english, chinese, strict=True):
        assert en == zh, f"{path.stem}, cell {en.id}: the editions' code cells differ"


def prose_pairs(path):
    entries = translation.load_entries(path)
    for cell in nbformat.read(path, 4).cells:
        if translation.translatable(cell) and cell.id in entries:
            yield cell, entries[cell.id].zh


@pytest.mark.parametrize("path", TOPICS, ids=lambda path: path.stem)
def test_glossary_terms_are_rendered_one_way(path) -> None:
    wrong = []
    for cell, zh in prose_pairs(path):
        english = " ".join(CODE.sub("", cell.source).split())  # a term may span two lines
        for term in GLOSSARY:
            used = re.search(rf"\b{re.escape(term['en'])}s?\b", english, re.IGNORECASE)
            if used and term["zh"] not in zh:
                wrong.append(f"cell {cell.id}: {term['en']!r} is not rendered {term['zh']!r}")
    assert not wrong, f"{path.stem}: " + "; ".join(wrong)


@pytest.mark.parametrize("path", TOPICS, ids=lambda path: path.stem)
def test_the_notes_are_quoted_as_they_are(path) -> None:
    changed = [
        f"cell {cell.id}: {quote!r}"
        for cell, zh in prose_pairs(path)
        for quote in NOTES_QUOTE.findall(CODE.sub("", cell.source))
        if re.sub(r"[^\u4e00-\u9fff，。、；：？！]", "", quote)
        not in re.sub(r"[^\u4e00-\u9fff，。、；：？！]", "", zh)
    ]
    assert not changed, f"{path.stem}: the notes' words changed in the translation: {changed}"


def test_readme_zh_has_the_quick_start() -> None:
    text = translation.README_ZH.read_text(encoding="utf-8")
    quick_start = text.split("## 快速开始", 1)[1].split("\n## ", 1)[0]
    commands = [
        line.split("#")[0].strip()
        for line in quick_start.splitlines()
        if line.startswith("python3 ")
    ]
    assert commands == ["python3 course.py lab --lang zh", "python3 course.py test"]
