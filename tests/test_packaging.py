"""A built package works away from the checkout: its wheel carries the schemes and trained models."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from conftest import EXAMPLE_ESSAY, ROOT

_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache")


def _build(hook: str, source: Path, out: Path) -> Path:
    """Run setuptools' PEP 517 `hook` in `source`, as pip and `python -m build` do; the built file's path."""
    out.mkdir()
    name = subprocess.run(
        [sys.executable, "-c", f"from setuptools import build_meta; print(build_meta.{hook}({str(out)!r}))"],
        cwd=source, capture_output=True, text=True, check=True,
    ).stdout.split()[-1]
    return out / name


def test_a_wheel_built_from_the_source_distribution_marks_an_essay_with_its_own_schemes_and_models(tmp_path):
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT, checkout, ignore=_NOT_SOURCE)
    sdist = _build("build_sdist", checkout, tmp_path / "sdist")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    wheel = _build("build_wheel", tmp_path / "unpacked" / sdist.name.removesuffix(".tar.gz"), tmp_path / "wheel")

    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        members = set(archive.namelist())
        archive.extractall(installed)
    for path in ("schemes/khrushchev-destalinisation.yaml", "models/scorer.json", "models/encoder/model.safetensors"):
        assert f"marker/bundled/{path}" in members

    # Away from the checkout, with only the unpacked wheel on the path ahead of the editable install.
    env = {k: v for k, v in os.environ.items() if not k.startswith("MARKER_")} | {"PYTHONPATH": str(installed)}
    script = (
        "import json, marker, marker.paths as p; "
        "report = marker.mark(open(%r, encoding='utf-8').read(), 'khrushchev-destalinisation').to_dict(); "
        "print(json.dumps({'module': marker.__file__, 'models': str(p.models_dir()), "
        "'covered': [point['id'] for point in report['points'] if point['status'] == 'covered']}))"
    ) % str(EXAMPLE_ESSAY)
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.splitlines()[-1])
    assert Path(seen["module"]).is_relative_to(installed)
    assert Path(seen["models"]) == installed / "marker" / "bundled" / "models"
    assert len(seen["covered"]) >= 3


def test_a_wheel_rebuilt_in_the_same_checkout_holds_only_what_schemes_holds_now(tmp_path):
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT, checkout, ignore=_NOT_SOURCE)
    _build("build_wheel", checkout, tmp_path / "first")  # leaves build/ behind, as pip wheel does
    (checkout / "schemes" / "stuart-civil-war-causes.yaml").unlink()
    with zipfile.ZipFile(_build("build_wheel", checkout, tmp_path / "second")) as archive:
        schemes = {name for name in archive.namelist() if name.startswith("marker/bundled/schemes/")}
    assert "marker/bundled/schemes/khrushchev-destalinisation.yaml" in schemes
    assert "marker/bundled/schemes/stuart-civil-war-causes.yaml" not in schemes
