"""The wheel is one package, ``peacekg``, with every module and data file of the repository."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(REPO)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return next(out.glob("peacekg-*.whl"))


def test_wheel_holds_one_package_with_every_module_and_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    top = {n.split("/")[0] for n in names if not n.startswith("peacekg-")}
    assert top == {"peacekg"}
    expected = ["__init__.py", "cli.py"]
    expected += [f"queries/{q.name}" for q in (REPO / "queries").glob("*.rq")]
    for sub in ("commands", "graph", "loaders", "ontology"):
        for path in (REPO / sub).rglob("*"):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            in_package = (path.parent / "__init__.py").exists()
            if (path.suffix == ".py" and in_package) or path.suffix in (
                ".ttl", ".csv", ".json", ".html", ".js", ".css",
            ):  # fmt: skip
                expected.append(path.relative_to(REPO).as_posix())
    missing = [e for e in expected if f"peacekg/{e}" not in names]
    assert not missing, f"not in the wheel: {missing}"
    # dev-time generators (tools/: pycountry, make_pk) stay out of the installed package
    assert not [n for n in names if n.startswith(("peacekg/tools/", "peacekg/bench/"))]
    assert not [n for n in names if n.endswith(("make_states.py", "make_pk.py"))]


@pytest.mark.slow
def test_installed_wheel_imports_and_runs(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    code = (
        "import peacekg, peacekg.graph, peacekg.loaders.formats, peacekg.ontology.reference as r;"
        f"assert peacekg.__file__.startswith({str(target)!r}), peacekg.__file__;"
        "from peacekg.graph.query.sparql import library;"
        "assert len(library()) >= 7, library();"
        "print(len(r.load_reference().states))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) >= 195


def test_the_server_binary_is_a_default_dependency(wheel: Path) -> None:
    """``pip install peacekg`` brings the Oxigraph server that ``peacekg serve`` runs."""
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        requires = [
            line.split(":", 1)[1].strip()
            for line in zf.read(meta).decode().splitlines()
            if line.startswith("Requires-Dist:")
        ]
    unconditional = [r for r in requires if "extra ==" not in r]
    assert any(r.replace(" ", "").startswith("oxigraph") for r in unconditional), requires
