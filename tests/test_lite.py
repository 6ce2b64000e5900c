"""The browser edition's build, without building it: pins, the lock, the notebooks' transform.

The site itself is tested in a browser by tests/browser/test_lite_in_chromium.py (`-m lite`).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import nbformat
import pytest

from tools import lite
from tools.lite_browser import is_loopback

SKIPS_TOML = """
[reasons.server]
en = "no sockets here"
zh = "这里没有套接字"

[notebooks."01_flash"]
abc = "server"
"""


def test_parse_pins_reads_exact_pins_by_canonical_name() -> None:
    text = "# comment\nFlask_SQLAlchemy==3.1.1  # trailing\n\npsycopg[binary]==3.3.9\n"
    assert lite.parse_pins(text) == {"flask-sqlalchemy": "3.1.1", "psycopg": "3.3.9"}


@pytest.mark.parametrize("line", ["flask>=3", "flask", "flask==3.1.3\nFlask==3.1.3"])
def test_parse_pins_refuses_what_is_not_one_exact_pin(line: str) -> None:
    with pytest.raises(ValueError):
        lite.parse_pins(line)


def test_the_browser_pins_agree_with_the_desktop_pins() -> None:
    """A package both editions carry is the same release in both, so the lessons match."""
    browser = lite.parse_pins(lite.REQUIREMENTS_BROWSER.read_text(encoding="utf-8"))
    desktop = lite.parse_pins(lite.REQUIREMENTS.read_text(encoding="utf-8"))
    differ = {n: (v, desktop[n]) for n, v in browser.items() if n in desktop and desktop[n] != v}
    assert differ == {}


def test_the_set_up_cell_installs_the_course_packages_and_its_own_wheel() -> None:
    packages = lite.course_packages({"flask": "1", "micropip": "1", "ipython": "1"}, {"flask": "1"})
    assert packages == ["flask", lite.COURSE_DIST]


def test_the_reduced_lock_keeps_info_and_only_the_wheels_the_site_carries(tmp_path: Path) -> None:
    wheel = tmp_path / "micropip-0.11.1-py3-none-any.whl"
    wheel.write_bytes(b"wheel")
    lock = {
        "info": {"python": "3.14.2"},
        "packages": {"micropip": {"version": "0.11.1"}, "numpy": {"version": "2"}},
    }
    reduced = lite.reduced_lock(lock, [lite.Wheel(wheel, "micropip", "0.11.1", ("micropip",))])
    assert reduced["info"] == lock["info"]
    assert list(reduced["packages"]) == ["micropip"]
    entry = reduced["packages"]["micropip"]
    assert entry["file_name"] == wheel.name
    assert entry["sha256"] == hashlib.sha256(b"wheel").hexdigest()
    assert entry["imports"] == ["micropip"]


def test_the_reduced_lock_refuses_a_version_pyodide_does_not_name(tmp_path: Path) -> None:
    wheel = tmp_path / "micropip-0.9.0-py3-none-any.whl"
    wheel.write_bytes(b"")
    lock = {"info": {}, "packages": {"micropip": {"version": "0.11.1"}}}
    with pytest.raises(SystemExit, match=r"expects 0\.11\.1"):
        lite.reduced_lock(lock, [lite.Wheel(wheel, "micropip", "0.9.0", ())])


def test_load_skips_reads_reasons_in_both_languages() -> None:
    skips = lite.load_skips(SKIPS_TOML)
    assert skips["01_flash"]["abc"].reason == {"en": "no sockets here", "zh": "这里没有套接字"}


def test_load_skips_refuses_an_unknown_reason_or_a_missing_language() -> None:
    with pytest.raises(ValueError, match="unknown reason"):
        lite.load_skips(SKIPS_TOML.replace('abc = "server"', 'abc = "threads"'))
    with pytest.raises(ValueError, match="exactly `en` and `zh`"):
        lite.load_skips(SKIPS_TOML.replace('zh = "这里没有套接字"', ""))


def test_every_skip_names_a_code_cell_of_a_notebook() -> None:
    skips = lite.load_skips(lite.SKIPS.read_text(encoding="utf-8"))
    assert lite.unknown_skips(skips) == []


def _notebook() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("import flask", id="imports"),
        nbformat.v4.new_code_cell("serve(app)", id="abc"),
        nbformat.v4.new_code_cell("print(1)", id="after"),
    ]
    notebook.cells[2].outputs = [nbformat.v4.new_output("stream", text="\x1b[31mServing\x1b[0m\n")]
    notebook.cells[3].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    notebook.cells[3].execution_count = 3
    return notebook


def test_the_browser_notebook_gets_its_set_up_before_the_first_code_cell() -> None:
    original = _notebook()
    result = lite.lite_notebook(original, {}, ["flask", "flask-course"], "en")
    kinds = [(cell.cell_type, cell.id) for cell in result.cells]
    assert kinds[:3] == [
        ("markdown", original.cells[0].id),
        ("markdown", "lite-setup-note"),
        ("code", "lite-setup"),
    ]
    assert "await piplite.install([" in result.cells[2].source
    assert '"flask-course"' in result.cells[2].source
    assert "Browser edition" in result.cells[1].source
    assert all(
        not c.outputs and c.execution_count is None for c in result.cells if c.cell_type == "code"
    )
    assert original.cells[3].outputs, "the original notebook is left as it was"


def test_a_skipped_cell_becomes_a_note_with_its_code_and_desktop_output() -> None:
    skips = lite.load_skips(SKIPS_TOML)["01_flash"]
    result = lite.lite_notebook(_notebook(), skips, ["flask"], "zh")
    note = next(cell for cell in result.cells if cell.id == "lite-skip-abc")
    assert note.cell_type == "markdown"
    assert "这里没有套接字" in note.source
    assert "```python\nserve(app)\n```" in note.source
    assert "```text\nServing\n```" in note.source  # the stored output, colours stripped
    assert [c.id for c in result.cells if c.cell_type == "code"] == [
        "lite-setup",
        "imports",
        "after",
    ]


def test_fence_is_longer_than_any_backtick_run_inside() -> None:
    assert lite.fence("a ```` b", "text").startswith("`````text\n")


def test_the_course_wheel_holds_the_course_packages_and_valid_metadata(tmp_path: Path) -> None:
    path = lite.course_wheel(tmp_path)
    assert path.name == "flask_course-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        record = archive.read("flask_course-0.1.0.dist-info/RECORD").decode()
    assert "helpers/__init__.py" in names
    assert "examples/celery_app/__init__.py" in names
    assert "project/shop/__init__.py" in names
    assert not [n for n in names if n.startswith("tools/") or "__pycache__" in n]
    assert all(name in record for name in names)


def test_the_landing_page_keeps_jupyterlite_s_configuration(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<script id="jupyter-config-data">{}</script><script type="module">go()</script>'
    )
    lite.landing_page(tmp_path)
    text = (tmp_path / "index.html").read_text()
    assert text.index("00_index.ipynb") < text.index('<script type="module">')
    assert '<script id="jupyter-config-data">' in text


def test_the_site_settings_show_every_cell_and_never_go_online(tmp_path: Path) -> None:
    lite.write_config(tmp_path)
    kernel = json.loads((tmp_path / "jupyter-lite.json").read_text())["jupyter-config-data"]
    assert kernel["litePluginSettings"][lite.KERNEL_PLUGIN]["disablePyPIFallback"] is True
    overrides = json.loads((tmp_path / "overrides.json").read_text())
    assert overrides["@jupyterlab/notebook-extension:tracker"] == {"windowingMode": "none"}


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8000/lab/index.html", True),
        ("http://localhost/x", True),
        ("data:text/plain,x", True),
        ("https://cdn.jsdelivr.net/pyodide/v314.0.6/full/pyodide.mjs", False),
        ("https://pypi.org/simple/flask/", False),
        ("http://127.0.0.1.example.com/", False),
    ],
)
def test_only_loopback_requests_are_let_through(url: str, local: bool) -> None:
    assert is_loopback(url) is local


SHIMS_TOML = """
[shims.no_terminal]
en = "no terminal here"
zh = "这里没有终端"
code = '''
import fcntl
'''

[setup]
"07_sqlalchemy" = ["no_terminal"]
"""


def test_a_shim_runs_in_the_set_up_cell_after_a_comment_that_says_why() -> None:
    shims = lite.load_shims(SHIMS_TOML)["07_sqlalchemy"]
    result = lite.lite_notebook(_notebook(), {}, ["flask"], "zh", shims)
    setup = next(cell for cell in result.cells if cell.id == "lite-setup")
    assert setup.source.endswith("\n\n# 浏览器版：这里没有终端\nimport fcntl")
    assert setup.source.index("piplite.install") < setup.source.index("import fcntl")


def test_load_shims_refuses_an_unknown_shim_or_a_comment_of_two_lines() -> None:
    with pytest.raises(ValueError, match="unknown shim"):
        lite.load_shims(SHIMS_TOML.replace('["no_terminal"]', '["no_such"]'))
    with pytest.raises(ValueError, match="one-line comment"):
        lite.load_shims(SHIMS_TOML.replace("no terminal here", "two\\nlines"))


def test_every_shim_of_the_site_is_known_and_set_up_for_a_notebook() -> None:
    shims = lite.load_shims(lite.SKIPS.read_text(encoding="utf-8"))
    stems = {path.stem for path in lite.all_notebooks()}
    assert set(shims) <= stems
