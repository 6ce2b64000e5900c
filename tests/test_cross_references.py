"""Prose that sends the learner to another notebook sends them to the right one.

A course changes: notebooks are split, renumbered, given new content. A sentence like
"Next: notebook 09" or "notebook 05 on blueprints shows that redirect" goes stale
silently; these tests read every Markdown cell and fail on a mention of a notebook that
does not exist, a link to a missing file, a "Next:" that is not the next notebook, and
a mention whose nearby words name another notebook's topic but not its own.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import NOTEBOOKS

MENTION = re.compile(r"\b[Nn]otebooks? (?P<number>\d\d)\b(?P<after>[^.;)\n]{0,70})")
NEXT = re.compile(r"^Next: notebook (?P<number>\d\d)\b", re.MULTILINE)
LINK = re.compile(r"\]\((?P<target>[^)#\s]+\.ipynb)")
#: Words that name each notebook's topic, for telling a mention's subject.
TOPICS = {
    "01": ("flash", "闪现"),
    "02": ("hook", "middleware", "请求扩展", "中间件", "before_request", "ProxyFix"),
    "03": ("signed cookie", "SECRET_KEY", "签名"),
    "04": ("Flask-Session", "server-side", "session store", "fixation", "服务端"),
    "05": ("blueprint", "蓝图"),
    "06": ("form", "WTForms", "CSRF", "表单"),
    "07": ("database", "SQLAlchemy", "ORM", "数据库", "migration"),
    "08": ("signal", "信号"),
    "09": ("login", "Flask-Login", "用户登录", "remember"),
    "10": ("e-mail", "Flask-Mail", "邮件"),
    "11": ("Celery", "worker", "异步任务"),
    "12": ("admin", "后台管理"),
    "13": ("toolbar", "调试工具栏"),
    "14": ("project", "综合项目"),
}
NUMBERS = {path.stem[:2]: path for path in NOTEBOOKS}
TOPIC_NOTEBOOKS = [path for path in NOTEBOOKS if path.stem != "00_index"]


def prose(path) -> list[str]:
    notebook = nbformat.read(path, as_version=4)
    return [
        cell.source
        for cell in notebook.cells
        if cell.cell_type == "markdown" and "navigation" not in cell.metadata.get("tags", [])
    ]


def topics_named(text: str) -> set[str]:
    lowered = text.lower()
    return {number for number, words in TOPICS.items() if any(w.lower() in lowered for w in words)}


@pytest.mark.parametrize("path", TOPIC_NOTEBOOKS, ids=lambda path: path.stem)
def test_mentions_name_existing_notebooks_on_their_topic(path) -> None:
    wrong = []
    for text in prose(path):
        for mention in MENTION.finditer(text):
            number, after = mention["number"], mention["after"]
            if number not in NUMBERS:
                wrong.append(f"{mention[0]!r}: there is no notebook {number}")
                continue
            named = topics_named(after)
            if named and number not in named:
                wrong.append(f"{mention[0]!r}: that topic is notebook {'/'.join(sorted(named))}")
    assert not wrong, f"{path.stem}: " + "; ".join(wrong)


@pytest.mark.parametrize("path", TOPIC_NOTEBOOKS, ids=lambda path: path.stem)
def test_links_reach_existing_files(path) -> None:
    missing = [
        link["target"]
        for text in prose(path)
        for link in LINK.finditer(text)
        if not (path.parent / link["target"]).exists()
    ]
    assert not missing, f"{path.stem} links to missing notebooks: {missing}"


@pytest.mark.parametrize("path", TOPIC_NOTEBOOKS, ids=lambda path: path.stem)
def test_next_is_the_next_notebook(path) -> None:
    following = TOPIC_NOTEBOOKS[TOPIC_NOTEBOOKS.index(path) + 1 :]
    for text in prose(path):
        for found in NEXT.finditer(text):
            expected = following[0].stem[:2] if following else None
            assert found["number"] == expected, (
                f"{path.stem} says 'Next: notebook {found['number']}'; the next is {expected}"
            )


def test_topic_words_cover_every_notebook() -> None:
    numbers = {path.stem[:2] for path in TOPIC_NOTEBOOKS}
    missing = sorted(numbers - set(TOPICS))
    extra = sorted(set(TOPICS) - numbers)
    assert not missing, f"no topic words for notebooks {missing}"
    assert not extra, f"topic words for notebooks that do not exist: {extra}"
