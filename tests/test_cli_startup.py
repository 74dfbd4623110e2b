"""`s3graph --help` starts fast: help loads none of the heavy libraries, a command only its own.

Each check runs in a fresh Python process, as the console script does, and looks at which
modules that process imported; nothing here is timed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("rdflib", "pyoxigraph", "networkx", "pyvis", "pyshacl", "scipy", "pandas")

RUN_AND_LIST_MODULES = """
import json, sys
from s3graph.cli import cli
for args in json.loads(sys.argv[1]):
    try:
        cli(args, prog_name="s3graph")
    except SystemExit as exit:
        assert not exit.code, (args, exit.code)
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def imported_by(*commands: list[str]) -> tuple[str, set[str]]:
    """Run the s3graph commands in one fresh process: their output, and the packages it imported."""
    answer = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, json.dumps(commands)],
        capture_output=True,
        text=True,
        check=True,
    )
    output, _, modules = answer.stdout.rstrip("\n").rpartition("\n")
    return output, set(json.loads(modules))


def test_help_of_every_command_imports_no_heavy_library() -> None:
    from s3graph.cli import cli

    commands = [["--help"]] + [[name, "--help"] for name in cli.commands]
    output, modules = imported_by(*commands)
    assert "network-stats" in output
    assert output.count("Usage: s3graph") == len(commands)
    assert modules.isdisjoint(HEAVY), modules & set(HEAVY)


def test_import_s3graph_and_its_enums_imports_no_heavy_library() -> None:
    code = (
        "import json, sys, s3graph; s3graph.OutputFormat, s3graph.Kind, s3graph.RdfFormat;"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))"
    )
    answer = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert set(json.loads(answer.stdout)).isdisjoint(HEAVY)


def test_a_question_imports_the_store_but_not_the_network_libraries(store_path: Path) -> None:
    output, modules = imported_by(["--store", str(store_path), "partnerships", "--region", "ES24"])
    assert "im-h2valleys" in output
    assert {"rdflib", "pyoxigraph"} <= modules
    assert modules.isdisjoint({"networkx", "pyvis", "pyshacl", "scipy", "pandas"})
