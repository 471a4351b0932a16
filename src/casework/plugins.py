"""The plugin manager: built-in case kinds and third-party plugins alike load from entry points.

Every distribution that declares ``[project.entry-points.casework]`` is loaded (the built-in
kinds in ``plugins/`` are ordinary entry points of this distribution). A plugin that fails to
import, or implements a hook that does not exist (a misspelling), is unregistered and reported by
name with its error; the others keep working. Environment variables:

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
from casework.errors import CaseworkError, PluginError, UnknownKind
from casework.i18n import tr
from casework.workflow import CaseType

GROUP = "casework"

pm = pluggy.PluginManager(GROUP)
pm.add_hookspecs(hookspecs)

_lock = threading.RLock()
_loaded = False
_failures: dict[str, str] = {}
_dists: dict[str, tuple[str, str]] = {}
_case_types: dict[str, CaseType] | None = None
_owners: dict[str, str] = {}


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


def _register(plugin: object, name: str) -> None:
    problem = _hook_problem(plugin)
    if problem:
        raise PluginError(tr(f"插件 {name} {problem}", f"plugin {name} {problem}"))
    try:
        pm.register(plugin, name=name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        raise PluginError(
            tr(f"插件 {name} 无效: {exc}", f"plugin {name} is invalid: {exc}")
        ) from None


def _load_entry_point(ep: EntryPoint) -> None:
    if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
        return
    try:
        plugin = ep.load()
        _register(plugin, ep.name)
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
        for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
            if (only is not None and ep.name not in only) or ep.name in disabled:
                continue
            _load_entry_point(ep)


def register_plugin(plugin: object, name: str | None = None) -> str:
    """Register a plugin object in code (a module, class or instance with ``@hookimpl`` methods).

    Raises :class:`~casework.errors.PluginError` at once for an unknown (misspelt) hook, so a
    mistake fails loudly. Returns the name it was registered under.
    """
    global _case_types
    load_plugins()
    with _lock:
        chosen = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        _register(plugin, chosen)
        _case_types = None
        return chosen


def unregister_plugin(name: str) -> None:
    """Remove the plugin registered as ``name`` (no error if there is none)."""
    global _case_types
    with _lock:
        plugin = pm.get_plugin(name)
        if plugin is not None:
            pm.unregister(plugin, name=name)
        _case_types = None


def check_pending() -> None:
    """Raise :class:`~casework.errors.PluginError` if any registered plugin has a misspelt hook."""
    load_plugins()
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(str(exc)) from None


def failures() -> dict[str, str]:
    """Return the plugins that failed to load or to run a start-up hook: name -> error."""
    load_plugins()
    return dict(_failures)


def record_failure(name: str, message: str) -> None:
    """Record that plugin ``name`` failed (e.g. in ``register_commands``); ``plugins`` shows it."""
    with _lock:
        _failures[name] = message


def call_each(name: str, **kwargs: Any) -> list[tuple[str, Any]]:
    """Call hook ``name`` on each plugin in turn; return ``(plugin name, result)`` pairs.

    Unlike :func:`call_hook`, a plugin that raises is named: its error becomes a
    :class:`~casework.errors.PluginError` saying which plugin failed and in which hook.
    """
    load_plugins()
    results: list[tuple[str, Any]] = []
    for impl in reversed(getattr(pm.hook, name).get_hookimpls()):
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


def _collect() -> dict[str, CaseType]:
    found: dict[str, CaseType] = {}
    for impl in reversed(pm.hook.register_case_types.get_hookimpls()):
        owner = impl.plugin_name

        def register(case_type: CaseType, owner: str = owner) -> None:
            if not isinstance(case_type, CaseType):
                raise PluginError(f"register() takes a CaseType, got {type(case_type).__name__}")
            if case_type.name in found:
                raise PluginError(
                    tr(
                        f"案件类型 {case_type.name} 已由插件 {_owners[case_type.name]} 注册",
                        f"case type {case_type.name} is already registered by "
                        f"{_owners[case_type.name]}",
                    )
                )
            found[case_type.name] = case_type
            _owners[case_type.name] = owner

        try:
            impl.function(**{arg: register for arg in impl.argnames})
        except Exception as exc:  # isolate one plugin's failure from the rest
            message = (
                exc.message if isinstance(exc, PluginError) else f"{type(exc).__name__}: {exc}"
            )
            _failures[owner] = message
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


def owner_of(kind: str) -> str | None:
    """Return the name of the plugin that registered case type ``kind``."""
    case_types()
    return _owners.get(kind)


def get_plugins() -> list[PluginInfo]:
    """Return every registered plugin with its distribution, version, hooks and case types."""
    types = case_types()
    infos = []
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: item[0]):
        if plugin is None:
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
    """Call hook ``name`` with keyword arguments and return the results (loading plugins)."""
    load_plugins()
    caller: Callable[..., list[Any]] = getattr(pm.hook, name)
    return caller(**kwargs)
