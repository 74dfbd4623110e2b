"""The notebooks in ``notebooks/`` run top to bottom, each in a fresh kernel and a store of
its own, and are committed as plain guided tours: outputs cleared, only the public API."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
from chromium import Chromium, chromium_path
from nbclient import NotebookClient

NOTEBOOK_DIR = Path(__file__).parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT = 300
VIEWS_STILL = """Array.from(document.querySelectorAll("iframe")).every(frame => {
  const view = frame.contentDocument && frame.contentDocument.querySelector(".s3graph-view");
  return view && view.dataset.state === "still";
})"""


def code_cells(path: Path) -> list[nbformat.NotebookNode]:
    """The code cells of a notebook file."""
    notebook = nbformat.read(path, as_version=4)
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_notebooks_are_numbered() -> None:
    assert NOTEBOOKS
    for path in NOTEBOOKS:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+\.ipynb", path.name), path.name
    numbers = [path.name[:2] for path in NOTEBOOKS]
    assert len(set(numbers)) == len(numbers), "two notebooks share a number"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in code_cells(path):
        assert cell.outputs == [], f"{path.name}: clear the outputs before committing"
        assert cell.execution_count is None, f"{path.name}: clear the execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_defines_no_library_code(path: Path) -> None:
    """Notebooks call ``import s3graph``; functions and classes belong in the package."""
    for cell in code_cells(path):
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(
                node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
            ), f"{path.name}: move this definition into s3graph:\n{cell.source}"
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("s3graph"), (
                    f"{path.name}: use the public API (import s3graph), not {node.module}"
                )
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name == "s3graph" or not alias.name.startswith("s3graph."), (
                        f"{path.name}: use the public API (import s3graph), not {alias.name}"
                    )


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs(
    path: Path, store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every cell runs without an error or a warning, against a fresh built store."""
    monkeypatch.setenv("S3GRAPH_STORE", str(store_path))
    monkeypatch.setenv("MPLBACKEND", "agg")
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    warnings = [
        f"cell {cell.id}: {output.text}"
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stderr"
    ]
    assert warnings == []
    assert_inline_views_draw(notebook, tmp_path)


def assert_inline_views_draw(notebook: nbformat.NotebookNode, folder: Path) -> None:
    """The network views a notebook shows inline draw in a real browser, without errors.

    The HTML outputs are put in one page as JupyterLab puts them in its output area.
    """
    views = [
        output.data["text/html"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if "<iframe" in output.get("data", {}).get("text/html", "")
    ]
    if not views or chromium_path() is None:
        return
    page = folder / "outputs.html"
    page.write_text(
        '<!DOCTYPE html><meta charset="utf-8">'
        + "".join(f'<div class="output">{view}</div>' for view in views),
        encoding="utf-8",
    )
    browser = Chromium(folder / "chromium-profile")
    try:
        browser.open(page)
        browser.wait_for(VIEWS_STILL)
        assert browser.exceptions == []
        assert browser.console_errors == []
    finally:
        browser.close()
