"""Every notebook runs to the end under papermill, twice in one kernel.

Papermill stops at the first error output, as VS Code's "Run All", Colab and JupyterLite
do (only JupyterLab and nbclient honour the ``raises-exception`` tag): a notebook that
shows a mistake shows it with ``helpers.expect`` and stores no error. And a learner runs
cells again all the time, so the notebook's cells run twice over, in one kernel ("Run
All", then "Run All" again): apps built at import time, servers started twice or state
left behind fail the second pass. One class per notebook: pytest-xdist's ``loadscope``
runs the classes in parallel. The kernel's servers (helpers.serve) move their ports by
``SERVE_PORT_OFFSET``, so this run never meets the notebook's nbval run on a port.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill
import pytest
from conftest import NOTEBOOKS

from helpers.webserver import PORT_OFFSET_VARIABLE
from tools.notebooks import run_twice


class RunsToTheEnd:
    notebook: Path

    def test_papermill_runs_every_cell_twice(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv(PORT_OFFSET_VARIABLE, str(SERVE_PORT_OFFSET))
        doubled = tmp_path / f"twice_{self.notebook.name}"
        nbformat.write(run_twice(nbformat.read(self.notebook, as_version=4)), doubled)
        papermill.execute_notebook(
            str(doubled),
            str(tmp_path / self.notebook.name),
            cwd=str(self.notebook.parent),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
        )


#: Where this test's kernels move helpers.serve() ports (the exercise answers use 2000).
SERVE_PORT_OFFSET = 1000

for _path in NOTEBOOKS:
    _name = "Test_" + _path.stem
    globals()[_name] = type(_name, (RunsToTheEnd,), {"notebook": _path})
