"""The plugin manager: built-in case kinds and third-party plugins alike load from entry points.

Every distribution that declares ``[project.entry-points.casework]`` is loaded (the built-in
kinds in ``plugins/`` are ordinary entry points of this distribution). A plugin that fails to
import, or implements a hook that does not exist (a misspelling), is unregistered and reported by
name with its error; the others keep working.

Registration is the gate: the built-in kinds register first, then third-party plugins in
entry-point order (then plugins registered in code). A kind name or case-id code belongs to the
first plugin that declares it; a later plugin declaring it again, or declaring anything invalid
(see :mod:`casework.declarations`), is refused whole (none of its hooks run) and reported by
:func:`failures` under its own name, naming the plugin that holds the name. Environment
variables:

- ``CASEWORK_LOAD_PLUGINS``: a comma list of entry-point names to load (empty: load none).
- ``CASEWORK_DISABLE_PLUGINS``: a comma list of entry-point names not to load.
- ``CASEWORK_TRACE_PLUGINS``: print every hook call to standard error.
"""

from __future__ import annotations

import difflib
import os
import sys
import threading
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import attrs
import pluggy

from casework import hookspecs
from casework.errors import CaseworkError, KindUnavailable, PluginError, UnknownKind
from casework.i18n import tr
from casework.workflow import CaseType

GROUP = "casework"

pm = pluggy.PluginManager(GROUP)
pm.add_hookspecs(hookspecs)

_lock = threading.RLock()
_loaded = False
_failures: dict[str, str] = {}
_refused: dict[str, str] = {}
_dists: dict[str, tuple[str, str]] = {}
_case_types: dict[str, CaseType] | None = None
_owners: dict[str, str] = {}
_rank: dict[str, tuple[int, int]] = {}
BUILTIN_DISTRIBUTION = "casework"


@attrs.frozen
class PluginInfo:
    """An installed plugin: its name, distribution and version, and the hooks it implements."""

    name: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]
    case_types: tuple[str, ...]

    @property
    def builtin(self) -> bool:
        """Whether the plugin ships with casework itself (one of the built-in case kinds)."""
        return self.distribution == "casework"


def _env_list(name: str) -> list[str] | None:
    value = os.environ.get(name)
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def _trace() -> None:
    def before(hook_name: str, impls: Any, kwargs: Any) -> None:
        names = [impl.plugin_name for impl in impls]
        print(f"casework hook {hook_name}({', '.join(kwargs)}) -> {names}", file=sys.stderr)

    def after(outcome: Any, hook_name: str, impls: Any, kwargs: Any) -> None:
        return None

    pm.add_hookcall_monitoring(before, after)


def _hook_problem(plugin: object) -> str | None:
    known = {name for name in dir(pm.hook) if not name.startswith("_")}
    for impl_name in dir(plugin):
        attr = getattr(plugin, impl_name, None)
        if getattr(attr, "casework_impl", None) is None:
            continue
        if impl_name not in known:
            close = difflib.get_close_matches(impl_name, sorted(known), n=1)
            hint = tr(f"(是否应为 {close[0]}?)", f" (did you mean {close[0]}?)") if close else ""
            return tr(
                f"实现了不存在的钩子 {impl_name}{hint}",
                f"implements unknown hook {impl_name}{hint}",
            )
    return None


def _register(plugin: object, name: str, *, builtin: bool = False) -> None:
    problem = _hook_problem(plugin)
    if problem:
        raise PluginError(tr(f"插件 {name} {problem}", f"plugin {name} {problem}"))
    try:
        pm.register(plugin, name=name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        raise PluginError(
            tr(f"插件 {name} 无效: {exc}", f"plugin {name} is invalid: {exc}")
        ) from None
    _rank[name] = (0 if builtin else 1, len(_rank))


def _distribution(ep: EntryPoint) -> str | None:
    dist = getattr(ep, "dist", None)
    return None if dist is None else str(dist.metadata["Name"])


def _load_entry_point(ep: EntryPoint) -> None:
    if pm.is_blocked(ep.name):
        return
    if pm.get_plugin(ep.name) is not None:
        holder = _dists.get(ep.name, ("?", ""))[0]
        dist = _distribution(ep)
        if dist != holder:
            _failures[f"{ep.name} ({dist})"] = tr(
                f"插件名 {ep.name} 已由 {holder} 使用,未加载(请换一个入口点名称)",
                f"plugin name {ep.name} is already taken by {holder}; not loaded "
                "(give the entry point another name)",
            )
        return
    try:
        plugin = ep.load()
        _register(plugin, ep.name, builtin=_distribution(ep) == BUILTIN_DISTRIBUTION)
    except PluginError as exc:
        _failures[ep.name] = exc.message
        return
    except Exception as exc:  # a broken plugin must not take the others down
        _failures[ep.name] = f"{type(exc).__name__}: {exc}"
        return
    dist = getattr(ep, "dist", None)
    if dist is not None:
        _dists[ep.name] = (dist.metadata["Name"], dist.version)


def load_plugins() -> None:
    """Load every entry point of group ``casework`` once (idempotent and thread-safe)."""
    global _loaded
    with _lock:
        if _loaded:
            return
        _loaded = True
        if os.environ.get("CASEWORK_TRACE_PLUGINS"):
            _trace()
        only = _env_list("CASEWORK_LOAD_PLUGINS")
        disabled = set(_env_list("CASEWORK_DISABLE_PLUGINS") or ())
        # the built-in kinds first, then third parties by entry-point name: the first to
        # declare a kind name or code keeps it
        order = sorted(
            entry_points(group=GROUP),
            key=lambda e: (_distribution(e) != BUILTIN_DISTRIBUTION, e.name, _distribution(e)),
        )
        for ep in order:
            if (only is not None and ep.name not in only) or ep.name in disabled:
                continue
            _load_entry_point(ep)


def register_plugin(plugin: object, name: str | None = None) -> str:
    """Register a plugin object in code (a module, class or instance with ``@hookimpl`` methods).

    Raises :class:`~casework.errors.PluginError` at once for an unknown (misspelt) hook, for a
    kind name or code another plugin holds and for an invalid declaration (the plugin is then
    not registered), so a mistake fails loudly. Returns the name it was registered under.
    """
    global _case_types
    load_plugins()
    with _lock:
        chosen = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        _register(plugin, chosen)
        _case_types = None
        case_types()
        refused = _refused.get(chosen)
        if refused is not None:
            pm.unregister(plugin, name=chosen)
            _rank.pop(chosen, None)
            _case_types = None
            raise PluginError(refused, hint=_fix_hint(chosen))
        return chosen


def unregister_plugin(name: str) -> None:
    """Remove the plugin registered as ``name`` (no error if there is none)."""
    global _case_types
    with _lock:
        plugin = pm.get_plugin(name)
        if plugin is not None:
            pm.unregister(plugin, name=name)
        _failures.pop(name, None)
        _rank.pop(name, None)
        _case_types = None


def check_pending() -> None:
    """Raise :class:`~casework.errors.PluginError` if any registered plugin has a misspelt hook."""
    load_plugins()
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(str(exc)) from None


def failures() -> dict[str, str]:
    """Return the plugins that failed to load, were refused or failed a start-up hook.

    Maps each plugin's name to its error.
    """
    case_types()
    with _lock:
        return {**_failures, **_refused}


def refused() -> frozenset[str]:
    """The plugins set aside because what they declare is invalid or taken (none of their hooks run)."""
    case_types()
    return frozenset(_refused)


def _fix_hint(name: str) -> str:
    return tr(
        f"修正插件 {name} 的声明,或用 CASEWORK_DISABLE_PLUGINS={name} 停用它",
        f"correct plugin {name}'s declarations, or disable it with CASEWORK_DISABLE_PLUGINS={name}",
    )


def hookimpls(name: str) -> list[Any]:
    """The implementations of hook ``name`` that run, in call order (refused plugins left out)."""
    case_types()
    return [i for i in getattr(pm.hook, name).get_hookimpls() if i.plugin_name not in _refused]


def record_failure(name: str, message: str) -> None:
    """Record that plugin ``name`` failed (e.g. in ``register_commands``); ``plugins`` shows it."""
    with _lock:
        _failures[name] = message


def call_each(name: str, **kwargs: Any) -> list[tuple[str, Any]]:
    """Call hook ``name`` on each plugin in turn; return ``(plugin name, result)`` pairs.

    Unlike :func:`call_hook`, a plugin that raises is named: its error becomes a
    :class:`~casework.errors.PluginError` saying which plugin failed and in which hook.
    """
    results: list[tuple[str, Any]] = []
    for impl in reversed(hookimpls(name)):
        args = {arg: kwargs[arg] for arg in impl.argnames if arg in kwargs}
        try:
            result = impl.function(**args)
        except CaseworkError:
            raise
        except Exception as exc:
            raise PluginError(
                tr(
                    f"插件 {impl.plugin_name} 在 {name} 中出错: {type(exc).__name__}: {exc}",
                    f"plugin {impl.plugin_name} failed in {name}: {type(exc).__name__}: {exc}",
                ),
                hint=tr(
                    f"升级或用 CASEWORK_DISABLE_PLUGINS={impl.plugin_name} 停用该插件",
                    f"upgrade it, or disable it with CASEWORK_DISABLE_PLUGINS={impl.plugin_name}",
                ),
            ) from exc
        results.append((impl.plugin_name, result))
    return results


def _ranked(impls: list[Any]) -> list[Any]:
    return sorted(impls, key=lambda impl: _rank.get(impl.plugin_name, (2, 0)))


def _declared(owner: str, impl: Any) -> tuple[list[CaseType], list[str]]:
    """The case types ``owner``'s hook declares, and what is wrong with them."""
    from casework import declarations

    declared: list[CaseType] = []
    problems: list[str] = []

    def register(case_type: CaseType) -> None:
        if not isinstance(case_type, CaseType):
            problems.append(
                tr(
                    f"register() 须传入 CaseType,收到 {type(case_type).__name__}",
                    f"register() takes a CaseType, not {type(case_type).__name__}",
                )
            )
            return
        declared.append(case_type)
        problems.extend(
            f"{case_type.name}: {problem}" for problem in declarations.problems(case_type)
        )

    try:
        impl.function(**{arg: register for arg in impl.argnames})
    except Exception as exc:  # isolate one plugin's failure from the rest
        problems.append(
            exc.message if isinstance(exc, PluginError) else f"{type(exc).__name__}: {exc}"
        )
    return declared, problems


def _collect() -> dict[str, CaseType]:
    found: dict[str, CaseType] = {}
    codes: dict[str, str] = {}
    _owners.clear()
    _refused.clear()
    for impl in _ranked(pm.hook.register_case_types.get_hookimpls()):
        owner = impl.plugin_name
        declared, problems = _declared(owner, impl)
        mine: dict[str, str] = {}
        for case_type in declared:
            holder = _owners.get(case_type.name) or (
                owner if case_type.name in mine.values() else None
            )
            if holder is not None:
                problems.append(
                    tr(
                        f"案件类型名 {case_type.name} 已由插件 {holder} 注册,不能再注册"
                        "(请换一个 name)",
                        f"case kind {case_type.name} is already registered by plugin {holder} "
                        "(choose another name)",
                    )
                )
            taken = codes.get(case_type.code) or mine.get(case_type.code)
            if taken is not None:
                taker = _owners.get(taken, owner)
                problems.append(
                    tr(
                        f"{case_type.name}: 案件编号代码 {case_type.code} 已由插件 {taker} 的 "
                        f"{taken} 使用(请换一个 code)",
                        f"{case_type.name}: case code {case_type.code} is already used by {taken} "
                        f"of plugin {taker} (choose another code)",
                    )
                )
            mine[case_type.code] = case_type.name
        if problems:
            _refused[owner] = tr(
                f"插件 {owner} 未加载: {'; '.join(problems)}",
                f"plugin {owner} not loaded: {'; '.join(problems)}",
            )
            continue
        for case_type in declared:
            found[case_type.name] = case_type
            codes[case_type.code] = case_type.name
            _owners[case_type.name] = owner
    return found


def case_types() -> dict[str, CaseType]:
    """Return every registered case type by name (loading plugins on first use)."""
    global _case_types
    load_plugins()
    with _lock:
        if _case_types is None:
            _case_types = _collect()
        return dict(_case_types)


def case_type(kind: str) -> CaseType:
    """Return the case type ``kind`` or raise :class:`~casework.errors.UnknownKind`."""
    types = case_types()
    found = types.get(kind)
    if found is None:
        close = difflib.get_close_matches(kind, list(types), n=3)
        raise UnknownKind(
            tr(f"没有案件类型 {kind!r}", f"no case kind {kind!r}"),
            hint=tr(
                f"已安装: {', '.join(sorted(types)) or '无'}"
                + (f";是否应为 {close[0]}?" if close else ""),
                f"installed: {', '.join(sorted(types)) or 'none'}"
                + (f"; did you mean {close[0]}?" if close else ""),
            ),
        )
    return found


def unavailable(kind: str) -> KindUnavailable:
    """The error for stored cases of ``kind`` when no loaded plugin provides that kind.

    Names the plugin that failed to load (its entry-point name being the kind's, or else every
    plugin that failed), with its error, so the user sees why the cases cannot be worked on.
    """
    broken = failures()
    own = {n: e for n, e in broken.items() if n == kind or n.split(" ")[0] == kind}
    named = own or broken
    if named:
        why = "; ".join(f"{n}: {e}" for n, e in sorted(named.items()))
        return KindUnavailable(
            tr(
                f"案件类型 {kind} 的插件未能加载({why})",
                f"the plugin of case kind {kind} is not loaded ({why})",
            ),
            kind=kind,
            reason=why,
            hint=tr(
                "修复或重新安装该插件;在此之前这些案件只能查看原始记录",
                "repair or reinstall the plugin; until then its cases can only be read as records",
            ),
        )
    return KindUnavailable(
        tr(
            f"没有已安装的插件提供案件类型 {kind}",
            f"no installed plugin provides case kind {kind}",
        ),
        kind=kind,
        reason=tr("插件未安装", "plugin not installed"),
        hint=tr(
            "安装提供该类型的插件;在此之前这些案件只能查看原始记录",
            "install the plugin that provides it; until then its cases can only be read as records",
        ),
    )


def owner_of(kind: str) -> str | None:
    """Return the name of the plugin that registered case type ``kind``."""
    case_types()
    return _owners.get(kind)


def get_plugins() -> list[PluginInfo]:
    """Return every registered plugin with its distribution, version, hooks and case types."""
    types = case_types()
    infos = []
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: item[0]):
        if plugin is None or name in _refused:
            continue
        callers = pm.get_hookcallers(plugin) or []
        dist = _dists.get(name)
        infos.append(
            PluginInfo(
                name=name,
                distribution=dist[0] if dist else None,
                version=dist[1] if dist else None,
                hooks=tuple(sorted(caller.name for caller in callers)),
                case_types=tuple(sorted(k for k in types if _owners.get(k) == name)),
            )
        )
    return infos


def call_hook(name: str, **kwargs: Any) -> list[Any]:
    """Call hook ``name`` with keyword arguments and return the results (loading plugins).

    Plugins refused at registration are left out.
    """
    refused_now = refused()
    caller: Callable[..., list[Any]] = (
        pm.subset_hook_caller(name, [pm.get_plugin(n) for n in refused_now])
        if refused_now
        else getattr(pm.hook, name)
    )
    return caller(**kwargs)
