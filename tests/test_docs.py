"""The documentation is true: docs/cli.md is current, every command has help with one
example that parses and is named in README.md, and the README's console examples run and
print what the README shows."""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import click
import pytest

from s3graph.cli import cli

from conftest import Cli

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
EXAMPLES = ROOT / "docs" / "examples"
EXAMPLE_HEADING = re.compile(r"^\s*Examples?:\s*$", re.MULTILINE)
CONSOLE_BLOCK = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def generator() -> ModuleType:
    """docs/generate_cli_md.py, imported from its file."""
    spec = importlib.util.spec_from_file_location(
        "generate_cli_md", ROOT / "docs" / "generate_cli_md.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = generator()
CONTEXTS = list(GENERATOR.command_contexts())


def test_cli_reference_is_current() -> None:
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == GENERATOR.cli_reference(), (
        "docs/cli.md is stale: run python docs/generate_cli_md.py"
    )


def help_examples(ctx: click.Context) -> list[str]:
    """The example command lines under the one ``Example:`` heading of a command's help."""
    text = ctx.command.help or ""
    headings = EXAMPLE_HEADING.findall(text)
    assert len(headings) == 1, f"{ctx.command_path}: give one 'Example:' section in the help"
    after = EXAMPLE_HEADING.split(text)[1]
    examples = []
    for line in after.splitlines()[1:]:
        if not line.strip():
            break
        examples.append(line.strip())
    return examples


def parse_command_line(line: str) -> click.Context:
    """Parse an ``s3graph ...`` line as the shell and click would, without running it."""
    tokens = shlex.split(line, comments=True)
    assert tokens[0] == "s3graph", line
    names = [index for index, token in enumerate(tokens[1:], 1) if token in cli.commands]
    if not names:
        return cli.make_context("s3graph", tokens[1:], obj={})
    position = names[0]
    group = cli.make_context("s3graph", tokens[1 : position + 1], obj={})
    command = cli.commands[tokens[position]]
    return command.make_context(tokens[position], tokens[position + 1 :], parent=group)


@pytest.mark.parametrize("ctx", CONTEXTS, ids=lambda ctx: ctx.command_path)
def test_command_has_help_with_one_example(ctx: click.Context) -> None:
    assert ctx.command.get_short_help_str().strip(), f"{ctx.command_path} has no help"
    examples = help_examples(ctx)
    assert examples, f"{ctx.command_path}: put the example lines right under 'Example:'"
    rendered = ctx.get_help()
    for example in examples:
        assert example.startswith(f"{ctx.command_path} ") or example.startswith("s3graph "), (
            f"{ctx.command_path}: examples start with 's3graph': {example}"
        )
        assert f"\n    {example}\n" in rendered, (
            f"{ctx.command_path}: put '\\b' on the line before 'Example:' so click keeps "
            "the example lines as they are"
        )
        try:
            parse_command_line(example)
        except click.BadParameter as err:  # an example's input file need not exist here
            assert err.param is not None and isinstance(err.param.type, click.Path), err


@pytest.mark.parametrize("ctx", CONTEXTS[1:], ids=lambda ctx: ctx.command_path)
def test_command_is_in_readme(ctx: click.Context) -> None:
    mention = re.compile(re.escape(ctx.command_path) + r"(?![\w-])")
    assert mention.search(README.read_text(encoding="utf-8")), (
        f"README.md does not mention `{ctx.command_path}`"
    )


@dataclass
class Example:
    """One command line of a README console block, and the output shown after it (if any)."""

    command: str
    shows_output: bool
    output: list[str] = field(default_factory=list)

    @property
    def expected_exit_code(self) -> int:
        return 1 if self.output and self.output[0].startswith("Error:") else 0


def readme_examples(text: str) -> list[Example]:
    """The ``s3graph`` lines of the README's console blocks, in order.

    A line ``$ s3graph ...`` is a transcript: the lines after it, up to the next ``$``
    line, are its exact output. A bare ``s3graph ...`` line must just succeed. Other lines
    (``make demo``) are not run.
    """
    examples: list[Example] = []
    for block in CONSOLE_BLOCK.findall(text):
        current: Example | None = None
        for line in block.splitlines():
            if line.startswith("$ "):
                command = line[2:]
                current = Example(command, True) if command.startswith("s3graph ") else None
                if current:
                    examples.append(current)
            elif line.startswith("s3graph "):
                examples.append(Example(line, False))
                current = None
            elif current is not None:
                current.output.append(line.rstrip())
    for example in examples:
        while example.output and not example.output[-1]:
            example.output.pop()
    return examples


@pytest.fixture
def readme_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder holding a copy of docs/examples/, as in a checkout."""
    shutil.copytree(EXAMPLES, tmp_path / "docs" / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_readme_examples_run(store_path: Path, readme_folder: Path) -> None:
    """Run every README example in order, on one fresh store, in a folder of their own."""
    examples = readme_examples(README.read_text(encoding="utf-8"))
    assert len(examples) >= 5
    run = Cli(store_path)
    failures = []
    for example in examples:
        result = run(*shlex.split(example.command, comments=True)[1:])
        output = [line.rstrip() for line in result.output.rstrip().splitlines()]
        if result.exit_code != example.expected_exit_code:
            failures.append(f"{example.command}\nexit code {result.exit_code}:\n{result.output}")
        elif example.shows_output and output != example.output:
            failures.append(
                f"{example.command}\nprinted (paste this into README.md):\n{result.output}"
            )
    assert not failures, "README examples that do not match:\n\n" + "\n\n".join(failures)


def test_readme_python_runs(
    store_path: Path, readme_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's Python blocks run, in order, with the default store at a fresh copy."""
    blocks = PYTHON_BLOCK.findall(README.read_text(encoding="utf-8"))
    assert blocks
    monkeypatch.setenv("S3GRAPH_STORE", str(store_path))
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)


def test_readme_shows_the_example_files() -> None:
    readme = README.read_text(encoding="utf-8")
    files = sorted(EXAMPLES.glob("*.csv"))
    assert files
    for path in files:
        assert f"docs/examples/{path.name}" in readme
        assert f"```csv\n{path.read_text(encoding='utf-8')}```" in readme, (
            f"README.md should show docs/examples/{path.name} as it is"
        )
