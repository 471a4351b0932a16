"""``casework dump``, ``restore`` and ``backup`` through the real click app and entry point."""

from __future__ import annotations

import gzip
import io
import json
import stat
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from transfer_helpers import ROOT, D, cli, file_petition

import casework
from casework.personal import find_unmasked


def test_dump_warns_of_personal_data_and_writes_the_file_0600(small_book, run, tmp_path):
    out = tmp_path / "dumps" / "book.jsonl.gz"
    result = run(small_book.root, "dump", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert "明文的身份证号和电话" in result.stderr and "0600" in result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with gzip.open(out, "rb") as fp:
        lines = fp.read().splitlines()
    assert orjson.loads(lines[0])["format"] == "casework-dump"
    assert find_unmasked(b"\n".join(lines).decode("utf-8"))  # in clear, as the warning says
    assert not list(out.parent.glob(".*.tmp"))


def test_dump_as_json_says_what_it_wrote(small_book, run, tmp_path):
    out = tmp_path / "book.jsonl"
    result = run(small_book.root, "--json", "dump", "--output", str(out))
    said = json.loads(result.stdout)
    assert said["cases"] == 3 and said["tables"] == 1 and said["personal_data"] == "clear"
    assert said["mode"] == "0600" and stat.S_IMODE(out.stat().st_mode) == 0o600


def test_restore_into_an_empty_folder_then_again_changes_nothing(small_book, run, tmp_path):
    out = tmp_path / "book.jsonl.gz"
    run(small_book.root, "dump", "--output", str(out))
    target = tmp_path / "new-machine" / "book"
    first = run(target, "restore", str(out))
    assert first.exit_code == 0, first.output
    assert "已恢复 3 件" in first.stderr
    with casework.open_book(target) as copy:
        assert copy.find() == small_book.find()
    again = run(target, "--json", "restore", str(out))
    said = json.loads(again.stdout)
    assert said["created"] == [] and len(said["skipped"]) == 3


def test_restore_lists_every_conflict_and_writes_nothing(small_book, run, tmp_path):
    out = tmp_path / "book.jsonl"
    run(small_book.root, "dump", "--output", str(out))
    target = tmp_path / "other"
    with casework.open_book(target) as other:
        file_petition(other, D(2020, 1, 6), name="周某")
        file_petition(other, D(2020, 1, 7), name="吴某")
    result = run(target, "restore", str(out))
    assert result.exit_code == 1
    assert "PT2020-0001" in result.stdout and "PT2020-0002" in result.stdout  # the table
    assert "未恢复任何内容" in result.stderr and "Traceback" not in result.output
    with casework.open_book(target) as other:
        assert other.ids() == ["PT2020-0001", "PT2020-0002"]


def test_merge_reports_every_id_it_changed(small_book, run, tmp_path):
    out = tmp_path / "township.jsonl"
    run(small_book.root, "dump", "--output", str(out))
    target = tmp_path / "county"
    with casework.open_book(target) as county:
        file_petition(county, D(2020, 1, 6), name="周某")
    result = run(target, "restore", "--merge", str(out))
    assert result.exit_code == 0, result.output
    assert "PT2020-0001 已改为 PT2020-0004" in result.stderr


def test_a_gzip_file_cut_short_is_one_clear_error(small_book, run, tmp_path):
    out = tmp_path / "book.jsonl.gz"
    run(small_book.root, "dump", "--output", str(out))
    out.write_bytes(out.read_bytes()[:-40])
    result = run(tmp_path / "target", "restore", str(out))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "转储文件无效,未恢复任何内容" in result.stderr


def test_backup_to_a_folder_is_verified_and_restores(small_book, run, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    result = run(small_book.root, "--json", "backup", str(folder))
    said = json.loads(result.stdout)
    made = Path(said["output"])
    assert made.parent == folder and made.name.endswith(".jsonl.gz") and said["verified"]
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    restored = run(tmp_path / "restored", "restore", str(made))
    assert restored.exit_code == 0, restored.output
    with casework.open_book(tmp_path / "restored") as copy:
        assert copy.find() == small_book.find()


WRITER = ROOT / "tests" / "transfer" / "_batch_writer.py"


def test_backup_taken_while_writers_work_is_a_consistent_copy(tmp_path, petition):
    """Two writer processes commit batches (cases plus a side-table row naming them) while
    ``casework backup`` runs twice: each backup holds every batch whole or not at all."""
    book = tmp_path / "busy"
    with casework.open_book(book) as opened:
        file_petition(opened, D(2020, 1, 6))
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(book), str(seed)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in (11, 12)
    ]
    try:
        for writer in writers:
            assert writer.stdout is not None
            assert writer.stdout.readline().strip() == "ready"
        backups = []
        for n in range(2):
            time.sleep(0.2)
            out = tmp_path / f"backup-{n}.jsonl.gz"
            done = cli("--book", str(book), "backup", str(out))
            assert done.returncode == 0, done.stderr
            backups.append(out)
        assert all(w.poll() is None for w in writers), "a writer failed during the backups"
    finally:
        for writer in writers:
            writer.kill()
            writer.wait()
    sizes = []
    for out in backups:
        with casework.open_book(":memory:") as copy, gzip.open(out, "rb") as fp:
            copy.restore(io.BytesIO(fp.read()))
            batches = copy.table("batches")
            for token, ids in batches.items():
                for case_id in ids:  # every case a committed batch names is there, as it left it
                    case = copy.get(case_id)
                    if case.details.subject != f"batch:{token}":
                        assert case.has_event("accept"), case_id
            for case in copy.find(kind="petition"):
                subject = case.details.subject
                if subject.startswith("batch:"):
                    assert subject.removeprefix("batch:") in batches, case.id
            sizes.append(len(copy.ids()))
    assert sizes == sorted(sizes) and sizes[-1] > 1  # taken while the book grew


def test_a_third_party_kind_restores_only_where_its_plugin_is_installed(tmp_path):
    pytest.importorskip(
        "casework_xinfang", reason="pip install ./examples/xinfang_plugin (CI does)"
    )
    with casework.open_book(tmp_path / "county") as book:
        case = book.create(
            "xinfang",
            received_on=D(2020, 3, 2),
            actor="信访科",
            details={
                "channel": "visit",
                "subject": "征地补偿款未足额发放",
                "organ": "某镇人民政府",
            },
            parties=[{"role": "petitioner", "name": "赵某"}],
        )
        out = tmp_path / "county.jsonl.gz"
        assert cli("--book", str(book.root), "dump", "--output", str(out)).returncode == 0
    with gzip.open(out) as fp:
        header = orjson.loads(fp.readline())
    assert header["kinds"]["xinfang"]["plugin"] == "xinfang"
    assert "xinfang" in header["plugins"]
    elsewhere = tmp_path / "elsewhere"
    refused = cli(
        "--book", str(elsewhere), "restore", str(out), env={"CASEWORK_DISABLE_PLUGINS": "xinfang"}
    )
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "xinfang: 1 件案件属于插件 xinfang" in refused.stderr
    assert "本机未安装" in refused.stderr and "未恢复任何内容" in refused.stderr
    done = cli("--book", str(elsewhere), "restore", str(out))
    assert done.returncode == 0, done.stderr
    with casework.open_book(elsewhere) as restored:
        assert restored.get(case.id) == case


def test_dump_to_standard_output_still_warns(small_book, run):
    result = run(small_book.root, "dump", "--output", "-")
    assert result.exit_code == 0
    assert orjson.loads(result.stdout_bytes.splitlines()[0])["format"] == "casework-dump"
    assert "明文" in result.stderr
