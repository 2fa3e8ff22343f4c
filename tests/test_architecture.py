"""The import rule of ARCHITECTURE.md: a module imports only from the parts listed above its own."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = ROOT / "ARCHITECTURE.md"


def layers() -> dict[str, int]:
    """Each part's line in the ```layers block: lower numbers may be imported by higher."""
    block = re.search(r"```layers\n(.*?)```", ARCHITECTURE.read_text(encoding="utf-8"), re.S)
    assert block, "ARCHITECTURE.md has no ```layers block"
    lines = [line.split() for line in block.group(1).strip().splitlines()]
    return {part: rank for rank, parts in enumerate(lines) for part in parts}


def part_of(module: str, rank: dict[str, int]) -> str:
    """The listed part a module belongs to; a package's `cli` module is a command."""
    if module.endswith(".cli"):
        return "ivr.cli"
    parts = module.split(".")
    for size in range(len(parts), 0, -1):
        if ".".join(parts[:size]) in rank:
            return ".".join(parts[:size])
    raise AssertionError(f"{module} is in no line of ARCHITECTURE.md's layers: add it there")


def imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name == "ivr" or name.startswith("ivr.")]


def module_name(path: Path, root: Path) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")


def violations(root: Path) -> list[str]:
    """Every import under `root`/ivr that goes up or sideways in the layers."""
    rank = layers()
    found = []
    for path in sorted((root / "ivr").rglob("*.py")):
        module = module_name(path, root)
        if module == "ivr" or "migrations" in path.parts:  # Alembic loads every table module
            continue
        source = part_of(module, rank)
        for line, name in imports(path):
            target = part_of(name, rank) if name != "ivr" else source
            if target != source and rank[target] >= rank[source]:
                where = f"{path.relative_to(root)}:{line}"
                found.append(f"{where} imports {name} ({target} is not above {source})")
    return found


def test_no_module_imports_up_or_sideways() -> None:
    assert violations(ROOT) == []


def test_an_upward_or_sideways_import_is_named(tmp_path: Path) -> None:
    store, review = tmp_path / "ivr" / "store", tmp_path / "ivr" / "review"
    store.mkdir(parents=True)
    review.mkdir()
    (store / "calls.py").write_text("from ivr.web.db import sessions\nimport ivr.scripts\n")
    (review / "checker.py").write_text("import ivr.speech.decode\n")
    (review / "cli.py").write_text("from ivr.context import AppContext\n")  # a command: allowed
    assert violations(tmp_path) == [
        "ivr/review/checker.py:1 imports ivr.speech.decode (ivr.speech is not above ivr.review)",
        "ivr/store/calls.py:1 imports ivr.web.db (ivr.web is not above ivr.store)",
    ]


def test_every_package_and_top_module_is_placed() -> None:
    top = {p.stem for p in (ROOT / "ivr").glob("*.py")} - {"__init__"}
    top |= {p.parent.name for p in (ROOT / "ivr").glob("*/__init__.py")}
    assert {f"ivr.{name}" for name in top} <= set(layers())


def test_reading_the_scripts_loads_no_matcher_library() -> None:
    # The department scripts are the base every part reads; the checker's libraries cost ~1 s.
    code = (
        "import sys, ivr.scripts\n"
        "print(sorted(m for m in ('pypinyin', 'rapidfuzz', 'cn2an', 'ivr.review') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
