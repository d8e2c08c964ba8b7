"""The example notebook (examples/notebook.py, jupytext percent format) runs from top to
bottom in a real Jupyter kernel and shows what it promises: the build, the tidy frame, the
heatmap and a timeline."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "notebook.py"


def _text(output: dict) -> str:
    if output.get("output_type") == "stream":
        return output["text"]
    data = output.get("data", {})
    return data.get("text/plain", "") + data.get("text/html", "")


@pytest.mark.slow
def test_notebook_runs_and_shows_its_outputs() -> None:
    jupytext = pytest.importorskip("jupytext")
    nbclient = pytest.importorskip("nbclient")

    nb = jupytext.read(NOTEBOOK)
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "examples")}},
    )
    client.execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in code:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"cell failed: {cell.source[:60]!r}: {errors[0]['evalue']}"
    outputs = [[_text(o) for o in c.outputs] for c in code]
    images = [
        [o for o in c.outputs if "image/png" in o.get("data", {})] for c in code
    ]  # fmt: skip
    built = "\n".join(outputs[0])
    assert "documents: 7 built" in built and "0 failed" in built
    frame = "\n".join(outputs[1])
    assert " commitments, " in frame and " states" in frame
    for column in ("actor", "iso3", "target_kind", "stance", "confidence", "start", "end"):
        assert column in frame
    assert "sg-remarks-a4p-high-level-2018.txt" in frame  # the document of a commitment
    assert "wps" in "\n".join(outputs[2])  # the speeches per state and priority
    assert images[3], "the heatmap is not drawn"
    assert "2021" in "\n".join(outputs[4]) and "2022" in "\n".join(outputs[4])
    assert images[5], "the timeline is not drawn"
