"""Build the browser edition: the whole course as a static JupyterLite site.

    python3 course.py lite              build build/lite/ (a folder any static host serves)
    python3 course.py lite --test       build it, then run every notebook in it in Chromium

The learner needs nothing but a browser: the notebooks run in Pyodide (CPython compiled
to WebAssembly) inside the page. Everything comes from the package registries, at build
time only, and the site asks no other host for anything at run time:

- The JupyterLite application and its Pyodide kernel: ``jupyterlite-core`` and
  ``jupyterlite-pyodide-kernel`` from PyPI, pinned in ``requirements-lite.txt`` and
  installed into a virtual environment of their own (``build/lite-cache/venv``):
  ``jupyter lite build`` bundles every JupyterLab extension of the environment it runs
  in, and the course's environment has several the browser edition does not want.
- The Pyodide runtime: the ``pyodide`` npm package, exactly the version the kernel was
  built for (read from the kernel's own constants; a mismatch stops the build), packed
  with ``npm pack`` into the cache and put where the kernel's build add-on looks for a
  local Pyodide (``static/pyodide`` of the lite folder). The add-on then points the
  kernel's ``pyodideUrl`` at it, so nothing loads from the CDN.
- The wheels: every package a notebook imports, the kernel's own (IPython, jedi, comm),
  the course's ``helpers`` and its ``examples`` and ``project`` packages, all bundled as
  piplite wheels (the well-known ``pypi/`` folder of the lite folder, indexed into
  ``pypi/all.json`` by the kernel's build add-on) with ``disablePyPIFallback``, so a
  missing wheel fails with a clear error instead of a request to PyPI. This is the
  tool chain's supported way to ship wheels; ``requirements-browser.txt`` pins them all.
  Two have no pure wheel on PyPI and are built here from their sdists without their
  optional C extensions (MarkupSafe, pymongo); msgspec publishes a Pyodide wheel.

Why not the kernel's other supported way, the ``pyodide-lock`` add-on (a custom
``pyodide-lock.json`` solved by uv)? The ``pyodide-lock`` release that reads Pyodide 314's
lock file needs Python 3.12 or newer to build (the course supports 3.11), and uv 0.13.9,
the newest on PyPI, cannot target Pyodide 314's platform (``pyemscripten_2026_0``).

One thing still needs a lock file entry: the kernel loads ``micropip`` through Pyodide's
``pyodide-lock.json`` before piplite exists. The npm package's lock names 356 wheels that
the npm package does not carry (they live on the CDN), so the lock the site ships keeps
the npm lock's ``info`` and only the entries whose wheels it carries: micropip, from
PyPI, at the version the npm lock names. Any other ``loadPackage`` fails at once, here
and in the browser test, rather than reaching for the CDN.

The notebooks are generated, never edited: a copy of each English notebook at the site's
root and of each Chinese one under ``zh/``, with one set-up cell before the first code
cell (it installs the course's packages into the tab's Python; a Markdown line says it
belongs to the browser edition), and each cell that cannot run in a browser (threads,
sockets, real servers) replaced, where it stands, by a Markdown note that says why and
shows its code and its output from a desktop run. Those cells are data, in
``tools/lite_skips.toml``, not tags in the notebooks. So are the few set-up shims: where a
package trips over a gap in Pyodide's standard library on import (Celery in 11) or on
every request (the debug toolbar in 13), that notebook's set-up cell fills the gap as some
desktop Python has it, each after a one-line comment that says why, in plain view.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from tools.notebooks import NOTEBOOK_DIR, ROOT, all_notebooks

BUILD = ROOT / "build"
SITE = BUILD / "lite"
CACHE = BUILD / "lite-cache"
#: The lite folder ``jupyter lite build`` reads: generated anew on every build.
WORK = BUILD / "lite-work"
REQUIREMENTS_LITE = ROOT / "requirements-lite.txt"
REQUIREMENTS_BROWSER = ROOT / "requirements-browser.txt"
REQUIREMENTS = ROOT / "requirements.txt"
SKIPS = ROOT / "tools" / "lite_skips.toml"
ZH = "zh"

#: Pyodide's version, as jupyterlite-pyodide-kernel 0.8.6 expects it (checked at build).
PYODIDE_VERSION = "314.0.6"
#: What pip is told to download for: CPython 3.14 in Pyodide 314 (PEP 783 platform tag).
PYODIDE_PYTHON = "3.14"
PYODIDE_PLATFORM = "pyemscripten_2026_0_wasm32"
#: Wheels the kernel loads from pyodide-lock.json rather than through piplite.
LOCKED = ("micropip",)
#: Packages with no pure wheel on PyPI, built from their sdists without their optional
#: C extensions: the environment that makes each build skip them.
FROM_SDIST = {"markupsafe": {"CC": "false"}, "pymongo": {"NO_EXT": "1"}}
#: The npm files the site does not need: TypeScript types, source maps, demo consoles.
NPM_UNUSED = re.compile(r"\.(d\.ts|map)$|^console.*\.html$|^README\.md$")

#: The course's own packages, shipped as one wheel (notebooks 11 and 14 import the last two).
COURSE_PACKAGES = ("helpers", "examples", "project")
COURSE_DIST = "flask-course"
COURSE_VERSION = "0.1.0"

KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
#: JupyterLab settings for the site: every cell in the DOM (so "Run All" renders every
#: output, as in the desktop browser test), no news or update checks (they go online).
SETTINGS_OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}
LANDING = "00_index.ipynb"

SETUP_MARKDOWN = {
    "en": (
        "**Browser edition (JupyterLite).** The next cell is this edition's set-up: it "
        "installs the course's packages into the Python that runs inside this browser tab "
        "(Pyodide), from the wheels the site carries. On a desktop Python they come from "
        "`requirements.txt` and this cell does not exist."
    ),
    "zh": (
        "**浏览器版（JupyterLite）。** 下一个单元格是这个版本的准备步骤：它把课程用到的包"
        "安装到这个浏览器标签页里运行的 Python（Pyodide）中，安装的是本站自带的 wheel。"
        "在桌面 Python 上，这些包来自 `requirements.txt`，也没有这个单元格。"
    ),
}
SHIM_PREFIX = {"en": "Browser edition: ", "zh": "浏览器版："}
SKIP_HEADING = {
    "en": "**Not run in the browser edition.**",
    "zh": "**浏览器版不运行这个单元格。**",
}
SKIP_CODE = {
    "en": "On a desktop Python this cell runs:",
    "zh": "在桌面 Python 上，这个单元格运行的是：",
}
SKIP_OUTPUT = {
    "en": "What it showed there (the desktop run's stored output):",
    "zh": "它在桌面上的输出（桌面运行时保存的输出）：",
}
SKIP_NO_OUTPUT = {
    "en": "On a desktop it shows no output.",
    "zh": "在桌面上它没有输出。",
}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def step(message: str) -> None:
    print(f"lite: {message}", flush=True)


# -- pins ------------------------------------------------------------------------------


def canonical(name: str) -> str:
    """A distribution name as PEP 503 compares them (``Flask_SQLAlchemy``: ``flask-sqlalchemy``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_pins(text: str) -> dict[str, str]:
    """``name==version`` lines of a requirements file, by canonical name.

    Only exact pins are accepted: the site must be the same every time it is built.
    """
    pins: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;]+)", line)
        if match is None:
            raise ValueError(f"line {number}: {raw.strip()!r} is not an exact `name==version` pin")
        name = canonical(match.group(1))
        if name in pins:
            raise ValueError(f"line {number}: {name} is pinned twice")
        pins[name] = match.group(3)
    return pins


def course_packages(browser: dict[str, str], desktop: dict[str, str]) -> list[str]:
    """What the set-up cell installs: the course's direct dependencies the browser
    edition carries (their own dependencies follow), then the course's own wheel."""
    return [name for name in desktop if name in browser and name not in LOCKED] + [COURSE_DIST]


# -- the build's own environment -------------------------------------------------------


def run(*command: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> None:
    subprocess.run(
        [str(part) for part in command], check=True, env={**os.environ, **(env or {})}, cwd=cwd
    )


def build_venv() -> Path:
    """The tools' virtual environment, (re)installed when requirements-lite.txt changes.

    uv (the course's installer, already in the course's environment) installs in seconds;
    pip is the fallback, as in course.py.
    """
    folder = CACHE / "venv"
    python = folder / "bin" / "python"
    stamp = folder / ".lite-installed"
    fingerprint = hashlib.sha256(REQUIREMENTS_LITE.read_bytes()).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text() == fingerprint:
        return python
    step(f"installing the build tools into {folder.relative_to(ROOT)}")
    shutil.rmtree(folder, ignore_errors=True)
    venv.EnvBuilder(with_pip=True).create(folder)
    uv = [sys.executable, "-m", "uv", "pip", "install", "-q", "--python", str(python)]
    if subprocess.run([*uv, "-r", str(REQUIREMENTS_LITE)]).returncode != 0:
        run(python, "-m", "pip", "install", "-q", "-r", REQUIREMENTS_LITE)
    stamp.write_text(fingerprint)
    return python


def kernel_pyodide_version(python: Path) -> str:
    """The Pyodide version the installed jupyterlite-pyodide-kernel was built against."""
    code = (
        "from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION; print(PYODIDE_VERSION)"
    )
    return subprocess.run(
        [str(python), "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()


# -- Pyodide from npm ------------------------------------------------------------------


def pyodide_tarball() -> Path:
    """``pyodide-<version>.tgz`` from the npm registry, packed once into the cache."""
    folder = CACHE / "npm"
    tarball = folder / f"pyodide-{PYODIDE_VERSION}.tgz"
    if not tarball.exists():
        step(f"npm pack pyodide@{PYODIDE_VERSION}")
        folder.mkdir(parents=True, exist_ok=True)
        run("npm", "pack", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", folder, "--silent")
    return tarball


def extract_pyodide(tarball: Path, target: Path) -> dict:
    """Unpack the npm package's runtime files into ``target``; return its lock file."""
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball) as archive:
        for member in archive.getmembers():
            name = member.name.removeprefix("package/")
            if not member.isfile() or "/" in name or NPM_UNUSED.search(name):
                continue
            (target / name).write_bytes(archive.extractfile(member).read())
    return json.loads((target / "pyodide-lock.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Wheel:
    """A wheel file and what a lock entry needs to know about it."""

    path: Path
    name: str
    version: str
    imports: tuple[str, ...]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def reduced_lock(lock: dict, wheels: list[Wheel]) -> dict:
    """The npm lock with only the packages the site carries (see the module docstring).

    Each entry is written as Pyodide's own lock writes one; the wheel is beside the lock.
    """
    packages = {}
    for wheel in wheels:
        expected = lock["packages"].get(wheel.name, {}).get("version")
        if expected is not None and expected != wheel.version:
            raise SystemExit(
                f"{wheel.name} {wheel.version}: Pyodide {PYODIDE_VERSION} expects {expected}"
            )
        packages[wheel.name] = {
            "name": wheel.name,
            "version": wheel.version,
            "file_name": wheel.path.name,
            "install_dir": "site",
            "sha256": wheel.sha256,
            "package_type": "package",
            "imports": list(wheel.imports),
            "depends": [],
            "unvendored_tests": False,
            "shared_library": False,
        }
    return {**lock, "packages": packages}


# -- wheels ----------------------------------------------------------------------------


def wheel_for(folder: Path, name: str, version: str) -> Path | None:
    """The wheel of ``name`` ``version`` in ``folder``, if one was fetched or built."""
    stem = re.sub(r"[-.]+", "_", name)
    for path in sorted(folder.glob("*.whl")):
        dist, found = path.name.split("-")[:2]
        if canonical(dist) == canonical(stem) and found == version:
            return path
    return None


def fetch_wheels(python: Path, pins: dict[str, str], folder: Path) -> list[Path]:
    """Every pinned wheel for Pyodide, from PyPI into the cache (each fetched once)."""
    folder.mkdir(parents=True, exist_ok=True)
    missing = {n: v for n, v in pins.items() if n not in FROM_SDIST and not wheel_for(folder, n, v)}
    if missing:
        step(f"downloading {len(missing)} wheels from PyPI")
        run(
            python, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
            "--python-version", PYODIDE_PYTHON, "--implementation", "cp",
            "--abi", f"cp{PYODIDE_PYTHON.replace('.', '')}", "--platform", PYODIDE_PLATFORM,
            "--dest", folder, *(f"{n}=={v}" for n, v in sorted(missing.items())),
        )  # fmt: skip
    for name, environment in FROM_SDIST.items():
        if name in pins and not wheel_for(folder, name, pins[name]):
            build_pure_wheel(python, name, pins[name], environment, folder)
    wheels = []
    for name, version in sorted(pins.items()):
        path = wheel_for(folder, name, version)
        if path is None:
            raise SystemExit(f"no wheel for {name}=={version} in {folder}")
        wheels.append(path)
    return wheels


def build_pure_wheel(
    python: Path, name: str, version: str, environment: dict[str, str], folder: Path
) -> None:
    """Build ``name`` from its sdist without its C extension and tag the wheel pure.

    MarkupSafe skips its speedups when the compiler fails (``CC=false``); pymongo skips
    its extensions with ``NO_EXT``, but its build hook tags the wheel for the build
    machine all the same, so ``wheel tags`` re-tags it ``py3-none-any`` (it holds no
    compiled file: checked here).
    """
    step(f"building {name}=={version} from its sdist, without C extensions")
    scratch = CACHE / "sdist-build" / name
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    run(
        python, "-m", "pip", "wheel", "-q", "--no-deps", "--no-binary", name,
        "--wheel-dir", scratch, f"{name}=={version}", env=environment,
    )  # fmt: skip
    (built,) = scratch.glob("*.whl")
    with zipfile.ZipFile(built) as archive:
        compiled = [n for n in archive.namelist() if n.endswith((".so", ".pyd"))]
    if compiled:
        raise SystemExit(f"{built.name} holds compiled files: {compiled}")
    if not built.name.endswith("-py3-none-any.whl"):
        run(
            python, "-m", "wheel", "tags", "--remove", "--python-tag", "py3",
            "--abi-tag", "none", "--platform-tag", "any", built,
        )  # fmt: skip
        (built,) = scratch.glob("*.whl")
    shutil.copy2(built, folder / built.name)


def course_wheel(folder: Path) -> Path:
    """The course's own packages as a pure wheel, so the kernel imports them like any other.

    Written directly (a wheel is a zip with three metadata files): building it with
    setuptools would need the build backend fetched into an isolated environment, and
    the project's setuptools configuration also packages ``tools``, which has no place
    in a browser.
    """
    dist = COURSE_DIST.replace("-", "_")
    info = f"{dist}-{COURSE_VERSION}.dist-info"
    files: dict[str, bytes] = {}
    for package in COURSE_PACKAGES:
        for path in sorted((ROOT / package).rglob("*")):
            relative = path.relative_to(ROOT)
            skip = "__pycache__" in path.parts or path.suffix in (".pyc", ".db")
            if path.is_file() and not skip and "instance" not in relative.parts:
                files[relative.as_posix()] = path.read_bytes()
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {COURSE_DIST}\nVersion: {COURSE_VERSION}\n"
        "Summary: The Flask course's helpers, examples and project (browser edition)\n"
    ).encode()
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: tools.lite\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    records = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join([*records, f"{info}/RECORD,,"]) + "\n").encode()
    path = folder / f"{dist}-{COURSE_VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 2, 2, 0, 0, 0)), data)
    return path


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def top_level_imports(path: Path) -> tuple[str, ...]:
    """The importable names a wheel provides (its ``top_level.txt``, else its folders)."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        top = [n for n in names if n.endswith(".dist-info/top_level.txt")]
        if top:
            return tuple(archive.read(top[0]).decode().split())
    return tuple(sorted({n.split("/")[0] for n in names if "/" in n and ".dist-info" not in n}))


# -- notebooks -------------------------------------------------------------------------


@dataclass(frozen=True)
class Skip:
    """A code cell the browser edition shows but does not run, and why."""

    cell_id: str
    reason: dict[str, str]


def load_skips(text: str) -> dict[str, dict[str, Skip]]:
    """``tools/lite_skips.toml``: reasons by kind (in both languages), cells by notebook.

    [reasons.server]                  # one kind of reason
    en = "..."
    zh = "..."

    [notebooks.02_hooks]              # a notebook's skipped cells: cell id -> kind
    "3f1c0a2b" = "server"
    """
    data = tomllib.loads(text)
    reasons = data.get("reasons", {})
    for kind, texts in reasons.items():
        if set(texts) != {"en", "zh"}:
            raise ValueError(f"reason {kind!r} needs exactly `en` and `zh`, has {sorted(texts)}")
    skips: dict[str, dict[str, Skip]] = {}
    for notebook, cells in data.get("notebooks", {}).items():
        for cell_id, kind in cells.items():
            if kind not in reasons:
                raise ValueError(f"{notebook} {cell_id}: unknown reason {kind!r}")
            skips.setdefault(notebook, {})[cell_id] = Skip(cell_id, reasons[kind])
    return skips


@dataclass(frozen=True)
class Shim:
    """A few lines the set-up cell runs for one notebook, with a one-line comment why.

    Only for a gap in Pyodide's standard library that a package trips over on import or
    on every request, where the shim makes the browser behave as some desktop Python
    does (no terminal, no ``resource`` module): shown in the set-up cell, never hidden.
    """

    name: str
    why: dict[str, str]
    code: str


def load_shims(text: str) -> dict[str, list[Shim]]:
    """The ``[shims.*]`` and ``[setup]`` tables of ``tools/lite_skips.toml``, by notebook.

    [shims.no_terminal]               # one shim: why (both languages) and its code
    en = "..."
    zh = "..."
    code = "..."

    [setup]                           # the shims each notebook's set-up cell runs
    "07_sqlalchemy" = ["no_terminal"]
    """
    data = tomllib.loads(text)
    shims = {}
    for name, entry in data.get("shims", {}).items():
        if set(entry) != {"en", "zh", "code"}:
            raise ValueError(f"shim {name!r} needs `en`, `zh` and `code`, has {sorted(entry)}")
        if any("\n" in entry[lang] for lang in ("en", "zh")):
            raise ValueError(f"shim {name!r}: its reason is a one-line comment")
        why = {lang: entry[lang] for lang in ("en", "zh")}
        shims[name] = Shim(name, why, entry["code"].strip())
    notebooks: dict[str, list[Shim]] = {}
    for notebook, names in data.get("setup", {}).items():
        for name in names:
            if name not in shims:
                raise ValueError(f"{notebook}: unknown shim {name!r}")
            notebooks.setdefault(notebook, []).append(shims[name])
    return notebooks


def output_text(output: nbformat.NotebookNode) -> str:
    """An output as plain text, for the note that replaces a cell the browser cannot run."""
    if output.output_type == "stream":
        return ANSI.sub("", output.text)
    if output.output_type == "error":
        return f"{output.ename}: {ANSI.sub('', output.evalue)}\n"
    data = output.get("data", {})
    if "text/plain" in data:
        return data["text/plain"] + "\n"
    if "text/html" in data:
        return "(an HTML page)\n"
    return ""


def fence(text: str, language: str = "") -> str:
    """A fenced block that no backtick run inside ``text`` can close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marks = "`" * max(3, longest + 1)
    return f"{marks}{language}\n{text.rstrip()}\n{marks}"


def skipped_cell(cell: nbformat.NotebookNode, skip: Skip, lang: str) -> nbformat.NotebookNode:
    """The Markdown note that stands where ``cell`` stood: why, its code, its desktop output."""
    shown = "".join(output_text(output) for output in cell.get("outputs", []))
    parts = [
        f"{SKIP_HEADING[lang]} {skip.reason[lang]}",
        SKIP_CODE[lang],
        fence(cell.source, "python"),
        f"{SKIP_OUTPUT[lang]}\n\n{fence(shown, 'text')}" if shown.strip() else SKIP_NO_OUTPUT[lang],
    ]
    note = nbformat.v4.new_markdown_cell("\n\n".join(parts))
    note.id = f"lite-skip-{cell.id}"
    note.metadata["lite"] = {"skipped": cell.id}
    return note


def setup_cells(
    packages: list[str], lang: str, shims: list[Shim] = ()
) -> list[nbformat.NotebookNode]:
    """The browser edition's set-up: a Markdown line that says so, and the install cell
    (then the notebook's shims, each after a comment that says why)."""
    listed = ",\n".join(f"    {json.dumps(name)}" for name in packages)
    code = f"import piplite\n\nawait piplite.install([\n{listed},\n])"
    for shim in shims:
        code += f"\n\n# {SHIM_PREFIX[lang]}{shim.why[lang]}\n{shim.code}"
    markdown = nbformat.v4.new_markdown_cell(SETUP_MARKDOWN[lang])
    markdown.id = "lite-setup-note"
    install = nbformat.v4.new_code_cell(code)
    install.id = "lite-setup"
    return [markdown, install]


def lite_notebook(
    notebook: nbformat.NotebookNode,
    skips: dict[str, Skip],
    packages: list[str],
    lang: str,
    shims: list[Shim] = (),
) -> nbformat.NotebookNode:
    """The browser edition of one notebook (a copy; the original is left as it is)."""
    result = copy.deepcopy(notebook)
    cells = []
    for cell in result.cells:
        if cell.cell_type == "code" and not any(c.cell_type == "code" for c in cells):
            cells.extend(setup_cells(packages, lang, shims))
        if cell.cell_type == "code" and cell.id in skips:
            cells.append(skipped_cell(cell, skips[cell.id], lang))
        else:
            cells.append(cell)
    for cell in cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    result.cells = cells
    result.metadata["kernelspec"] = {
        "display_name": "Python (Pyodide)",
        "language": "python",
        "name": "python",
    }
    return result


def unknown_skips(skips: dict[str, dict[str, Skip]]) -> list[str]:
    """Skip entries that name no notebook or no code cell of it (the English edition)."""
    problems = []
    notebooks = {path.stem: path for path in all_notebooks()}
    for stem, cells in skips.items():
        if stem not in notebooks:
            problems.append(f"{stem}: no such notebook")
            continue
        notebook = nbformat.read(notebooks[stem], as_version=4)
        ids = {cell.id for cell in notebook.cells if cell.cell_type == "code"}
        problems += [f"{stem}: no code cell {cell_id}" for cell_id in cells if cell_id not in ids]
    return problems


def write_notebooks(
    target: Path,
    skips: dict[str, dict[str, Skip]],
    packages: list[str],
    shims: dict[str, list[Shim]] | None = None,
) -> int:
    """Both editions' browser notebooks into ``target`` (English at the root, Chinese in zh/)."""
    written = 0
    for lang, folder, out in (("en", NOTEBOOK_DIR, target), (ZH, NOTEBOOK_DIR / ZH, target / ZH)):
        out.mkdir(parents=True, exist_ok=True)
        for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
            notebook = nbformat.read(path, as_version=4)
            stem = path.stem
            lite = lite_notebook(
                notebook, skips.get(stem, {}), packages, lang, (shims or {}).get(stem, [])
            )
            nbformat.write(lite, out / path.name)
            written += 1
    return written


# -- the site --------------------------------------------------------------------------


def write_config(work: Path) -> None:
    """jupyter-lite.json (kernel settings), the build's config, the settings overrides."""
    kernel = {"disablePyPIFallback": True}
    lite = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {"litePluginSettings": {KERNEL_PLUGIN: kernel}},
    }
    (work / "jupyter-lite.json").write_text(json.dumps(lite, indent=2))
    (work / "overrides.json").write_text(json.dumps(SETTINGS_OVERRIDES, indent=2))
    config = {
        "LiteBuildConfig": {
            "apps": ["lab"],
            "contents": ["files"],
            "no_sourcemaps": True,
            "ignore_sys_prefix": False,
            "settings_overrides": ["overrides.json"],
        }
    }
    (work / "jupyter_lite_config.json").write_text(json.dumps(config, indent=2))


def landing_page(site: Path) -> None:
    """Make the site's front door open the contents notebook.

    JupyterLite's root ``index.html`` must stay: every app page reads its configuration
    from it. Its own script sends a visitor to the bare ``lab/``; a line placed before
    it sends them to ``lab/index.html?path=00_index.ipynb`` instead. Pages that only
    read the file as configuration never run it.
    """
    index = site / "index.html"
    redirect = (
        "<script>\n"
        "      // the browser edition of the Flask course opens on its contents notebook\n"
        f"      window.location.replace('lab/index.html?path={LANDING}');\n"
        "    </script>\n    "
    )
    text = index.read_text(encoding="utf-8")
    marker = '<script type="module">'
    if marker not in text:
        raise SystemExit(
            f"{index}: JupyterLite's entry script not found; cannot set the landing page"
        )
    index.write_text(text.replace(marker, redirect + marker, 1), encoding="utf-8")


def size_of(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def build(site: Path = SITE) -> Path:
    """Build the whole site into ``site``; every download is cached in build/lite-cache."""
    started = time.monotonic()
    skips = load_skips(SKIPS.read_text(encoding="utf-8"))
    shims = load_shims(SKIPS.read_text(encoding="utf-8"))
    problems = unknown_skips(skips)
    known = {path.stem for path in all_notebooks()}
    problems += [f"[setup] {stem}: no such notebook" for stem in shims if stem not in known]
    if problems:
        raise SystemExit("tools/lite_skips.toml:\n  " + "\n  ".join(problems))
    python = build_venv()
    expected = kernel_pyodide_version(python)
    if expected != PYODIDE_VERSION:
        raise SystemExit(
            f"jupyterlite-pyodide-kernel expects Pyodide {expected}, not {PYODIDE_VERSION}"
        )

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    browser = parse_pins(REQUIREMENTS_BROWSER.read_text(encoding="utf-8"))
    desktop = parse_pins(REQUIREMENTS.read_text(encoding="utf-8"))
    wheels = fetch_wheels(python, browser, CACHE / "wheels")

    pyodide = WORK / "static" / "pyodide"
    lock = extract_pyodide(pyodide_tarball(), pyodide)
    locked = []
    for path in wheels:
        name, version = canonical(path.name.split("-")[0]), path.name.split("-")[1]
        if name in LOCKED:
            shutil.copy2(path, pyodide / path.name)
            locked.append(Wheel(pyodide / path.name, name, version, top_level_imports(path)))
        else:
            (WORK / "pypi").mkdir(exist_ok=True)
            shutil.copy2(path, WORK / "pypi" / path.name)
    (pyodide / "pyodide-lock.json").write_text(json.dumps(reduced_lock(lock, locked), indent=1))
    course_wheel(WORK / "pypi")

    count = write_notebooks(WORK / "files", skips, course_packages(browser, desktop), shims)
    write_config(WORK)
    step(f"{count} notebooks, {len(wheels) + 1} wheels; jupyter lite build")
    shutil.rmtree(site, ignore_errors=True)
    tools = python.parent
    log = CACHE / "jupyter-lite-build.log"
    command = [tools / "jupyter", "lite", "build", "--lite-dir", WORK, "--output-dir", site]
    with log.open("w") as output:  # doit lists every task: kept in a file, shown on failure
        built = subprocess.run(
            [str(part) for part in command], cwd=WORK, stdout=output, stderr=subprocess.STDOUT,
            env={**os.environ, "JUPYTER_PLATFORM_DIRS": "1"},
        )  # fmt: skip
    if built.returncode != 0:
        raise SystemExit(f"jupyter lite build failed:\n{log.read_text()[-4000:]}")
    landing_page(site)
    seconds = time.monotonic() - started
    step(f"built {site.relative_to(ROOT)} in {seconds:.0f} s ({size_of(site) / 1e6:.0f} MB)")
    return site


def main(argv: list[str]) -> int:
    test = "--test" in argv
    build()
    if test:
        test_file = "tests/browser/test_lite_in_chromium.py"
        command = [sys.executable, "-m", "pytest", test_file, "-m", "lite", "-p", "no:xdist", "-v"]
        return subprocess.run(command, cwd=ROOT).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
