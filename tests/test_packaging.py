"""s3graph installed like any Python tool: from its sdist and its wheel, outside the checkout.

One fresh virtual environment, outside the source tree, gets the wheel (built from the sdist,
as a release would be) with its dependencies from the registry or uv's cache; uv installs
them, as pip would, in a tenth of pip's time. s3graph builds a store from the ontology and
data inside the package (checking each file against the installed SHACL shapes) and answers
from it; a bundled file deleted from the installation is named, with the fix.
The sdist itself, installed over the damaged package as the fix says, puts back exactly the
files the wheel installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from uv import find_uv_bin

ROOT = Path(__file__).parent.parent
UV_PIP = (find_uv_bin(), "pip", "--quiet")
"""uv's pip interface, which installs into the fresh environment."""


TEST_SETTINGS = ("PYTHONPATH", "VIRTUAL_ENV", "S3GRAPH_STORE", "PYTHONDONTWRITEBYTECODE")
"""Settings of the test's environment that a user's would not have. Without the last, the
first s3graph command writes the bytecode of the packages it imports (uv installs none), as on
a user's machine, and the next commands read it instead of compiling them again."""


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command outside the checkout, with none of the test's Python settings."""
    environment = {name: value for name, value in os.environ.items() if name not in TEST_SETTINGS}
    environment["XDG_DATA_HOME"] = str(cwd / "xdg")
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def succeed(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command that must succeed."""
    done = run(*command, cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.mark.slow
def test_the_wheel_and_the_sdist_work_outside_the_checkout(tmp_path: Path) -> None:
    dist, venv = tmp_path / "dist", tmp_path / "venv"
    python, s3graph = venv / "bin" / "python", venv / "bin" / "s3graph"
    # with neither --sdist nor --wheel, build makes the sdist and then the wheel from it
    succeed(sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, ROOT, cwd=tmp_path)
    [sdist] = dist.glob("s3graph-*.tar.gz")
    [wheel] = dist.glob("s3graph-*.whl")
    succeed(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    succeed(*UV_PIP, "install", "--python", python, "--no-compile", wheel, cwd=tmp_path)
    where = succeed(python, "-c", "import s3graph; print(s3graph.__file__)", cwd=tmp_path)
    package = Path(where.stdout.strip()).parent
    assert package.is_relative_to(venv), package

    def s3graph_in(store: str, *args: str) -> subprocess.CompletedProcess[str]:
        return succeed(s3graph, "--store", store, *args, cwd=tmp_path)

    s3graph_in("store", "build")
    assert "im-h2valleys" in s3graph_in("store", "partnerships", "--region", "ES24").stdout
    s3graph_in("store", "view", "region-network", "-o", "v.html")
    assert "ES24" in (tmp_path / "v.html").read_text(encoding="utf-8")
    s3graph_in("store", "map", "-o", "m.geojson")  # the bundled boundaries
    assert '"id":"ES24"' in (tmp_path / "m.geojson").read_text(encoding="utf-8")

    installed = package_files(package)
    (package / "data" / "regions.csv").unlink()
    damaged = run(s3graph, "--store", "damaged", "build", cwd=tmp_path)
    assert damaged.returncode == 1
    assert "Traceback" not in damaged.stderr
    assert damaged.stderr.splitlines()[-1] == (
        "Error: s3graph's bundled file data/regions.csv is missing; the installation is "
        "damaged: reinstall the s3graph package (pip install --force-reinstall s3graph)"
    )

    reinstall = ("install", "--python", python, "--no-compile", "--no-deps", "--reinstall", sdist)
    succeed(*UV_PIP, *reinstall, cwd=tmp_path)
    assert package_files(package) == installed  # the file deleted is back, and nothing else
    assert "im-h2valleys" in s3graph_in("store", "partnerships", "--region", "ES24").stdout


def package_files(package: Path) -> dict[str, str]:
    """Each file of an installed package (not its bytecode), by path, with its SHA-256."""
    return {
        str(path.relative_to(package)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
