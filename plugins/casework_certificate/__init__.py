"""行政执法证件 (certificate): a casework plugin, loaded through the entry point group ``casework``.

An enforcement body (执法主体) applies for a certificate for one of its officers: a new
enforcement certificate (新申领执法证), a renewal (换证) or a supervision certificate (监督执法证).
The officer sits the public-law examination (公共法律知识考试) where the locality requires it; the
certificate is issued, runs for its validity with a renewal clock before expiry, and may be
suspended, revoked or cancelled. The case type is in :mod:`casework_certificate.kind`, the
locality's rules in :mod:`casework_certificate.rules`, the register of valid certificates in
:mod:`casework_certificate.register` (command ``certificates``) and the report section in
:mod:`casework_certificate.report`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from casework import hookimpl

if TYPE_CHECKING:
    import click

    from casework.report import ReportContext, ReportSection
    from casework.workflow import CaseType


@hookimpl
def register_case_types(register: Callable[[CaseType], None]) -> None:
    """Register ``certificate``; a book's ``certificate_rules`` file sets its own rules.

    ``$CASEWORK_CERTIFICATE_LOCAL`` still sets the rules of books that name no file.
    """
    from casework_certificate.kind import make_case_type
    from casework_certificate.rules import load_local_rules

    register(make_case_type(load_local_rules()))


@hookimpl
def report_sections(context: ReportContext) -> ReportSection:
    """Contribute the 行政执法证件 section of the annual report."""
    from casework_certificate.report import section

    return section(context)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``certificates``: the register of valid certificates per body."""
    from casework_certificate.cli import certificates

    cli.add_command(certificates)
