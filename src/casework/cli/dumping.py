"""``dump``, ``restore`` and ``backup``: the whole book to one file and back (see casework.dump).

A dump file holds ID and phone numbers in clear, so it is written readable by its owner only
(mode 0600), atomically (a temp file, then ``os.replace``), gzip-compressed when its name ends
in ``.gz``; each command says so on standard error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import io
import os
import sys
import threading
from pathlib import Path
from typing import IO, Any

import click

from casework.cli.context import Env, env
from casework.errors import StorageError, ValidationError
from casework.i18n import tr

GZIP_MAGIC = b"\x1f\x8b"


def register(cli: click.Group) -> None:
    """Add ``dump``, ``restore`` and ``backup`` to the command group."""
    for command in (dump_command, restore_command, backup_command):
        cli.add_command(command)


def _warn_personal(e: Env, path: Path) -> None:
    e.note(
        tr(
            f"{path} 含明文的身份证号和电话(案件簿的完整副本),已设为仅本人可读(0600);"
            "请像保管案件簿一样保管它",
            f"{path} holds ID and phone numbers in clear (a whole copy of the book); it is "
            "readable by you only (0600): keep it as you keep the book",
        ),
        style="yellow",
    )


def write_dump(book: Any, path: Path) -> tuple[Any, str]:
    """Dump ``book`` to ``path`` (0600, atomic, gzip for ``.gz``); return the summary and sha256."""
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw:
            if path.name.endswith(".gz"):
                # mtime=0: the same book gives the same bytes
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
                    summary = book.dump(packed)
            else:
                summary = book.dump(raw)
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        raise StorageError(
            tr(f"无法写入 {path}: {exc.strerror}", f"cannot write {path}: {exc.strerror}"),
            hint=tr("请检查目标文件夹与剩余空间", "check the folder and the free space"),
        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return summary, digest


def open_dump(path: Path) -> IO[bytes]:
    """Open a dump for reading, gzip or plain (told by its first bytes, not its name)."""
    try:
        handle: IO[bytes] = open(path, "rb")  # noqa: SIM115 - returned to the caller
    except OSError as exc:
        raise ValidationError(
            tr(f"无法读取 {path}: {exc.strerror}", f"cannot read {path}: {exc.strerror}"),
            problems=[f"PATH: {path}"],
        ) from None
    if handle.read(2) == GZIP_MAGIC:
        handle.seek(0)
        return gzip.GzipFile(fileobj=handle, mode="rb")  # type: ignore[return-value]
    handle.seek(0)
    return handle


def _read_all(path: Path) -> io.BytesIO:
    """The whole (decompressed) dump in memory, or one clear error for a broken gzip file."""
    with open_dump(path) as fp:
        try:
            return io.BytesIO(fp.read())
        except (OSError, EOFError) as exc:
            raise ValidationError(
                tr(
                    "转储文件无效,未恢复任何内容",
                    "the dump is not valid: nothing was restored",
                ),
                problems=[f"gzip: {exc}"],
                hint=tr(
                    "文件不完整或已损坏,请换一份备份", "the file is cut or damaged: use another"
                ),
            ) from None


@click.command("dump")
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    help="输出文件(.jsonl 或 .jsonl.gz;- 为标准输出)/ the file (.jsonl, .jsonl.gz; - for stdout)",
)
def dump_command(output: str | None) -> None:
    """把整个案件簿写入一个文件(含明文个人信息)/ write the whole book to one file."""
    e = env()
    book = e.book()
    if output == "-":
        book.dump(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        e.note(
            tr(
                "已把案件簿(含明文的身份证号和电话)写到标准输出;请确保它不落入他人之手",
                "the book, with ID and phone numbers in clear, went to standard output: keep "
                "wherever it goes as you keep the book",
            ),
            style="yellow",
        )
        return
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = Path(output) if output else Path(f"casework-dump-{stamp}.jsonl.gz")
    summary, digest = write_dump(book, path)
    if e.as_json:
        e.emit(
            {
                "output": str(path),
                "cases": summary.cases,
                "tables": summary.tables,
                "files": summary.files,
                "book_id": summary.book_id,
                "sha256": digest,
                "personal_data": "clear",
                "mode": "0600",
            }
        )
    else:
        e.note(
            tr(
                f"已转储 {summary.cases} 件案件、{summary.tables} 张附表、{summary.files} 个文件到 {path}",
                f"dumped {summary.cases} cases, {summary.tables} side tables and {summary.files} "
                f"files to {path}",
            )
        )
    _warn_personal(e, path)


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--merge",
    is_flag=True,
    help="并入另一案件簿的案件,冲突的取新编号 / add another book's cases; conflicts get new ids",
)
def restore_command(path: str, merge: bool) -> None:
    """从转储或备份文件恢复(先全部校验,再一次写入)/ restore a dump: all of it, or nothing."""
    from casework.dump import RestoreConflict

    e = env()
    book = e.book(create=True)
    data = _read_all(Path(path))
    try:
        result = book.restore(data, merge=merge)
    except RestoreConflict as exc:
        if e.as_json:
            e.emit({"file": path, "restored": False, "conflicts": exc.conflicts})
        else:
            from casework.cli import views

            e.show(
                views.problems_table(
                    [
                        {"line": "", "field": item, "problem": tr("与案件簿中的不同", "differs")}
                        for item in exc.conflicts
                    ],
                    tr("冲突", "Conflicts"),
                )
            )
        raise
    if e.as_json:
        e.emit({"file": path, "restored": True, **result.to_dict()})
        return
    for old, new in result.renumbered.items():
        e.note(tr(f"{old} 已改为 {new}(编号已被占用)", f"{old} is now {new} (id taken)"), "yellow")
    for item in result.kept:
        e.note(tr(f"保留本案件簿的 {item}(与并入的不同)", f"kept this book's {item}"), "yellow")
    for note in result.notes:
        e.note(note, "yellow")
    e.note(
        tr(
            f"已恢复 {len(result.created)} 件,已存在(历史相同)跳过 {len(result.skipped)} 件,"
            f"改号 {len(result.renumbered)} 件;附表 {len(result.tables)} 张,文件 {len(result.files)} 个",
            f"restored {len(result.created)} cases, skipped {len(result.skipped)} already present "
            f"(same history), renumbered {len(result.renumbered)}; {len(result.tables)} side "
            f"tables, {len(result.files)} files",
        )
    )


@click.command("backup")
@click.argument("dest", type=click.Path())
def backup_command(dest: str) -> None:
    """备份案件簿到文件夹或文件(一致的副本,并校验)/ back the book up to DEST, then verify it."""
    from casework.dump import book_id, read_dump

    e = env()
    book = e.book()
    target = Path(dest).expanduser()
    if target.is_dir() or dest.endswith(("/", os.sep)):
        ident = (book_id(book) or "book")[:8]
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = target / f"casework-backup-{ident}-{stamp}.jsonl.gz"
    summary, digest = write_dump(book, target)
    check = read_dump(_read_all(target))  # read it back: a backup is only one if it reads
    if len(check.records) != summary.cases:
        raise StorageError(
            tr(f"备份 {target} 校验失败", f"backup {target} does not read back"),
            hint=tr("请检查目标磁盘后重试", "check the disk and try again"),
        )
    if e.as_json:
        e.emit(
            {
                "output": str(target),
                "cases": summary.cases,
                "tables": summary.tables,
                "files": summary.files,
                "sha256": digest,
                "verified": True,
                "personal_data": "clear",
                "mode": "0600",
            }
        )
    else:
        e.note(
            tr(
                f"已备份 {summary.cases} 件案件到 {target},已读回校验(sha256 {digest[:16]}…)",
                f"backed up {summary.cases} cases to {target}; read back and verified "
                f"(sha256 {digest[:16]}…)",
            )
        )
    _warn_personal(e, target)
