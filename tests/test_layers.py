"""The layers contract in pyproject.toml holds, and it can fail.

`lint-imports` (import-linter) reads every import, top-level or inside a
function, of the packages in `[tool.importlinter]`. The self-test lays out a
tiny tree with the same package names, where the foundation imports an app
from inside a function, and runs the real contract on it: it must be refused.
"""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(cwd: Path, config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache", "--no-logo"],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _real_contract() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _write_tree(tmp_path: Path, upward: bool) -> Path:
    config = _real_contract()
    for name in config["root_packages"]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
    body = "def roles():\n    from partners import models\n\n    return models\n"
    (tmp_path / "foundation" / "roles.py").write_text(body if upward else "")
    (tmp_path / "partners" / "models.py").write_text("from foundation import roles\n")
    layers = ", ".join(f'"{name}"' for name in config["contracts"][0]["layers"])
    roots = ", ".join(f'"{name}"' for name in config["root_packages"])
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        f"[tool.importlinter]\nroot_packages = [{roots}]\n\n"
        f'[[tool.importlinter.contracts]]\nname = "layers"\ntype = "layers"\n'
        f"layers = [{layers}]\n"
    )
    return pyproject


def test_layers_contract_refuses_an_upward_import_inside_a_function(tmp_path):
    result = _lint_imports(tmp_path, _write_tree(tmp_path, upward=True))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "foundation is not allowed to import partners" in result.stdout
    assert "foundation.roles -> partners.models" in result.stdout


def test_layers_contract_accepts_the_same_tree_without_the_upward_import(tmp_path):
    result = _lint_imports(tmp_path, _write_tree(tmp_path, upward=False))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_layers_contract_holds_for_the_project():
    result = _lint_imports(ROOT, ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout
