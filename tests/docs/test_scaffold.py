"""``casework new-plugin``: the skeleton it writes installs, loads and passes its own tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner

import casework
from casework.cli.scaffold import PluginNames, new_plugin, render, scaffold

BIN = Path(sys.executable).parent


def test_names_derive_from_name() -> None:
    names = PluginNames.make("casework-proof-pledge", label_zh="证明事项告知承诺")
    assert names.distribution == "casework-proof-pledge"
    assert names.package == "casework_proof_pledge"
    assert names.kind == "proof_pledge"
    assert names.code == "PR"
    assert names.label_zh == "证明事项告知承诺"
    assert names.label_en == "proof pledge"
    assert PluginNames.make("pledge", kind="pledge_v2", code="cn").code == "CN"


@pytest.mark.parametrize(
    ("name", "options", "field"),
    [
        ("pledge plan", {}, "NAME"),
        ("1pledge", {}, "NAME"),
        ("pledge!", {}, "NAME"),
        ("x" * 41, {}, "NAME"),
        ("pledge", {"kind": "Pledge"}, "--kind"),
        ("pledge", {"code": "C1"}, "--code"),
        ("pledge", {"label_zh": '承诺"'}, "--label-zh"),
        ("pledge", {"label_en": "x" * 41}, "--label-en"),
    ],
)
def test_bad_names_are_refused(name: str, options: dict[str, str], field: str) -> None:
    with pytest.raises(casework.ValidationError) as info:
        PluginNames.make(name, **options)
    assert field in str(info.value)


def test_skeleton_files(tmp_path: Path) -> None:
    target = scaffold("pledge", output=tmp_path, label_zh="证明事项告知承诺", code="CN")
    assert target == tmp_path / "casework-pledge"
    files = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    assert files == [
        "README.md",
        "pyproject.toml",
        "src/casework_pledge/__init__.py",
        "src/casework_pledge/py.typed",
        "tests/test_pledge.py",
    ]
    pyproject = (target / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points.casework]\npledge = "casework_pledge"' in pyproject
    source = (target / "src/casework_pledge/__init__.py").read_text(encoding="utf-8")
    assert 'label=Label("证明事项告知承诺", "pledge")' in source
    assert "ClockRule(" in source and "def report_sections(" in source


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    existing = tmp_path / "casework-pledge"
    existing.mkdir()
    (existing / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(casework.StorageError) as info:
        scaffold("pledge", output=tmp_path)
    assert "already exists" in str(info.value) or "已存在" in str(info.value)
    assert [p.name for p in existing.iterdir()] == ["keep.txt"]


def test_command_writes_the_package(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["pledge", "--output", str(tmp_path), "--label-zh", "证明事项告知承诺", "--code", "CN"]
    result = runner.invoke(new_plugin, args)
    assert result.exit_code == 0, result.output
    assert "casework-pledge" in result.output
    assert (tmp_path / "casework-pledge" / "tests" / "test_pledge.py").is_file()
    again = runner.invoke(new_plugin, args)
    assert again.exit_code != 0
    assert isinstance(again.exception, casework.StorageError)


def test_command_is_on_the_command_line(tmp_path: Path) -> None:
    from casework.cli.app import cli

    assert cli.commands.get("new-plugin") is new_plugin
    result = CliRunner().invoke(cli, ["--json", "new-plugin", "pledge", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["path"] == str(tmp_path / "casework-pledge")
    assert "tests/test_pledge.py" in data["files"]


def test_skeleton_is_lint_and_type_clean(tmp_path: Path) -> None:
    target = scaffold("proof-pledge", output=tmp_path, label_zh="证明事项告知承诺", code="CN")
    for command in (
        [str(BIN / "ruff"), "check", "."],
        [str(BIN / "ruff"), "format", "--check", "."],
        [sys.executable, "-m", "mypy"],
    ):
        done = subprocess.run(command, cwd=target, capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{command}: {done.stdout}{done.stderr}"


def test_render_is_pure() -> None:
    names = PluginNames.make("pledge")
    assert render(names) == render(names)


def _throwaway_venv(root: Path) -> Path:
    """A venv that sees this environment's packages (casework, pytest) but installs apart."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(root)],
        check=True,
    )
    python = root / "bin" / "python"
    site_dir = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    parent = sysconfig.get_paths()["purelib"]
    Path(site_dir, "_casework_parent.pth").write_text(
        f"import site; site.addsitedir({parent!r})\n", encoding="utf-8"
    )
    return python


@pytest.mark.skipif(os.name != "posix", reason="the throwaway venv layout is POSIX")
def test_scaffolded_plugin_installs_loads_and_passes_its_tests(tmp_path: Path) -> None:
    target = scaffold("proof-pledge", output=tmp_path, label_zh="证明事项告知承诺", code="CN")
    python = _throwaway_venv(tmp_path / "venv")
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")}
    loaded = subprocess.run(
        [
            str(python),
            "-c",
            "import casework; print(casework.case_types()['proof_pledge'].label.zh)",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert loaded.stdout.strip() == "证明事项告知承诺", loaded.stderr
    tests = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=target,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "8 passed" in tests.stdout
    # The plugin went into the throwaway venv only.
    here = subprocess.run(
        [sys.executable, "-c", "import casework; print('proof_pledge' in casework.case_types())"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert here.stdout.strip() == "False"
