"""Nothing POSIX-only is imported with s3graph: Windows has no resource, fcntl or termios.

Every module of the package is imported in a fresh interpreter whose ``__import__`` refuses
those modules to s3graph's own code. (A blocker on the import system's meta path would not
do: a library may import one of them first on this OS, as portalocker imports fcntl here and
msvcrt on Windows, and then s3graph's own import of it never reaches the blocker.) A module
that needs one imports it inside the function that uses it, past a check of the platform.
"""

from __future__ import annotations

import subprocess
import sys

POSIX_ONLY = ("resource", "fcntl", "termios", "tty", "pty", "pwd", "grp", "posix", "syslog")

REFUSE_POSIX_ONLY = """
import builtins, sys

blocked = set(sys.argv[1].split(","))
import_as_usual = builtins.__import__

def refusing(name, globals=None, locals=None, fromlist=(), level=0):
    importer = (globals or {}).get("__name__") or ""
    if level == 0 and name.partition(".")[0] in blocked and importer.startswith("s3graph"):
        raise ImportError(f"{importer} imports {name}, which Windows does not have")
    return import_as_usual(name, globals, locals, fromlist, level)

builtins.__import__ = refusing
"""

IMPORT_EVERY_MODULE = """
import importlib, pkgutil
import s3graph

names = [module.name for module in pkgutil.walk_packages(s3graph.__path__, "s3graph.")]
for name in names:
    if name != "s3graph.__main__":  # it runs the command line
        importlib.import_module(name)
print(len(names))
"""


def _run(script: str, *blocked: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", REFUSE_POSIX_ONLY + script, ",".join(blocked)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_module_imports_without_posix_only_modules() -> None:
    imported = _run(IMPORT_EVERY_MODULE, *POSIX_ONLY)
    assert imported.returncode == 0, imported.stderr
    assert int(imported.stdout) > 40  # every module, not a few


def test_an_import_of_one_by_s3graph_is_refused() -> None:
    """The check itself works: it refuses s3graph's import (not a library's) of ``resource``."""
    probe = 'import fcntl; exec("import resource", {"__name__": "s3graph.probe"})'
    refused = _run(probe, "fcntl", "resource")
    assert "ImportError: s3graph.probe imports resource, which Windows does not have" in (
        refused.stderr
    )
