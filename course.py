#!/usr/bin/env python3
"""One entry point for the course, runnable on a machine that has only Python and pip.

Each command first makes sure `.venv/` (or $COURSE_VENV) holds exactly the pins of
requirements.txt plus the `helpers` package installed in editable mode, so notebooks
import `helpers` plainly, from JupyterLab and from pytest alike. The install uses uv
(installed from PyPI into the virtual environment, several times faster than pip) and
falls back to pip; COURSE_INSTALLER=pip skips uv. Standard library only: this file runs
before anything is installed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import socket
import subprocess
import sys
import time
import venv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("COURSE_VENV", ROOT / ".venv"))
STAMP = VENV / ".course-installed"
INSTALL_INPUTS = ("requirements.txt", "pyproject.toml")
#: The installer course.py puts into the virtual environment first (pinned like the rest).
UV = "uv==0.13.9"
INDEX_NOTEBOOK = "notebooks/00_index.ipynb"
INDEX_NOTEBOOK_ZH = "notebooks/zh/00_index.ipynb"
#: JupyterLab's own interface in Chinese (the language pack is pinned in requirements.txt).
LAB_LOCALE_ZH = {
    "@jupyterlab/translation-extension/plugin.jupyterlab-settings": '{"locale": "zh_CN"}'
}


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def install_fingerprint() -> str:
    """Hash of the files that decide what is installed, so a changed pin reinstalls."""
    digest = hashlib.sha256()
    for name in INSTALL_INPUTS:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def step(message: str) -> None:
    print(f"course.py: {message}", flush=True)


def install_with_uv(python: Path) -> bool:
    """Install the pins with uv; False when uv cannot be had or fails (pip takes over)."""
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if subprocess.run([*pip, UV]).returncode != 0:
        return False
    uv = [str(python), "-m", "uv", "pip", "install", "--python", str(python)]
    requirements = subprocess.run([*uv, "-r", str(ROOT / "requirements.txt")])
    if requirements.returncode != 0:
        return False
    return subprocess.run([*uv, "--no-deps", "-e", str(ROOT)]).returncode == 0


def install_with_pip(python: Path) -> None:
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
    subprocess.run([*pip, "--progress-bar", "on", "-r", str(ROOT / "requirements.txt")], check=True)
    subprocess.run([*pip, "-q", "--no-deps", "-e", str(ROOT)], check=True)


def ensure_installed() -> Path:
    """Create the virtual environment and install the course into it, once per pin set."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs on any python3
        sys.exit(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    fingerprint = install_fingerprint()
    if python.exists() and STAMP.exists() and STAMP.read_text() == fingerprint:
        return python
    started = time.monotonic()
    if not python.exists():
        step(f"creating a virtual environment in {VENV.name}/ (first run only)")
        venv.EnvBuilder(with_pip=True).create(VENV)
    if os.environ.get("COURSE_INSTALLER") == "pip":
        step("installing the course's pinned packages with pip (first run only)")
        install_with_pip(python)
    else:
        step("installing the course's pinned packages with uv (first run only)")
        if not install_with_uv(python):
            step("uv was not available; installing with pip instead (a few minutes)")
            install_with_pip(python)
    STAMP.write_text(fingerprint)
    step(f"installed in {time.monotonic() - started:.0f} s")
    return python


def run(python: Path, *args: str) -> int:
    """Run a tool inside the course's environment from the project root."""
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    return subprocess.run([str(python), *args], cwd=ROOT, env=env).returncode


def free_port(start: int = 8888) -> int:
    """The first port from ``start`` on that nothing on this machine listens on."""
    for port in range(start, start + 100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit(f"no free port in {start}..{start + 99}; pass --port=N")


def option(args: list[str], name: str) -> str | None:
    """The value of ``--name=value`` or ``--name value`` among pass-through arguments."""
    for index, arg in enumerate(args):
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
        if arg == f"--{name}" and index + 1 < len(args):
            return args[index + 1]
    return None


def chinese_settings() -> Path:
    """A JupyterLab user-settings folder whose interface language is Chinese."""
    folder = VENV / "lab-settings-zh"
    for relative, text in LAB_LOCALE_ZH.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    return folder


def cmd_lab(python: Path, args: list[str]) -> int:
    """Replace this process with JupyterLab, so Ctrl-C or a kill reaches it directly."""
    port = option(args, "port") or str(free_port())
    ip = option(args, "ip") or "127.0.0.1"
    chinese = option(args, "lang") == "zh"
    token = secrets.token_hex(16)
    passed = [arg for arg in args if not arg.startswith(("--port", "--ip", "--lang"))]
    passed = [arg for arg in passed if arg not in (option(args, "port"), option(args, "ip"), "zh")]
    landing = INDEX_NOTEBOOK_ZH if chinese else INDEX_NOTEBOOK
    settings = [f"--LabApp.user_settings_dir={chinese_settings()}"] if chinese else []
    as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    command = [
        str(python), "-m", "jupyter", "lab", *as_root,
        f"--ServerApp.root_dir={ROOT}", f"--port={port}", f"--ip={ip}",
        f"--IdentityProvider.token={token}",
        "--ServerApp.answer_yes=True",  # one Ctrl-C stops it, no y/n prompt
        "--ServerApp.port_retries=0", *settings, landing, *passed,
    ]  # fmt: skip
    host = "127.0.0.1" if ip in ("0.0.0.0", "::") else ip
    step(f"JupyterLab opens at http://{host}:{port}/lab/tree/{landing}?token={token}")
    step("stop it with Ctrl-C")
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    if ip not in ("127.0.0.1", "localhost", "::1"):
        # The browser is elsewhere: helpers.serve() embeds apps through jupyter-server-proxy.
        env["COURSE_SERVE_VIA"] = "proxy"
    os.chdir(ROOT)
    if os.name == "nt":  # no exec on Windows: wait for it, and pass Ctrl-C on
        try:
            return subprocess.run(command, env=env).returncode
        except KeyboardInterrupt:
            return 130
    os.execve(command[0], command, env)
    return 0  # not reached


def cmd_test(python: Path, args: list[str]) -> int:
    # One notebook per worker (loadscope keeps a notebook's cells on one kernel).
    return run(python, "-m", "pytest", "-n", "auto", "--dist", "loadscope", *args)


def tool(module: str) -> Callable[[Path, list[str]], int]:
    def command(python: Path, args: list[str]) -> int:
        return run(python, "-m", f"tools.{module}", *args)

    return command


def cmd_browser(python: Path, args: list[str]) -> int:
    # Two workers, each with its own JupyterLab and Chromium: much of a notebook's time in
    # the browser is waiting (page load, rendering), which the other worker fills.
    return run(
        python, "-m", "pytest", "tests/browser", "-m", "browser", "-n", "2", "--dist", "load", *args
    )


def cmd_drift(python: Path, args: list[str]) -> int:
    # Builds its own environment from the unpinned names; needs none installed.
    return subprocess.run([sys.executable, str(ROOT / "tools/drift.py"), *args]).returncode


def cmd_lint(python: Path, args: list[str]) -> int:
    paths = args or ["."]
    checked = run(python, "-m", "ruff", "check", *paths)
    formatted = run(python, "-m", "ruff", "format", "--check", *paths)
    return checked or formatted


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    help: str
    run: Callable[[Path, list[str]], int]
    needs_install: bool = True


#: The commands by whom they serve, in the order ``--help`` lists them: the learner's
#: two first, then the maintainer's, grouped by what they work on.
GROUPS: dict[str, list[Command]] = {
    "for learners": [
        Command("lab", "[--lang zh] [--port N] [--ip A] [--no-browser]",
                "open the course in JupyterLab (--lang zh: 中文版)", cmd_lab),
        Command("test", "[PYTEST ARGS]", "run the whole test suite (what CI runs)", cmd_test),
    ],
    "for maintainers: the notebooks and the files made from them": [
        Command("save", "[NB ...]", "re-run notebooks in a fresh kernel and re-save outputs",
                tool("save_outputs")),
        Command("nav", "", "regenerate 00_index, the navigation lines and the README's table",
                tool("navigation")),
        Command("translate", "[--todo [NB ...]]", "write the Chinese edition; --todo: what is left",
                tool("translation")),
    ],
    "for maintainers: checks and measurements": [
        Command("lint", "[PATHS]", "ruff check and ruff format --check, notebooks included",
                cmd_lint),
        Command("bench", "[NB ...]", "time every notebook and list the slowest cells",
                tool("bench")),
        Command("browser", "[PYTEST ARGS]", "run every notebook in JupyterLab in headless Chromium",
                cmd_browser),
        Command("drift", "[--keep]", "the suite on the newest releases, pins ignored",
                cmd_drift, needs_install=False),
    ],
    "for maintainers: the course outside JupyterLab": [
        Command("export", "[DIR]", "static HTML pages of the course (default build/html)",
                tool("export_html")),
        Command("lite", "[--test]", "the JupyterLite edition in build/lite; --test: run it",
                tool("lite")),
    ],
}  # fmt: skip
COMMANDS = [command for commands in GROUPS.values() for command in commands]


def parser() -> argparse.ArgumentParser:
    sections = "\n\n".join(
        f"{group}:\n" + "\n".join(f"  {c.name:9} {c.usage:46} {c.help}" for c in commands)
        for group, commands in GROUPS.items()
    )
    return argparse.ArgumentParser(
        prog="python3 course.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="The Flask course in notebooks: install it (first run only) and use it.",
        epilog=f"{sections}\n\nExtra arguments go to the tool (JupyterLab, pytest, ...).",
        usage="python3 course.py COMMAND [ARGS ...]",
    )


def main(argv: list[str]) -> int:
    commands = {command.name: command for command in COMMANDS}
    if not argv or argv[0] in ("-h", "--help", "help"):
        parser().print_help()
        return 0 if argv else 2
    command = commands.get(argv[0])
    if command is None:
        parser().print_usage(sys.stderr)
        print(f"course.py: unknown command {argv[0]!r}; `python3 course.py --help` lists them",
              file=sys.stderr)  # fmt: skip
        return 2
    python = ensure_installed() if command.needs_install else Path(sys.executable)
    return command.run(python, argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
