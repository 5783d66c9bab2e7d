"""The process pages in docs/process-definitions/: committed up to date, deterministic, complete, checked."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yekuo.applications.choices import BusinessType, Category
from yekuo.org.roles import Role
from yekuo.workflow import diagrams, installation
from yekuo.workflow.diagrams.definition_page import definition_filename, node_style
from yekuo.workflow.diagrams.labels import (
    BUSINESS_TYPE_CHINESE,
    CATEGORY_CHINESE,
    CLOCK_CHINESE,
    CONDITION_CHINESE,
    ROLE_CHINESE,
    STAGE_CHINESE,
    english,
)
from yekuo.workflow.stages import Clock, Stage, StageCondition

SHIPPED = installation.shipped_definitions()
EDGE = re.compile(r"^\s+(\w+) --> (\w+)$", re.MULTILINE)
RETURN_EDGE = re.compile(r"^\s+(\w+) -\. 退回 \.-> (\w+)$", re.MULTILINE)


def mermaid_block(page: str) -> str:
    blocks = re.findall(r"```mermaid\n(.*?)```", page, re.DOTALL)
    assert len(blocks) == 1
    return str(blocks[0])


def node_line(block: str, stage: str) -> str:
    lines = [line.strip() for line in block.splitlines() if re.match(rf"\s+{stage}[\[(]", line)]
    assert len(lines) == 1, f"{stage} should be drawn exactly once"
    return lines[0]


def test_the_committed_pages_are_up_to_date() -> None:
    call_command("draw_process_diagrams", "--check")


def test_drawing_twice_gives_the_same_bytes_and_the_second_run_writes_nothing(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("draw_process_diagrams", "--output", str(first))
    call_command("draw_process_diagrams", "--output", str(second))

    assert sorted(path.name for path in first.iterdir()) == sorted(path.name for path in second.iterdir())
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes()
    assert diagrams.generated_documents() == diagrams.generated_documents()

    mtimes = {path.name: path.stat().st_mtime_ns for path in first.iterdir()}
    call_command("draw_process_diagrams", "--output", str(first))
    assert {path.name: path.stat().st_mtime_ns for path in first.iterdir()} == mtimes


@pytest.fixture
def definitions_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped definitions copied to a directory the drawing reads instead."""
    directory = tmp_path / "process_definitions"
    shutil.copytree(installation.DEFINITIONS_DIRECTORY, directory)
    monkeypatch.setattr(installation, "DEFINITIONS_DIRECTORY", directory)
    return directory


def edit_definition(path: Path, change: Any) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")


def test_check_fails_when_a_definition_changes_after_drawing(tmp_path: Path, definitions_copy: Path) -> None:
    # Given pages drawn from the shipped definitions
    pages = tmp_path / "pages"
    call_command("draw_process_diagrams", "--output", str(pages))
    before = {path.name: path.read_bytes() for path in pages.iterdir()}

    # When one definition gains a return edge
    edit_definition(
        definitions_copy / "low_voltage_residential.new_connection.v1.json",
        lambda document: document["returns"].append(["return_visit", "archiving"]),
    )

    # Then --check names the stale page and writes nothing
    with pytest.raises(CommandError, match=r"stale: low_voltage_residential\.new_connection\.v1\.md"):
        call_command("draw_process_diagrams", "--check", "--output", str(pages))
    assert {path.name: path.read_bytes() for path in pages.iterdir()} == before


def test_check_names_missing_and_extra_pages(tmp_path: Path, definitions_copy: Path) -> None:
    pages = tmp_path / "pages"
    call_command("draw_process_diagrams", "--output", str(pages))
    old = definitions_copy / "low_voltage_residential.new_connection.v1.json"
    edit_definition(old, lambda document: document.update(version=2))
    old.rename(definitions_copy / "low_voltage_residential.new_connection.v2.json")

    with pytest.raises(CommandError) as failure:
        call_command("draw_process_diagrams", "--check", "--output", str(pages))

    message = str(failure.value)
    assert "missing: low_voltage_residential.new_connection.v2.md" in message
    assert "extra: low_voltage_residential.new_connection.v1.md" in message
    assert "stale: README.md" in message


def test_drawing_removes_pages_it_drew_but_keeps_other_files(tmp_path: Path, definitions_copy: Path) -> None:
    pages = tmp_path / "pages"
    call_command("draw_process_diagrams", "--output", str(pages))
    (pages / "notes.md").write_text("hand-written\n", encoding="utf-8")
    (definitions_copy / "low_voltage_residential.new_connection.v1.json").unlink()

    call_command("draw_process_diagrams", "--output", str(pages))

    assert not (pages / "low_voltage_residential.new_connection.v1.md").exists()
    assert (pages / "notes.md").read_text(encoding="utf-8") == "hand-written\n"


@pytest.mark.parametrize(("source", "document"), SHIPPED, ids=[source for source, _document in SHIPPED])
def test_every_stage_and_return_edge_appears_in_the_diagram(source: str, document: dict[str, Any]) -> None:
    page = diagrams.generated_documents()[definition_filename(document)]
    block = mermaid_block(page)

    assert document["name"] in page
    assert english(Category, document["category"]) in page
    assert document["description"] in page
    for stage in document["stages"]:
        line = node_line(block, stage["stage"])
        assert STAGE_CHINESE[stage["stage"]] in line
        assert english(Stage, stage["stage"]) in line
        assert ROLE_CHINESE[stage["role"]] in line
        assert english(Role, stage["role"]) in line
        assert line.endswith(f":::{node_style(stage)}")
        assert line.startswith(f'{stage["stage"]}(["') == (stage["owner"] == "customer")
        if stage["condition"] != StageCondition.ALWAYS:
            assert f"条件：{CONDITION_CHINESE[stage['condition']]}" in line
    expected_edges = {(p, stage["stage"]) for stage in document["stages"] for p in stage["predecessors"]}
    assert set(EDGE.findall(block)) == expected_edges
    assert RETURN_EDGE.findall(block) == [tuple(edge) for edge in document["returns"]]


def test_each_track_is_a_subgraph_holding_its_stages() -> None:
    document = dict(SHIPPED)["high_voltage_multiple_supply.new_connection.v1.json"]
    block = mermaid_block(diagrams.generated_documents()[definition_filename(document)])
    titles: dict[str, str] = {}
    members: dict[str, set[str]] = {}
    track = ""
    for line in block.splitlines():
        if opened := re.match(r'\s+subgraph track_(\w+)\["([^"]+)"\]$', line):
            track, titles[opened[1]] = opened[1], opened[2]
        elif line.strip() == "end":
            track = ""
        elif track and (node := re.match(r"\s+(\w+)[\[(]", line)):
            members.setdefault(track, set()).add(node[1])

    assert titles == {
        "main": "主流程 · Main",
        "customer_works": "客户受电工程 · Customer's works",
        "grid_works": "配套电网工程 · Grid supporting works",
        "formalities": "合同与收费 · Contract and fees",
        "after_connection": "接电后 · After connection",
    }
    for stage in document["stages"]:
        assert stage["stage"] in members[stage["track"]]


@pytest.mark.parametrize(
    ("labels", "values"),
    [
        pytest.param(STAGE_CHINESE, Stage.values, id="stages"),
        pytest.param(ROLE_CHINESE, Role.values, id="roles"),
        pytest.param(CLOCK_CHINESE, Clock.values, id="clocks"),
        pytest.param(CATEGORY_CHINESE, Category.values, id="categories"),
        pytest.param(BUSINESS_TYPE_CHINESE, BusinessType.values, id="business-types"),
        pytest.param(CONDITION_CHINESE, StageCondition.values, id="conditions"),
    ],
)
def test_every_code_has_a_chinese_label(labels: dict[str, str], values: list[str]) -> None:
    assert sorted(labels) == sorted(values)


def test_the_index_links_every_definition_page() -> None:
    pages = diagrams.generated_documents()
    index = pages[diagrams.INDEX_FILENAME]

    for _source, document in SHIPPED:
        assert f"]({definition_filename(document)})" in index
    assert set(pages) == {definition_filename(document) for _source, document in SHIPPED} | {
        diagrams.INDEX_FILENAME,
        diagrams.TIME_LIMITS_FILENAME,
    }


def test_the_time_limits_page_shows_each_rule_sets_figures_with_their_confidence() -> None:
    page = diagrams.generated_documents()[diagrams.TIME_LIMITS_FILENAME]
    sections = dict(re.findall(r"^## [^\n]*\(`(\w+)`\)\n(.*?)(?=^## |\Z)", page, re.MULTILINE | re.DOTALL))

    assert list(sections) == ["regulator_2009", "state_grid_2012", "state_grid_2023"]
    for _name, rule_set in diagrams.shipped_rule_sets():
        section = sections[rule_set["code"]]
        assert rule_set["legal_source"] in section
        for limit in rule_set["limits"]:
            row = next(
                line
                for line in section.splitlines()
                if line.startswith(f"| {CLOCK_CHINESE[limit['clock']]} /")
            )
            assert f" {limit['working_days']} [" in row
    scheme_reply = next(
        line for line in sections["state_grid_2023"].splitlines() if line.startswith("| 供电方案答复 /")
    )
    assert scheme_reply.split(" | ")[3].startswith("15 [C]")  # high-voltage single supply, confirmed
