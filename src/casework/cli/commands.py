"""The built-in commands of ``python -m casework``; :func:`register` adds them to the group.

Only click is imported here: rich, openpyxl and the core's heavier modules are imported inside
the command functions, so ``python -m casework --help`` stays quick. Each command prints a rich
view, or with ``--json`` the same facts as JSON (see :mod:`casework.cli.facts`).
"""

from __future__ import annotations

from typing import Any

import click

from casework.cli.completion import complete_action, complete_case, complete_kind, complete_state
from casework.cli.context import env, stdin_is_tty, today


def register(cli: click.Group) -> None:
    """Add the built-in commands to ``cli``."""
    from casework.cli.holidays import calendar_command

    for command in (
        calendar_command,
        init,
        kinds,
        plugins_command,
        new,
        act,
        show,
        list_command,
        due,
        dashboard,
        report,
        lapse_command,
        import_command,
        export,
    ):
        cli.add_command(command)


ON_HELP = "以该日为准(默认今天)/ as of this date (default today)"
UNMASK_HELP = "显示完整身份证号和电话 / show ID and phone numbers unmasked"


# -- the book and the installation -------------------------------------------------------------


LOCALITY_OPTIONS = (
    ("level", "级别:市、县或区(默认取名称末字)/ level: 市, 县 or 区"),
    ("short", "简称,用于案号(默认取名称首字)/ short name for case numbers"),
    ("government", "人民政府全称 / the government's name"),
    ("bureau", "司法局全称 / the justice bureau's name"),
    ("court", "基层人民法院全称 / the basic court's name"),
    ("procuratorate", "人民检察院全称 / the procuratorate's name"),
)


@click.command()
@click.option("--locality", help="本地名称,如 清河县 / the locality's name, e.g. 清河县")
@click.option("--level", help=LOCALITY_OPTIONS[0][1])
@click.option("--short", help=LOCALITY_OPTIONS[1][1])
@click.option("--government", help=LOCALITY_OPTIONS[2][1])
@click.option("--bureau", help=LOCALITY_OPTIONS[3][1])
@click.option("--court", help=LOCALITY_OPTIONS[4][1])
@click.option("--procuratorate", help=LOCALITY_OPTIONS[5][1])
@click.option(
    "--upgrade",
    is_flag=True,
    help="升级服务器案件簿的表结构 / migrate a server book's tables to this version",
)
def init(locality: str | None, upgrade: bool, **names: str | None) -> None:
    """新建案件簿并设置本地信息 / create the book (--book: a folder or postgresql://…).

    At a terminal it asks for the locality's name and offices; scripts give ``--locality 清河县``
    and, where they differ from the derived defaults, the other options. Given for an existing
    book, the options replace its locality settings.
    """
    from pathlib import Path

    from casework.i18n import tr
    from casework.stores import postgres

    e = env()
    is_server = postgres.is_url(e.book_path)
    existed = is_server or (Path(e.book_path).expanduser() / "book.json").exists()
    if locality is None and not existed and not e.as_json and stdin_is_tty():
        locality, names = _ask_locality(names)
    settings = None
    if locality is not None or any(names.values()):
        settings = _locality_settings(locality, names)
    if is_server:
        from casework.book import Book
        from casework.deadlines import Calendar
        from casework.errors import StorageError

        try:
            postgres.PostgresStore(e.book_path, create=False).close()
            existed = True
        except StorageError:
            existed = False
        store = postgres.PostgresStore(e.book_path, create=True, upgrade=upgrade)
        book = Book(store, Calendar(), root=None)
        e.adopt(book)
    else:
        book = e.book(create=True)
    path = book.location
    if settings is not None:
        book.configure(settings, _numbering(settings))
    if e.as_json:
        e.emit({"book": path, "created": not existed, "locality": book.locality.to_dict()})
        return
    if existed:
        e.note(tr(f"案件簿已存在: {path}", f"the book already exists: {path}"), "yellow")
        if settings is not None:
            e.note(tr("已更新本地设置", "updated the locality settings"))
    else:
        e.note(tr(f"已创建案件簿: {path}", f"created the book: {path}"))
    where = book.locality
    e.note(
        tr(
            f"本地: {where.display_name}({where.government_name},{where.bureau_name});"
            f"案号示例: {book.number_format('reconsideration') or '—'}",
            f"locality: {where.display_name} ({where.government_name}, {where.bureau_name}); "
            f"case numbers like {book.number_format('reconsideration') or '—'}",
        )
        if "reconsideration" in _kinds()
        else tr(
            f"本地: {where.display_name}({where.government_name})",
            f"locality: {where.display_name} ({where.government_name})",
        )
    )


def _kinds() -> dict[str, Any]:
    from casework import plugins

    return plugins.case_types()


def _locality_settings(name: str | None, names: dict[str, str | None]) -> Any:
    from casework.errors import ValidationError
    from casework.i18n import tr
    from casework.locality import from_options

    if not name or not name.strip():
        raise ValidationError(
            tr("缺少本地名称", "the locality's name is missing"),
            problems=[tr("--locality: 须填写,如 清河县", "--locality: give it, e.g. 清河县")],
        )
    return from_options(name, **names)


def _ask_locality(names: dict[str, str | None]) -> tuple[str, dict[str, str | None]]:
    from casework.i18n import tr
    from casework.locality import derive, from_options

    name = ""
    while not name.strip():
        name = click.prompt(
            tr("本地名称(如 清河县)", "the locality's name (e.g. 清河县)"), err=True
        )
    level, short = derive(name, names.get("level"), names.get("short"))
    level = click.prompt(tr("级别(市/县/区)", "level (市/县/区)"), default=level, err=True)
    short = click.prompt(tr("简称(用于案号)", "short name (case numbers)"), default=short, err=True)
    draft = from_options(
        name,
        level=level,
        short=short,
        **{k: names.get(k) for k in ("government", "bureau", "court", "procuratorate")},
    )
    answers: dict[str, str | None] = {"level": level, "short": short}
    for key, default in (
        ("government", draft.government_name),
        ("bureau", draft.bureau_name),
        ("court", draft.court_name),
        ("procuratorate", draft.procuratorate_name),
    ):
        label = dict(LOCALITY_OPTIONS)[key].split(" / ")
        answers[key] = names.get(key) or click.prompt(
            tr(label[0], label[1]), default=default, err=True
        )
    return name, answers


def _numbering(settings: Any) -> dict[str, str]:
    """The case-number format of every installed kind that numbers its cases, for ``settings``."""
    from casework.locality import number_format

    out: dict[str, str] = {}
    for name, case_type in sorted(_kinds().items()):
        fmt = number_format(case_type.number_format, settings)
        if fmt:
            out[name] = fmt
    return out


@click.command()
@click.argument("kind", required=False, shell_complete=complete_kind)
@click.option(
    "--fields", "fields_only", is_flag=True, help="只列建档时填写的字段 / only the intake fields"
)
def kinds(kind: str | None, fields_only: bool) -> None:
    """列出案件类型、规则、状态和操作;KIND 只看一类 / every case kind, or only KIND.

    KIND 可写名称或中文名(如 行政复议);--fields 列出建档时填写的每个字段(嵌套字段用点号路径),
    含类型、可选值和示例。
    """
    from casework import plugins
    from casework.cli import views
    from casework.cli.choose import kind_name, ordered_kinds
    from casework.cli.facts import action_fact, data_fields, field_fact, intake_paths
    from casework.labels import period_text

    e = env()
    only = kind_name(kind, None)
    out = []
    failures = plugins.failures()
    for name, case_type in ordered_kinds(plugins.case_types()):
        if only is not None and name != only:
            continue
        entries = case_type.workflows[-1].entry_actions()
        intake = {
            "details": [field_fact(case_type, p) for p in intake_paths(case_type)],
            "entry": [
                {
                    "action": a.name,
                    "label": a.label.get(e.lang),
                    "data": [
                        field_fact(case_type, f["name"], action=a.name) for f in data_fields(a.data)
                    ],
                }
                for a in entries
                if a.data is not None
            ],
        }
        regimes = []
        for workflow in case_type.workflows:
            states = {s.name: s.label.get(e.lang) for s in workflow.states}
            actions = []
            for action in workflow.actions:
                fact = action_fact(name, action, e.lang)
                sources = sorted(action.sources, key=lambda s: (s != "@new", s))
                fact.update(
                    sources=sources,
                    from_labels=["—" if s == "@new" else states.get(s, s) for s in sources],
                    to_label=states.get(action.target, "") if action.target else "",
                    system=action.system,
                    numbers=action.numbers,
                )
                actions.append(fact)
            regimes.append(
                {
                    "name": workflow.name,
                    "effective_from": workflow.effective_from.isoformat(),
                    "label": workflow.label.get(e.lang) if workflow.label else None,
                    "states": [
                        {"name": s.name, "label": s.label.get(e.lang), "final": s.final}
                        for s in workflow.states
                    ],
                    "actions": actions,
                    "clocks": [
                        {
                            "name": r.name,
                            "label": r.label.get(e.lang),
                            "length": r.length,
                            "unit": r.unit,
                            "period": period_text(r.length, r.unit),
                            "planning": r.planning,
                            "source": r.source,
                        }
                        for r in workflow.clocks
                    ],
                }
            )
        out.append(
            {
                "name": name,
                "label": case_type.label.get(e.lang),
                "code": case_type.code,
                "version": case_type.version,
                "fields": {k: v.get(e.lang) for k, v in case_type.fields.items()},
                "roles": {k: v.get(e.lang) for k, v in case_type.roles.items()},
                "required_roles": dict(case_type.required_roles),
                "regimes": regimes,
                "intake": intake,
            }
        )
    if e.as_json:
        e.emit(out)
    elif fields_only:
        e.show(views.intake_view(out))
    else:
        e.show(views.kinds_view(out, with_fields=only is not None, width=e.out.width))
    _warn_failures(failures)


def _warn_failures(failures: dict[str, str]) -> None:
    """One yellow line on standard error per plugin that failed to load or was refused."""
    from casework.i18n import tr

    e = env()
    for name, error in sorted(failures.items()):
        e.note(tr(f"插件 {name} 加载失败: {error}", f"plugin {name} failed: {error}"), "yellow")


@click.command("plugins")
@click.option("--all", "show_all", is_flag=True, help="包括内置插件 / include the built-in plugins")
@click.option("--hook", help="只列出实现该钩子的插件 / only plugins implementing this hook")
def plugins_command(show_all: bool, hook: str | None) -> None:
    """列出已安装的插件和加载失败的插件 / installed plugins and any that failed to load."""
    from casework import plugins
    from casework.cli import views

    e = env()
    infos = plugins.get_plugins()
    if hook:
        infos = [p for p in infos if hook in p.hooks]
    builtin = [p for p in infos if p.builtin]
    listed = infos if show_all else [p for p in infos if not p.builtin]
    failures = plugins.failures()
    facts = [
        {
            "name": p.name,
            "distribution": p.distribution,
            "version": p.version,
            "hooks": list(p.hooks),
            "case_types": list(p.case_types),
            "builtin": p.distribution == "casework",
        }
        for p in listed
    ]
    if e.as_json:
        e.emit({"plugins": facts, "failures": failures})
    else:
        for fact, info in zip(facts, listed, strict=True):
            fact["case_type_labels"] = [_kind_label(n, e.lang) for n in info.case_types]
        e.show(views.plugins_view(facts, failures, 0 if show_all else len(builtin)))
    if failures:
        click.get_current_context().exit(1)


def _kind_label(name: str, lang: str) -> str:
    from casework.cli.facts import kind_label

    return kind_label(name).get(lang)


# -- one case ----------------------------------------------------------------------------------


@click.command()
@click.argument("kind", shell_complete=complete_kind)
@click.option(
    "--received-on", help="收案日期 YYYY-MM-DD(默认今天)/ date of receipt (default today)"
)
@click.option("--actor", envvar="CASEWORK_ACTOR", help="经办人 / who records it [CASEWORK_ACTOR]")
@click.option(
    "--party",
    "party_specs",
    multiple=True,
    help="当事人 身份:姓名[:身份证号[:电话]](可重复)/ role:name[:id_number[:phone]], repeatable",
)
@click.option("--party-json", help='当事人 JSON 列表 / parties as JSON: [{"role":..,"name":..}]')
@click.option("--set", "sets", multiple=True, help="案件信息 字段=值(可重复)/ details field=value")
@click.option("--details-json", help="案件信息 JSON / details as a JSON object")
@click.option("--details-file", type=click.Path(dir_okay=False), help="案件信息 JSON 文件 / file")
@click.option(
    "--from-file",
    "from_file",
    type=click.Path(dir_okay=False, exists=True),
    help="整件案件的 TOML 或 JSON 文件 / the whole case from a TOML or JSON file",
)
@click.option("--action", help="建档操作(有多个时)/ the entry action, when the kind has several")
@click.option(
    "--data", "data_pairs", multiple=True, help="操作数据 字段=值 / action data field=value"
)
@click.option("--data-json", help="操作数据 JSON / action data as JSON")
@click.option("--note", default="", help="备注 / a note")
@click.option("--unmask", is_flag=True, help=UNMASK_HELP)
def new(
    kind: str,
    received_on: str | None,
    actor: str | None,
    party_specs: tuple[str, ...],
    party_json: str | None,
    sets: tuple[str, ...],
    details_json: str | None,
    details_file: str | None,
    from_file: str | None,
    action: str | None,
    data_pairs: tuple[str, ...],
    data_json: str | None,
    note: str,
    unmask: bool,
) -> None:
    """新建 KIND 类案件 / open a case of KIND (asks for what is missing at a terminal).

    KIND 可写名称或中文名。代码字段可填代码或中文名(如 act.category=行政处罚)。
    --from-file 读取整件案件: received_on、actor、parties、details、action、data、note。
    用 `casework kinds KIND --fields` 查看建档字段。
    """
    from rich.prompt import Prompt

    from casework.cli import inputs
    from casework.cli.choose import ask_choice, kind_options
    from casework.cli.facts import intake_paths
    from casework.cli.intake import Asker, data_paths
    from casework.i18n import tr

    e = env()
    kind = next((n for n, label in kind_options() if kind in (label.zh, label.en)), kind)
    book = e.book()
    case_type = book.case_type(kind)
    asking = stdin_is_tty()
    asker = Asker(e.err, case_type, book)
    whole = inputs.load_case_file(from_file) if from_file else {}
    received_on = received_on or whole.get("received_on")
    actor = actor or whole.get("actor")
    action = action or whole.get("action")
    note = note or str(whole.get("note", ""))
    if received_on is None and asking:
        received_on = Prompt.ask(
            tr("收案日期", "date of receipt"), console=e.err, default=today().isoformat()
        )
    received = inputs.parse_date(str(received_on or today()), "--received-on")
    actor = _actor(actor, asking)
    parties: list[Any] = [
        {**p, "role": inputs.role_name(str(p.get("role", "")), case_type)}
        if isinstance(p, dict)
        else p
        for p in whole.get("parties", [])
    ]
    parties += [inputs.parse_party(spec, case_type) for spec in party_specs]
    if party_json:
        loaded = inputs.load_json(party_json, "--party-json")
        parties.extend(loaded if isinstance(loaded, list) else [loaded])
    if not parties and asking and case_type.roles:
        e.err.print(tr("[bold]当事人[/]", "[bold]Parties[/]"))
        parties = asker.ask_parties()
    raw: dict[str, Any] = dict(whole.get("details", {}))
    for source, what in ((details_file, "--details-file"), (details_json, "--details-json")):
        if source:
            loaded = (
                inputs.load_json_file(source, what)
                if what == "--details-file"
                else inputs.load_json(source, what)
            )
            if not isinstance(loaded, dict):
                raise _not_object(what)
            raw.update(loaded)
    raw.update(inputs.parse_pairs(sets, "--set"))
    details = inputs.coerce(case_type.details, raw, "details", case_type=case_type, book=book)
    paths = intake_paths(case_type)
    if asking and paths:
        e.err.print(tr("[bold]案件信息[/]", "[bold]Details[/]"))
        asker.ask_paths(case_type.details, paths, details)
    inputs.missing_error(
        tr("案件信息", "details"),
        inputs.missing_required(case_type.details, details),
        case_type.fields,
        "--set",
    )
    entries = case_type.workflow_for(received).entry_actions()
    if action is None and len(entries) > 1 and asking:
        action = ask_choice(
            e.err, tr("如何建档?", "How does it open?"), [(a.name, a.label) for a in entries]
        )
    if action is not None:
        from casework.cli.choose import pick

        action = pick(action, [(a.name, a.label) for a in entries], tr("建档操作", "action"))
    chosen = next((a for a in entries if a.name == (action or entries[0].name)), None)
    if whole.get("data") and not data_json:
        data_json = _json_text(whole["data"])
    data = _data(e, case_type, chosen, data_pairs, data_json, asking) if chosen else None

    def attempt() -> Any:
        return book.create(
            kind,
            received_on=received,
            parties=parties,
            details=details,
            actor=actor,
            action=action,
            data=data,
            note=note,
        )

    if asking:
        answers: list[tuple[type | None, str, str | None, dict[str, Any]]] = [
            (case_type.details, p, None, details) for p in paths
        ]
        if chosen is not None and chosen.data is not None and data is not None:
            answers += [(chosen.data, p, chosen.name, data) for p in data_paths(chosen.data)]
        case = asker.retry(attempt, answers)
    else:
        case = attempt()
    # the card counts days left from today, whatever the date of receipt
    _print_case(book.get(case.id), today(), unmask)
    if not e.as_json:
        e.note(tr(f"已建档 {case.id}", f"opened {case.id}"))


def _json_text(value: Any) -> str:
    from casework.cli.context import dumps

    return dumps(value)


def _actor(actor: str | None, asking: bool) -> str:
    from casework.errors import ValidationError
    from casework.i18n import tr

    if actor:
        return actor
    if asking:
        from rich.prompt import Prompt

        while not actor or not actor.strip():
            actor = Prompt.ask(tr("经办人", "actor (who records this)"), console=env().err)
        return actor.strip()
    raise ValidationError(
        tr("缺少经办人", "who is acting is missing"),
        problems=["--actor"],
        hint=tr("用 --actor 姓名 或设置 CASEWORK_ACTOR", "give --actor NAME or set CASEWORK_ACTOR"),
    )


def _not_object(what: str) -> Exception:
    from casework.errors import ValidationError
    from casework.i18n import tr

    return ValidationError(
        tr(f"{what} 应为 JSON 对象", f"{what} must hold a JSON object"),
        hint=tr('如 {"字段": "值"}', 'e.g. {"field": "value"}'),
    )


def _data(
    e: Any,
    case_type: Any,
    action: Any,
    pairs: tuple[str, ...],
    data_json: str | None,
    asking: bool,
) -> dict[str, Any] | None:
    """The data of ``action`` from --data-json and --data, asking for the rest at a terminal."""
    from casework.cli import inputs
    from casework.cli.intake import Asker, data_paths
    from casework.i18n import tr

    raw: dict[str, Any] = {}
    if data_json:
        loaded = inputs.load_json(data_json, "--data-json")
        if not isinstance(loaded, dict):
            raise _not_object("--data-json")
        raw.update(loaded)
    raw.update(inputs.parse_pairs(pairs, "--data"))
    data = inputs.coerce(
        action.data, raw, "data", case_type=case_type, action=action.name, book=e.book()
    )
    if action.data is None:
        return data or None
    if asking:
        e.err.print(
            tr(f"[bold]{action.label.zh}所需数据[/]", f"[bold]Data for {action.label.en}[/]")
        )
        Asker(e.err, case_type, e.book()).ask_paths(
            action.data, data_paths(action.data), data, action=action.name
        )
    inputs.missing_error(
        tr(f"操作 {action.label.zh}({action.name})的数据", f"data of {action.name}"),
        inputs.missing_required(action.data, data),
        {
            k: _data_label(case_type, action.name, k)
            for k in inputs.missing_required(action.data, data)
        },
        "--data",
    )
    return data


def _data_label(case_type: Any, action: str, field: str) -> Any:
    from casework.labels import field_label

    return field_label(case_type, field, action=action)


def _print_case(case: Any, on: Any, unmask: bool) -> None:
    from casework.cli import views
    from casework.cli.facts import case_fact, shown_data, shown_details
    from casework.plugins import case_type

    e = env()
    fact = case_fact(case, on, e.lang, unmask)
    if e.as_json:
        e.emit(fact)
        return
    ct = case_type(case.kind)
    states = {s.name: s.label.get(e.lang) for s in ct.states()}
    book = e.book()
    fact["details_shown"] = shown_details(ct, fact["details"], book, unmask)
    for event in fact["events"]:
        event["data_shown"] = shown_data(ct, event["action"], event["data"], book, unmask)
    e.show(
        views.case_card(
            fact,
            field_labels={k: v.get(e.lang) for k, v in ct.fields.items()},
            role_labels={k: v.get(e.lang) for k, v in ct.roles.items()},
            state_labels=states,
        )
    )


@click.command()
@click.argument("case_id", shell_complete=complete_case)
@click.argument("action", required=False, shell_complete=complete_action)
@click.option("--on", "on_", help="操作日期(默认今天)/ date of the action (default today)")
@click.option("--actor", envvar="CASEWORK_ACTOR", help="经办人 / who acts [CASEWORK_ACTOR]")
@click.option(
    "--data", "data_pairs", multiple=True, help="操作数据 字段=值 / action data field=value"
)
@click.option("--data-json", help="操作数据 JSON / action data as JSON")
@click.option("--note", default="", help="备注 / a note")
@click.option(
    "--expect-version",
    type=int,
    help="你读到的案件版本;已被他人修改则拒绝 / refuse if the case changed since this version",
)
@click.option("--unmask", is_flag=True, help=UNMASK_HELP)
def act(
    case_id: str,
    action: str | None,
    on_: str | None,
    actor: str | None,
    data_pairs: tuple[str, ...],
    data_json: str | None,
    note: str,
    expect_version: int | None,
    unmask: bool,
) -> None:
    """对案件 CASE_ID 办理操作 ACTION / take ACTION on a case (offers the allowed ones)."""
    from casework.cli import inputs
    from casework.errors import ConflictError
    from casework.i18n import tr

    e = env()
    book = e.book()
    on = inputs.parse_date(on_, "--on") if on_ else today()
    # the case as it stands on the action's day (e.g. 视为受理 once the review ran out): the
    # book records those lapses first, then the action; offer what is allowed then
    case = book.get(case_id.strip().upper(), on=on)
    case_type = book.case_type(case.kind)
    allowed = book.allowed_actions(case, on=on)
    asking = stdin_is_tty()
    if not allowed:
        from casework.errors import InvalidAction

        raise InvalidAction(
            tr(f"案件 {case.id} 已结案,没有可做的操作", f"case {case.id} is closed: no action")
            if not case.open
            else tr(f"案件 {case.id} 于 {on} 没有可做的操作", f"case {case.id}: no action on {on}"),
            state=case.state,
            hint=tr("用 show 查看案件", "see it with 'show'"),
        )
    if action is None:
        if not asking:
            names = ", ".join(f"{a.name}({a.label.get()})" for a in allowed)
            raise click.UsageError(
                tr(f"缺少操作 ACTION;当前可用: {names}", f"missing ACTION; allowed now: {names}")
            )
        action = inputs.choose_action(e.err, allowed, case.kind, tr("办理什么?", "Which action?"))
    action = _action_name(action, allowed)
    actor = _actor(actor, asking)
    chosen = case_type.workflow(case.regime).action(action)
    data = (
        _data(e, case_type, chosen, data_pairs, data_json, asking and chosen in allowed)
        if chosen is not None and chosen in allowed
        else None
    )
    attempts = 1 if expect_version is not None else 2
    for attempt in range(attempts):
        try:
            case = book.act(
                case.id,
                action,
                on=on,
                actor=actor,
                data=data,
                note=note,
                expected_version=expect_version,
            )
            break
        except ConflictError:
            if attempt + 1 == attempts:
                raise
    # the card shows the case today, days left counted from today
    _print_case(book.get(case.id), today(), unmask)
    if not e.as_json:
        label = case_type.action_label(action).get()
        e.note(tr(f"已办理 {label}: {case.id}", f"done: {label} on {case.id}"))


def _action_name(given: str, allowed: list[Any]) -> str:
    """The action's name, accepting its label in either language."""
    for action in allowed:
        if given in (action.name, action.label.zh, action.label.en):
            return str(action.name)
    return given


@click.command()
@click.argument("case_id", shell_complete=complete_case)
@click.option("--on", "on_", help=ON_HELP)
@click.option("--unmask", is_flag=True, help=UNMASK_HELP)
def show(case_id: str, on_: str | None, unmask: bool) -> None:
    """显示案件卡片:当事人、案件信息、期限、经过 / the case card."""
    from casework.cli.inputs import parse_date
    from casework.errors import KindUnavailable

    e = env()
    book = e.book()
    on = parse_date(on_, "--on") if on_ else today()
    try:
        case = book.get(case_id.strip().upper(), on=on)
    except KindUnavailable as exc:
        _print_record(book.record(case_id.strip().upper()), exc, unmask)
        return
    _print_case(case, on, unmask)


def _print_record(record: dict[str, Any], why: Any, unmask: bool) -> None:
    """A case whose kind's plugin is not loaded: its stored record as plain JSON, and why."""
    from casework.cli.context import dumps
    from casework.i18n import tr
    from casework.personal import mask_data

    e = env()
    shown = record if unmask else mask_data(record)
    if e.as_json:
        e.emit({"record": shown, "unavailable": why.message})
        return
    e.note(
        tr(
            f"仅显示原始记录,不能办理: {why.message}",
            f"showing the raw record only; it cannot be acted on: {why.message}",
        ),
        "yellow",
    )
    click.echo(dumps(shown))


# -- many cases --------------------------------------------------------------------------------


@click.command("list")
@click.option(
    "--kind", shell_complete=complete_kind, help="案件类型(名称或中文名)/ case kind (name or label)"
)
@click.option(
    "--state", shell_complete=complete_state, help="状态(名称或中文名)/ state (name or label)"
)
@click.option("--year", type=int, help="收案年度 / year of receipt")
@click.option("--open/--closed", "open_", default=None, help="未结 / 已结 — open or closed")
@click.option("--assignee", help="经办人(最近一次操作人)/ actor of the latest event")
@click.option("--overdue", is_flag=True, help="只列逾期案件 / only cases past a period")
@click.option("--on", "on_", help=ON_HELP)
@click.option(
    "--page", type=click.IntRange(min=1), default=1, show_default=True, help="第几页 / page number"
)
@click.option(
    "--per-page",
    type=click.IntRange(1, 1000),
    default=50,
    show_default=True,
    help="每页件数 / cases per page",
)
@click.option("--unmask", is_flag=True, help=UNMASK_HELP)
def list_command(
    kind: str | None,
    state: str | None,
    year: int | None,
    open_: bool | None,
    assignee: str | None,
    overdue: bool,
    on_: str | None,
    page: int,
    per_page: int,
    unmask: bool,
) -> None:
    """列出案件(可筛选、分页)/ list cases, filtered and paged."""
    from casework.cli import views
    from casework.cli.choose import kind_name, state_names
    from casework.cli.facts import case_row
    from casework.cli.inputs import parse_date
    from casework.cli.listing import select

    e = env()
    kind = kind_name(kind)
    states = state_names(state, kind)
    book = e.book()
    on = parse_date(on_, "--on") if on_ else today()
    ids = select(
        book,
        kind=kind,
        state=states,
        year=year,
        open_=open_,
        assignee=assignee,
        overdue_on=on if overdue else None,
        on=on,
    )
    total = len(ids)
    pages = max(1, -(-total // per_page))
    chosen = ids[(page - 1) * per_page : page * per_page]
    rows = [case_row(book.get(i, on=on), on, e.lang, unmask) for i in chosen]
    if e.as_json:
        e.emit({"total": total, "page": page, "pages": pages, "per_page": per_page, "cases": rows})
    else:
        e.show(views.case_list(rows, page=page, pages=pages, total=total, width=e.out.width))


@click.command()
@click.option("--on", "on_", help=ON_HELP)
@click.option(
    "--within",
    type=click.IntRange(min=0),
    default=7,
    show_default=True,
    help="天内到期 / due within this many days",
)
@click.option(
    "--kind", shell_complete=complete_kind, help="案件类型(名称或中文名)/ case kind (name or label)"
)
@click.option("--planning", is_flag=True, help="包括他方(法院)期限 / include other bodies' periods")
@click.option("--unmask", is_flag=True, help=UNMASK_HELP)
def due(on_: str | None, within: int, kind: str | None, planning: bool, unmask: bool) -> None:
    """期限看板:各类案件的到期期限,最紧急的在前 / the deadline board, most urgent first."""
    from casework.cli import views
    from casework.cli.choose import kind_name
    from casework.cli.facts import due_fact
    from casework.cli.inputs import parse_date

    e = env()
    kind = kind_name(kind)
    book = e.book()
    if kind is not None:
        book.case_type(kind)
    on = parse_date(on_, "--on") if on_ else today()
    pairs = book.due(on=on, within_days=within, kind=kind, include_planning=planning)
    rows = [due_fact(case, clock, on, e.lang, unmask) for case, clock in pairs]
    if e.as_json:
        e.emit({"on": on.isoformat(), "within": within, "due": rows})
    else:
        e.show(views.due_board(rows, on=on.isoformat(), width=e.out.width))


@click.command()
@click.option("--on", "on_", help=ON_HELP)
def dashboard(on_: str | None) -> None:
    """总览:本周到期、各类型各状态件数、每月收案、逾期数 / due this week, counts, intake."""
    from casework.cli import views
    from casework.cli.facts import due_fact
    from casework.cli.inputs import parse_date
    from casework.cli.listing import dashboard_facts

    e = env()
    on = parse_date(on_, "--on") if on_ else today()
    book = e.book()
    week = book.due(on=on, within_days=7)
    due_rows = [due_fact(c, clock, on, e.lang, False) for c, clock in week]
    facts = dashboard_facts(book, on, e.lang, due_rows=due_rows, due_week=week)
    if e.as_json:
        e.emit(facts)
    else:
        e.show(views.dashboard(facts))


# -- the year's report, import and export ------------------------------------------------------


@click.command()
@click.option("--year", type=int, required=True, help="年度 / the year")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "xlsx", "docx"]),
    help="写入文件的格式 / file format",
)
@click.option("--output", type=click.Path(dir_okay=False), help="输出文件 / output file")
@click.option(
    "--as-of",
    "as_of",
    help="统计截至该日(默认:往年12月31日,本年今天)/ count as of this day "
    "(default: 31 December of a past year, today for this year)",
)
def report(year: int, fmt: str | None, output: str | None, as_of: str | None) -> None:
    """年度统计报告 / the annual report of YEAR, on screen or written to a file."""
    from casework.cli.inputs import parse_date
    from casework.cli.reporting import run_report

    run_report(env(), year, fmt, output, parse_date(as_of, "--as-of") if as_of else None)


@click.command("lapse")
@click.option("--on", "on_", help=ON_HELP)
def lapse_command(on_: str | None) -> None:
    """登记期限届满的法律后果(如视为受理)/ record what the law makes of periods that ran out.

    Every view already shows these effects; this writes them into the cases' histories, e.g.
    from a nightly job.
    """
    from casework.cli.inputs import parse_date
    from casework.i18n import tr

    e = env()
    book = e.book()
    on = parse_date(on_, "--on") if on_ else today()
    events = book.lapse(on=on)
    if e.as_json:
        e.emit(
            {
                "on": on.isoformat(),
                "recorded": [
                    {"action": ev.action, "on": ev.on.isoformat(), "note": ev.note} for ev in events
                ],
            }
        )
        return
    e.note(tr(f"已登记 {len(events)} 项期限届满的后果", f"recorded {len(events)} lapse(s)"))


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", help="文件没有 kind 列时的案件类型 / kind for rows without a kind column")
@click.option("--actor", envvar="CASEWORK_ACTOR", help="没有 actor 列时的经办人 / default actor")
@click.option("--allow-duplicates", is_flag=True, help="疑似重复也导入 / import likely duplicates")
@click.option("--dry-run", is_flag=True, help="只校验不写入 / validate only, write nothing")
def import_command(
    file: str, kind: str | None, actor: str | None, allow_duplicates: bool, dry_run: bool
) -> None:
    """导入案件(CSV、XLSX、JSON),先校验全部行 / import cases; nothing is written if a row is bad."""
    from casework.cli.transfer import run_import

    run_import(env(), file, kind, actor, allow_duplicates, dry_run)


@click.command()
@click.option("--kind", help="案件类型 / case kind")
@click.option("--year", type=int, help="收案年度 / year of receipt")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv", "xlsx"]), help="默认按文件扩展名 / format"
)
@click.option("--output", required=True, type=click.Path(dir_okay=False), help="输出文件 / file")
@click.option("--unmask", is_flag=True, help=UNMASK_HELP)
@click.option(
    "--with-history",
    is_flag=True,
    help="附操作记录,导入时按记录重建 / add each case's history, from which import re-creates it",
)
def export(
    kind: str | None,
    year: int | None,
    fmt: str | None,
    output: str,
    unmask: bool,
    with_history: bool,
) -> None:
    """导出案件(JSON、CSV、XLSX),原子写入 / export cases; the file is written atomically."""
    from casework.cli.transfer import run_export

    run_export(env(), kind, year, fmt, output, unmask, with_history)
