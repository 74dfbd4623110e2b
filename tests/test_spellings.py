"""Every entry point reads a platform, area, role, country, region, partnership or organisation
the same way: each spelling of one gives the same answer, and a wrong one the same error, in
every public function and command that takes it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import s3graph
from s3graph.resolve import resolve

from conftest import Cli

SPELLINGS = {
    "platform": ("Energy", "energy", "ENERGY"),
    "area": ("cci", "CCI", "cultural and creative industries"),
    "role": ("co-lead", "Co-Lead", "CO LEAD"),
    "country": ("Italia", "IT", "italia"),
    "region": ("Aragon", "aragón", "ES24"),
    "partnership": ("im-h2valleys", "IM-H2VALLEYS", "European Hydrogen Valleys"),
    "organisation": ("lyonbiopole", "Lyonbiopôle", "LYONBIOPOLE"),
    "focus": ("Aragon", "aragón", "ES24"),
}
"""Spellings of one thing, for each kind of parameter."""
WRONG = {
    "platform": "Italia",
    "area": "Energy",
    "role": "boss",
    "country": "Aragon",
    "region": "Berlin",
    "partnership": "Italia",
    "organisation": "qqqqqq",
    "focus": "Berlin",
}
"""A value that names nothing (or several things) of the kind."""

Ask = Callable[[Any, str], Any]
OUTPUT = "OUTPUT"
"""Stands for the file a command writes, whose content is then its answer."""


def graph_answer(graph: Any) -> Any:
    """A network view as comparable data: its nodes, edges and attributes."""
    return (sorted(graph.nodes(data=True)), sorted(graph.edges(data=True)), graph.graph)


def view(function: Callable[..., Any], parameter: str) -> Ask:
    return lambda store, value: graph_answer(function(store, measures=False, **{parameter: value}))


def question(query: s3graph.NamedQuery, parameter: str) -> Ask:
    """Ask a named question, its other required parameters spelt the first way."""
    others = {
        param.name: SPELLINGS[param.type][0]
        for param in query.params
        if not param.optional and param.name != parameter
    }
    return lambda store, value: s3graph.run_query(
        store, query, **others, **{parameter: value}
    ).dicts()


API: list[tuple[str, str, Ask]] = [
    *[
        (f"run_query {query.name} {param.name}", param.type, question(query, param.name))
        for query in s3graph.list_queries()
        for param in query.params
        if param.type in SPELLINGS
    ],
    *[
        (
            f"region_pairs {kind}",
            kind,
            lambda store, value, kind=kind: s3graph.region_pairs(store, **{kind: value}).dicts(),
        )
        for kind in ("platform", "area", "country")
    ],
    *[
        (f"region_network {name}", kind, view(s3graph.region_network, name))
        for name, kind in (
            ("platform", "platform"),
            ("area", "area"),
            ("country", "country"),
            ("focus", "focus"),
        )
    ],
    ("bipartite_network focus", "focus", view(s3graph.bipartite_network, "focus")),
    ("organisation_network country", "country", view(s3graph.organisation_network, "country")),
    (
        "partnership_overlap_network platform",
        "platform",
        view(s3graph.partnership_overlap_network, "platform"),
    ),
    (
        "partnerships_of_region",
        "region",
        lambda store, value: s3graph.partnerships_of_region(store, value).dicts(),
    ),
    (
        "regions_of_partnership",
        "partnership",
        lambda store, value: s3graph.regions_of_partnership(store, value).dicts(),
    ),
    *[
        (
            f"region_map {kind}",
            kind,
            lambda store, value, kind=kind: s3graph.region_map(store, **{kind: value}).data,
        )
        for kind in ("partnership", "platform", "area", "country")
    ],
    *[
        (
            f"suggest {kind}",
            kind,
            lambda store, value, kind=kind: s3graph.suggest(store, **{kind: value}),
        )
        for kind in ("region", "partnership")
    ],
    *[
        (f"resolve {kind}", kind, lambda store, value, kind=kind: resolve(store, kind, value))
        for kind in ("region", "country", "partnership", "organisation")
    ],
]
"""Public functions: what each is called, the kind of its parameter, how to ask it."""

CLI: list[tuple[str, str, Callable[[str], list[str]]]] = [
    *[
        (f"pairs --{kind}", kind, lambda value, kind=kind: ["pairs", f"--{kind}", value])
        for kind in ("platform", "area", "country")
    ],
    *[
        (
            f"network-stats --{option}",
            kind,
            lambda value, option=option: ["network-stats", "region-network", f"--{option}", value],
        )
        for option, kind in (
            ("platform", "platform"),
            ("area", "area"),
            ("country", "country"),
            ("focus", "focus"),
        )
    ],
    (
        "view --focus",
        "focus",
        lambda value: ["view", "bipartite", "--focus", value, "-o", OUTPUT, "--format", "json"],
    ),
    *[
        (
            f"map --{kind}",
            kind,
            lambda value, kind=kind: [
                *("map", f"--{kind}", value, "-o", OUTPUT, "--format", "geojson"),
            ],
        )
        for kind in ("partnership", "platform", "area", "country")
    ],
    ("regions --partnership", "partnership", lambda value: ["regions", "--partnership", value]),
    *[
        (f"suggest --{kind}", kind, lambda value, kind=kind: ["suggest", f"--{kind}", value])
        for kind in ("region", "partnership")
    ],
    ("partnerships --region", "region", lambda value: ["partnerships", "--region", value]),
    *[
        (
            f"query --name {name} --param {kind}",
            kind,
            lambda value, name=name, kind=kind, more=more: [
                *("query", "--name", name, *more),
                *("--param", f"{kind}={value}"),
            ],
        )
        for name, kind, more in (
            ("countries-absent-from-platform", "platform", ()),
            ("members-with-role", "role", ()),
            ("regions-absent-from-platform", "country", ("--param", "platform=energy")),
            ("organisations-of-region", "region", ()),
            ("sources-of-partnership", "partnership", ()),
            ("partnerships-of-organisation", "organisation", ()),
            ("region-pairs", "area", ()),
        )
    ],
]
"""Commands: what each is called, the kind of its option, its arguments."""


@pytest.fixture(scope="module")
def cli(_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """The CLI on a store of its own with the bundled data, only read from."""
    path = tmp_path_factory.mktemp("spellings") / "store"
    shutil.copytree(_store_template, path)
    return Cli(path)


def api_answer(store: s3graph.Store, ask: Ask, value: str) -> tuple[str, Any]:
    try:
        return "answer", ask(store, value)
    except s3graph.UnknownNameError as err:
        return "error", str(err)


def cli_answer(cli: Cli, arguments: list[str]) -> tuple[str, Any]:
    output = Path(cli.location).with_name("output.json")
    if OUTPUT in arguments:
        result = cli(*[str(output) if word == OUTPUT else word for word in arguments])
    else:
        result = cli(*arguments, "--format", "json")
    if result.exit_code == 1:
        return "error", result.output.strip().splitlines()[-1].removeprefix("Error: ")
    assert result.exit_code == 0, result.output
    return "answer", json.loads(output.read_text() if OUTPUT in arguments else result.stdout)


@pytest.mark.parametrize(("name", "kind", "ask"), API, ids=[entry[0] for entry in API])
def test_every_spelling_gets_the_same_answer_from_the_library(
    built_store: s3graph.Store, name: str, kind: str, ask: Ask
) -> None:
    answers = [api_answer(built_store, ask, value) for value in SPELLINGS[kind]]
    assert answers[0][0] == "answer" and answers[0][1], answers[0]
    assert all(answer == answers[0] for answer in answers[1:])


@pytest.mark.parametrize(("name", "kind", "arguments"), CLI, ids=[entry[0] for entry in CLI])
def test_every_spelling_gets_the_same_answer_from_the_command_line(
    cli: Cli, name: str, kind: str, arguments: Callable[[str], list[str]]
) -> None:
    answers = [cli_answer(cli, arguments(value)) for value in SPELLINGS[kind]]
    assert answers[0][0] == "answer", answers[0]
    assert all(answer == answers[0] for answer in answers[1:])


@pytest.mark.parametrize("kind", sorted(SPELLINGS))
def test_a_wrong_name_gets_the_same_error_everywhere(
    built_store: s3graph.Store, cli: Cli, kind: str
) -> None:
    errors = {
        name: api_answer(built_store, ask, WRONG[kind]) for name, of, ask in API if of == kind
    }
    errors |= {
        name: cli_answer(cli, arguments(WRONG[kind])) for name, of, arguments in CLI if of == kind
    }
    assert len(errors) >= 2
    assert {outcome for outcome, _ in errors.values()} == {"error"}, errors
    assert len({message for _, message in errors.values()}) == 1, errors
