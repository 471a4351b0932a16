"""``casework new-plugin NAME``: write the skeleton of a case-type plugin package.

The skeleton is a complete distribution that installs and passes its own tests as written:
``pyproject.toml`` with the entry point (group ``casework``), a details class using the shared
validators, a workflow with required roles, an expiry recorded by a system action and an
extension, a report section folding over the facts the kind declares, a command that opens the
book with :func:`casework.cli.open_book_from`, a README and a test module using
:mod:`casework.testing`.
:func:`scaffold` is the library function behind the command.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import attrs
import click

from casework.errors import StorageError, ValidationError
from casework.i18n import tr

_NAME = re.compile(r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$")


@attrs.frozen
class PluginNames:
    """The names of a new plugin, all derived from NAME unless given.

    ``distribution`` is the name on PyPI (``casework-pledge``), ``package`` the import name
    (``casework_pledge``), ``kind`` the case type's name and entry-point name (``pledge``),
    ``code`` the prefix of case ids (``PL``).
    """

    distribution: str
    package: str
    kind: str
    code: str
    label_zh: str
    label_en: str

    @classmethod
    def make(
        cls,
        name: str,
        *,
        kind: str | None = None,
        code: str | None = None,
        label_zh: str | None = None,
        label_en: str | None = None,
    ) -> PluginNames:
        """Derive every name from ``name`` (e.g. ``pledge`` or ``casework-proof-pledge``).

        Raises :class:`~casework.errors.ValidationError` for a name that cannot be a package.
        """
        slug = name.strip().lower()
        slug = slug.removeprefix("casework-").removeprefix("casework_")
        if not _NAME.match(slug) or len(slug) > 40:
            raise ValidationError(
                tr(f"插件名 {name!r} 无效", f"invalid plugin name {name!r}"),
                problems=[
                    tr(
                        "NAME: 以小写字母开头,只含小写字母、数字、- 和 _,至多40个字符",
                        "NAME: up to 40 lower-case letters, digits, - and _, starting with a letter",
                    )
                ],
                hint=tr("如 pledge 或 proof-pledge", "e.g. pledge or proof-pledge"),
            )
        chosen_kind = kind if kind is not None else slug.replace("-", "_")
        if not chosen_kind.isidentifier() or not chosen_kind.islower():
            raise ValidationError(
                tr(f"案件类型名 {chosen_kind!r} 无效", f"invalid kind {chosen_kind!r}"),
                problems=[
                    tr(
                        "--kind: 须为小写 Python 标识符",
                        "--kind: a lower-case Python identifier",
                    )
                ],
            )
        chosen_code = (code or chosen_kind.replace("_", "")[:2]).upper()
        if not re.fullmatch(r"[A-Z]{1,4}", chosen_code):
            raise ValidationError(
                tr(f"案件编号前缀 {chosen_code!r} 无效", f"invalid id prefix {chosen_code!r}"),
                problems=[tr("--code: 1-4个英文字母", "--code: 1 to 4 letters")],
            )
        zh = (label_zh or chosen_kind).strip()
        en = (label_en or chosen_kind.replace("_", " ")).strip()
        for option, label, limit in (("--label-zh", zh, 20), ("--label-en", en, 40)):
            if not label or len(label) > limit or any(ch in label for ch in '"\\\n'):
                raise ValidationError(
                    tr(f"{option} 无效", f"invalid {option}"),
                    problems=[
                        tr(
                            f"{option}: 1-{limit}个字符,不含引号、反斜杠和换行",
                            f"{option}: 1 to {limit} characters, no quotes, backslashes or newlines",
                        )
                    ],
                )
        words = slug.replace("_", "-")
        return cls(
            distribution=f"casework-{words}",
            package=f"casework_{words.replace('-', '_')}",
            kind=chosen_kind,
            code=chosen_code,
            label_zh=zh,
            label_en=en,
        )


def _q(text: str) -> str:
    """Return ``text`` as a double-quoted Python (and TOML) string literal."""
    return json.dumps(text, ensure_ascii=False)


PYPROJECT = """\
[build-system]
requires = ["hatchling>=1.21"]
build-backend = "hatchling.build"

[project]
name = "$distribution"
version = "0.1.0"
description = $description
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["casework>=0.1"]

[project.optional-dependencies]
test = ["pytest>=8"]

# casework loads every entry point of the group "casework": the name is the plugin's name,
# the value the module that holds its hooks.
[project.entry-points.casework]
$kind = "$package"

[tool.hatch.build.targets.wheel]
packages = ["src/$package"]

[tool.pytest.ini_options]
testpaths = ["tests"]
addopts = "-ra --import-mode=importlib"

[tool.mypy]
strict = true
files = ["src"]

[tool.ruff]
line-length = 100
target-version = "py311"

[tool.ruff.lint]
select = ["E", "F", "W", "I", "B", "UP", "SIM", "RUF", "D"]
ignore = ["D203", "D213", "D401", "RUF001", "RUF002", "RUF003"]

[tool.ruff.lint.per-file-ignores]
"tests/**" = ["D"]

[tool.ruff.lint.pycodestyle]
max-line-length = 120
"""

README = """\
# $distribution: $label_zh

A [casework](https://pypi.org/project/casework/) plugin that adds the case kind `$kind`
($label_zh / $label_en). Cases get ids `${code}2024-0001`.

```bash
pip install -e '.[test]'       # install the plugin (and pytest) next to casework
python -m casework kinds       # lists $kind
python -m casework $command    # the plugin's own command
python -m pytest               # run the plugin's tests (casework.testing gives the fixtures)
```

## The workflow

| action | from | to |
|---|---|---|
| `receive` 收到 | (new) | `received` 已收到 (needs one `applicant`) |
| `accept` 受理 | `received` | `accepted` 已受理 (assigns the case number) |
| `deem_accept` 视为受理 | `received` | `accepted` (recorded by the system when `review` runs out) |
| `reject` 不予受理 | `received` | `rejected` 不予受理 |
| `extend` 延长期限 | `accepted` | (same; data: `days`, `approver`) |
| `conclude` 办结 | `accepted` | `concluded` 已办结 (data: `result`, one of `done`, `referred`) |

Clocks: `review` (受理审查期限), 5 working days from `receive`; when it runs out the book
records `deem_accept` as a system event (actor `system`). `handling` (办理期限), 20 working days
from acceptance, stopped by `conclude`, extended once by `extend` (at most 10 days). Replace
them with the periods your rules set, and name the rule in `source=`.

## The report section and the command

Figures: `received`, `accepted`, `rejected`, `concluded`, `referred`. The section is a fold
over the facts casework keeps with each case (`context.facts(KIND)`, each case as it stood on
the report's day): what the report reads off a case beyond its state, events and clocks comes
from `report_facts`, declared on the case type with `facts_version` (raise it when the
projection changes). Edit `report_facts` and `report_sections` in `src/$package/__init__.py`
to write your office's figures and sentence. `python -m casework $command`
prints the open cases of the kind; it opens the book with `casework.cli.open_book_from`.
"""

INIT = """\
\"\"\"$label_zh ($label_en): a casework plugin.

casework finds this module through its entry point (group ``casework``, name ``$kind``)
and calls the hooks marked ``@hookimpl`` below.
\"\"\"

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import click
from casework import (
    NEW,
    Action,
    Case,
    CaseType,
    ClockRule,
    Expiry,
    Label,
    ReportContext,
    ReportSection,
    State,
    Workflow,
    hookimpl,
)
from casework.validators import code_in, not_blank

KIND = "$kind"
\"\"\"The case type's name, as stored on every case.\"\"\"

RESULTS = {"done": Label("办结", "done"), "referred": Label("移送", "referred")}
\"\"\"The codes of a case's result, with their labels.\"\"\"

FACTS_VERSION = 1
\"\"\"The version of :func:`report_facts`: raise it whenever the projection changes.\"\"\"


@attrs.frozen
class Details:
    \"\"\"The fields of a $kind case beyond the generic ones (parties, dates, events).\"\"\"

    subject: str = attrs.field(validator=not_blank)
    result: str | None = None


@attrs.frozen
class Conclusion:
    \"\"\"The data of ``conclude``: the result of handling the case, one of :data:`RESULTS`.\"\"\"

    result: str = attrs.field(validator=code_in(RESULTS))


@attrs.frozen
class Extension:
    \"\"\"The data of ``extend``: how many days, approved by whom (``days`` is required).\"\"\"

    days: int
    approver: str = attrs.field(validator=not_blank)


def _conclude(case: Case, data: Conclusion, on: dt.date) -> Case:
    return attrs.evolve(case, details=attrs.evolve(case.details, result=data.result))


def report_facts(case: Case) -> Iterator[tuple[str, Any]]:
    \"\"\"What the report reads of a case as it stands, besides the facts casework keeps of every case.

    casework keeps every case's state, date closed, events, clocks and flags, dated, and gives the
    report each case's facts as they stood on its day. Yield codes, counts and ISO dates only:
    never a name, an ID number or free text.
    \"\"\"
    if case.details.result is not None:
        yield ("result", case.details.result)


STATES = (
    State("received", Label("已收到", "received")),
    State("accepted", Label("已受理", "accepted")),
    State("rejected", Label("不予受理", "rejected"), final=True),
    State("concluded", Label("已办结", "concluded"), final=True),
)

ACTIONS = (
    Action("receive", Label("收到", "receive"), sources=NEW, target="received"),
    Action("accept", Label("受理", "accept"), sources="received", target="accepted", numbers=True),
    Action(
        "deem_accept",
        Label("视为受理", "deemed accepted"),
        sources="received",
        target="accepted",
        numbers=True,
        system=True,
    ),
    Action("reject", Label("不予受理", "reject"), sources="received", target="rejected"),
    Action("extend", Label("延长期限", "extend"), sources="accepted", data=Extension),
    Action(
        "conclude",
        Label("办结", "conclude"),
        sources="accepted",
        target="concluded",
        data=Conclusion,
        effect=_conclude,
    ),
)

CLOCKS = (
    ClockRule(
        "review",
        Label("受理审查期限", "acceptance review"),
        5,
        "working",
        starts_on="receive",
        stops_on=("accept", "reject"),
        expiry=Expiry(Label("视为受理", "deemed accepted"), action="deem_accept"),
        source="(name the rule that sets this period)",
    ),
    ClockRule(
        "handling",
        Label("办理期限", "handling period"),
        20,
        "working",
        starts_on=("accept", "deem_accept"),
        stops_on="conclude",
        extends_on="extend",
        max_extension=10,
        source="(name the rule that sets this period)",
    ),
)

CASE_TYPE = CaseType(
    name=KIND,
    label=Label($label_zh_q, $label_en_q),
    details=Details,
    code="$code",
    number_format="$code〔{year}〕{seq}号",
    workflows=(
        Workflow(
            "V1",
            dt.date(2000, 1, 1),
            STATES,
            ACTIONS,
            CLOCKS,
        ),
    ),
    fields={
        "subject": Label("事项", "subject"),
        "result": Label("办理结果", "result"),
        "days": Label("延长天数", "days"),
        "approver": Label("批准人", "approver"),
    },
    roles={"applicant": Label("申请人", "applicant"), "agent": Label("代理人", "agent")},
    required_roles={"applicant": 1},
    facts=report_facts,
    facts_version=FACTS_VERSION,
)
\"\"\"The case type this plugin registers.\"\"\"


@hookimpl
def register_case_types(register: Callable[[CaseType], None]) -> None:
    \"\"\"Declare the case type.\"\"\"
    register(CASE_TYPE)


@hookimpl
def report_sections(context: ReportContext) -> ReportSection | None:
    \"\"\"Count the year's cases for the annual report (no section for a year without any).

    A fold over facts: each case of the kind as it stood on ``context.as_of``, never loaded.
    \"\"\"
    cases = [c for c in context.facts(KIND) if c.year == context.year]  # received in the year
    if not cases:
        return None
    concluded = [c for c in cases if c.state == "concluded"]
    figures = {
        "received": len(cases),
        "accepted": sum(1 for c in cases if c.state in ("accepted", "concluded")),
        "rejected": sum(1 for c in cases if c.state == "rejected"),
        "concluded": len(concluded),
        "referred": sum(1 for c in concluded if c.get("result") == "referred"),
    }
    return ReportSection(
        kind=KIND,
        title=CASE_TYPE.label,
        figures=figures,
        text_zh=(
            f"全年共收到{CASE_TYPE.label.zh}{figures['received']}件,"
            f"其中受理{figures['accepted']}件,办结{figures['concluded']}件。",
        ),
        text_en=(
            f"{figures['received']} {CASE_TYPE.label.en} cases were received in the year; "
            f"{figures['accepted']} accepted, {figures['concluded']} concluded.",
        ),
        labels={
            "received": Label("收到", "received"),
            "accepted": Label("受理", "accepted"),
            "rejected": Label("不予受理", "rejected"),
            "concluded": Label("办结", "concluded"),
            "referred": Label("移送", "referred"),
        },
    )


@hookimpl
def register_commands(cli: click.Group) -> None:
    \"\"\"Add ``$command``: the open cases of the kind.\"\"\"

    @cli.command("$command")
    @click.pass_context
    def open_cases(ctx: click.Context) -> None:
        \"\"\"未结$label_zh / the open $label_en cases.\"\"\"
        from casework.cli import open_book_from

        book = open_book_from(ctx)  # refuses a folder that is not a book
        cases = book.find(kind=KIND, open=True)
        click.echo(f"{CASE_TYPE.label.zh}: {len(cases)}")
        for case in cases:
            click.echo(f"{case.id}  {CASE_TYPE.state_label(case.state).zh}  {case.details.subject}")
"""

TEST = """\
\"\"\"Tests of the $kind plugin: run them after installing it (``pip install -e '.[test]'``).

The fixtures (``book``, ``folder_book``) and helpers come from ``casework.testing``, the pytest
plugin installed with casework.
\"\"\"

from __future__ import annotations

import datetime as dt
from importlib.metadata import entry_points
from pathlib import Path

import casework
import pytest
from casework import plugins
from casework.testing import kind_contract, run_cli

KIND = "$kind"
D = dt.date
APPLICANT = [{"role": "applicant", "name": "张三"}]


def _new(book: casework.Book, day: dt.date) -> casework.Case:
    return book.create(
        KIND, received_on=day, parties=APPLICANT, details={"subject": "示例"}, actor="王科员"
    )


def test_plugin_is_installed() -> None:
    names = {ep.name: ep.value for ep in entry_points(group="casework")}
    assert names.get(KIND) == "$package"
    assert KIND in casework.case_types()
    assert plugins.failures() == {}


def test_kind_contract() -> None:
    kind_contract(casework.case_type(KIND))


def test_workflow_and_clock(book: casework.Book) -> None:
    case = _new(book, D(2024, 3, 1))
    assert case.id == "${code}2024-0001"
    assert case.state == "received"
    case = book.act(case.id, "accept", on=D(2024, 3, 4), actor="王科员")
    assert case.number == "$code〔2024〕1号"
    clock = case.clock("handling")
    assert clock is not None
    assert clock.due_on == D(2024, 4, 1)  # 20 working days after Monday 4 March
    assert [c.id for c, _ in book.due(on=D(2024, 4, 2))] == [case.id]
    with pytest.raises(casework.InvalidAction):
        book.act(case.id, "reject", on=D(2024, 3, 5), actor="王科员")
    case = book.act(case.id, "conclude", on=D(2024, 3, 20), actor="王科员", data={"result": "done"})
    assert case.state == "concluded"
    assert case.details.result == "done"
    assert book.due(on=D(2024, 12, 31)) == []


def test_an_expired_review_is_recorded_by_the_system(book: casework.Book) -> None:
    case = _new(book, D(2024, 3, 1))
    case = book.act(case.id, "conclude", on=D(2024, 3, 20), actor="王科员", data={"result": "done"})
    deemed = case.events[1]
    assert (deemed.action, deemed.actor, deemed.system) == ("deem_accept", "system", True)
    assert deemed.on == D(2024, 3, 8)  # the last of 5 working days from Friday 1 March
    assert [e.action for e in case.events] == ["receive", "deem_accept", "conclude"]


def test_extension_once(book: casework.Book) -> None:
    case = _new(book, D(2024, 3, 1))
    book.act(case.id, "accept", on=D(2024, 3, 4), actor="王科员")
    data = {"days": 10, "approver": "李局长"}
    case = book.act(case.id, "extend", on=D(2024, 3, 20), actor="王科员", data=data)
    clock = case.clock("handling")
    assert clock is not None and clock.extended_days == 10
    with pytest.raises(casework.InvalidAction):
        book.act(case.id, "extend", on=D(2024, 3, 21), actor="王科员", data=data)


def test_validators_and_roles(book: casework.Book) -> None:
    with pytest.raises(casework.ValidationError, match="subject"):
        book.create(
            KIND,
            received_on=D(2024, 3, 1),
            parties=APPLICANT,
            details={"subject": " "},
            actor="王科员",
        )
    with pytest.raises(casework.ValidationError, match="applicant"):
        book.create(KIND, received_on=D(2024, 3, 1), details={"subject": "示例"}, actor="王科员")
    case = _new(book, D(2024, 3, 1))
    book.act(case.id, "accept", on=D(2024, 3, 4), actor="王科员")
    with pytest.raises(casework.ValidationError, match="done"):
        book.act(case.id, "conclude", on=D(2024, 3, 5), actor="王科员", data={"result": "x"})


def test_report_section(book: casework.Book) -> None:
    for day in (4, 5):
        _new(book, D(2024, 3, day))
    first = book.find(kind=KIND)[0]
    book.act(first.id, "accept", on=D(2024, 3, 6), actor="王科员")
    report = book.report(2024, as_of=D(2024, 3, 6))
    assert report.to_dict()[KIND] == {
        "received": 2,
        "accepted": 1,
        "rejected": 0,
        "concluded": 0,
        "referred": 0,
    }
    section = report.section(KIND)
    assert section is not None
    assert "其中受理1件" in section.text_zh[0]
    book.act(first.id, "conclude", on=D(2024, 5, 6), actor="王科员", data={"result": "referred"})
    # by the year's end the second review ran out: 视为受理, without any action
    assert book.report(2024).to_dict()[KIND]["accepted"] == 2
    assert book.report(2024).to_dict()[KIND]["referred"] == 1
    assert book.report(2024, as_of=D(2024, 5, 5)).to_dict()[KIND]["referred"] == 0
    assert book.report(2023).section(KIND) is None


def test_command(tmp_path: Path) -> None:
    path = tmp_path / "book"
    assert run_cli(["init"], book=path).exit_code == 0
    with casework.open_book(path) as book:
        case = _new(book, D(2024, 3, 1))
    result = run_cli(["$command"], book=path)
    assert result.exit_code == 0, result.output
    assert case.id in result.stdout and "示例" in result.stdout
    typo = run_cli(["$command"], book=tmp_path / "boook")
    assert typo.exit_code == 1
    assert not (tmp_path / "boook").exists()
"""


def render(names: PluginNames) -> dict[str, str]:
    """Return the skeleton's files: relative path -> text."""
    values = {
        "distribution": names.distribution,
        "package": names.package,
        "kind": names.kind,
        "code": names.code,
        "label_zh": names.label_zh,
        "label_en": names.label_en,
        "label_zh_q": _q(names.label_zh),
        "label_en_q": _q(names.label_en),
        "description": _q(f"{names.label_zh} ({names.label_en}): a casework plugin"),
        "command": f"{names.kind.replace('_', '-')}-open",
    }

    def fill(template: str) -> str:
        return string.Template(template).substitute(values)

    return {
        "pyproject.toml": fill(PYPROJECT),
        "README.md": fill(README),
        f"src/{names.package}/__init__.py": fill(INIT),
        f"src/{names.package}/py.typed": "",
        f"tests/test_{names.kind}.py": fill(TEST),
    }


def scaffold(
    name: str,
    *,
    output: str | Path = ".",
    kind: str | None = None,
    code: str | None = None,
    label_zh: str | None = None,
    label_en: str | None = None,
) -> Path:
    """Write a new plugin package into ``output/casework-<name>``; return that folder.

    Raises :class:`~casework.errors.ValidationError` for a bad name and
    :class:`~casework.errors.StorageError` when the folder already exists (nothing is
    overwritten).
    """
    names = PluginNames.make(name, kind=kind, code=code, label_zh=label_zh, label_en=label_en)
    target = Path(output).expanduser() / names.distribution
    if target.exists():
        raise StorageError(
            tr(f"{target} 已存在,不会覆盖", f"{target} already exists; nothing was overwritten"),
            hint=tr("换一个名字或 --output 目录", "choose another NAME or --output folder"),
        )
    files = render(names)
    target.mkdir(parents=True)
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


@click.command("new-plugin")
@click.argument("name")
@click.option(
    "--output",
    "-o",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False),
    help="写入此目录下的 casework-NAME / parent folder of the new package",
)
@click.option("--kind", help="案件类型名(默认由 NAME 得出)/ the case type's name")
@click.option("--code", help="案件编号前缀,如 PL / the case-id prefix")
@click.option("--label-zh", help="中文名称,如 证明事项告知承诺 / the Chinese label")
@click.option("--label-en", help="英文名称 / the English label")
@click.pass_context
def new_plugin(
    ctx: click.Context,
    name: str,
    output: str,
    kind: str | None,
    code: str | None,
    label_zh: str | None,
    label_en: str | None,
) -> None:
    """新建案件类型插件骨架 / write the skeleton of a case-type plugin package."""
    target = scaffold(
        name, output=output, kind=kind, code=code, label_zh=label_zh, label_en=label_en
    )
    files = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    obj = ctx.find_root().obj
    if isinstance(obj, dict) and obj.get("json"):
        click.echo(json.dumps({"path": str(target), "files": files}, ensure_ascii=False, indent=2))
        return
    click.echo(tr(f"已创建 {target}", f"created {target}"))
    for file in files:
        click.echo(f"  {file}")
    click.echo(
        tr(
            f"下一步: pip install -e '{target}[test]' && python -m pytest {target}",
            f"next: pip install -e '{target}[test]' && python -m pytest {target}",
        )
    )


def register(cli: click.Group) -> None:
    """Add ``new-plugin`` to the command line."""
    cli.add_command(new_plugin)
