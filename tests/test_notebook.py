"""The worked evaluation notebook runs from top to bottom."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from conftest import ROOT


def test_evaluation_notebook_executes():
    path = ROOT / "notebooks" / "evaluation.ipynb"
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "trained" in text and "cosine" in text and "tfidf" in text
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 2
