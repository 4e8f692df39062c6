"""The parse cache (build/cache/): a second load gives the same archive, and a change is never missed."""
from __future__ import annotations

import os
import time

from conftest import JOB, job_md

from generators.archive.config import load_settings
from generators.archive.records import Snapshot, load_archive


def snapshot(project):
    archive = load_archive(load_settings(project.root))
    return ({r.path: (r.type, r.data, r.lines, r.body) for r in archive.records},
            sorted(f.sort_key() + (f.message,) for f in archive.findings))


def test_second_load_comes_from_the_cache_and_is_identical(project):
    project.write(JOB, job_md(**{"kind: creative": "kind: poster"}))
    first = snapshot(project)
    assert (project.root / "build" / "cache" / "records.pickle").is_file()
    assert snapshot(project) == first
    assert any(f[2] == "REQ-FIELDS" for f in first[1])


def test_an_edited_file_is_read_again(project):
    project.write(JOB, job_md(**{"kind: creative": "kind: poster"}))
    assert any("poster" in f[-1] for f in snapshot(project)[1])
    path = project.write(JOB, job_md())
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000))  # a distinct mtime even on coarse clocks
    records, findings = snapshot(project)
    assert not any("poster" in f[-1] for f in findings)
    assert records[JOB][1]["kind"] == "creative"


def test_a_same_size_edit_with_its_mtime_restored_is_read_again(project):
    """The cache is keyed on content: `kind: poster` → `kind: promo!` has the same size, and the
    edit keeps the old modification time (as `cp -p`, `git stash pop` or a sync tool may)."""
    path = project.write(JOB, job_md(**{"kind: creative": "kind: poster"}))
    st = os.stat(path)
    assert any("“poster”" in f[-1] for f in snapshot(project)[1])
    path.write_bytes(path.read_bytes().replace(b"kind: poster", b"kind: promo!"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(path).st_size == st.st_size and os.stat(path).st_mtime_ns == st.st_mtime_ns
    findings = snapshot(project)[1]
    assert any("“promo!”" in f[-1] for f in findings) and not any("“poster”" in f[-1] for f in findings)


def test_deleted_file_leaves_the_cache(project):
    project.write(JOB, job_md())
    assert JOB in snapshot(project)[0]
    (project.root / JOB).unlink()
    assert JOB not in snapshot(project)[0]


def test_changed_settings_invalidate_the_cache(project):
    """Finding links come from archive.toml: a cached finding must not keep the old link."""
    project.write(JOB, job_md(**{"kind: creative": "kind: poster"}))
    old = load_archive(load_settings(project.root)).findings
    assert old and all(f.link.startswith("http://127.0.0.1:8000/") for f in old)
    project.write("archive.toml", project.read("archive.toml").replace(
        'site_url = "http://127.0.0.1:8000/"', 'site_url = "https://handbook.example.com/"'))
    new = load_archive(load_settings(project.root)).findings
    assert new and all(f.link.startswith("https://handbook.example.com/") for f in new)


def test_a_corrupt_cache_is_ignored(project):
    project.write(JOB, job_md())
    before = snapshot(project)
    (project.root / "build" / "cache" / "records.pickle").write_bytes(b"not a pickle")
    assert snapshot(project) == before


def test_a_staged_check_never_passes_staged_bytes_off_as_the_working_tree(project):
    """The pre-commit hook's run warms the cache for the next commit; what it read from the git index
    differs from the working tree here, and a later check of the working tree sees the working tree."""
    project.write(JOB, job_md())
    settings = load_settings(project.root)
    files = sorted(p.relative_to(project.root).as_posix() for p in (project.root / "clients").rglob("*.md"))
    staged = Snapshot(files, {JOB: job_md(**{"kind: creative": "kind: poster"}).encode("utf-8")})
    first = load_archive(settings, staged)
    assert any("poster" in f.message for f in first.findings)
    assert (project.root / "build" / "cache" / "records.pickle").is_file()
    records, findings = snapshot(project)
    assert not any("poster" in f[-1] for f in findings)
    assert records[JOB][1]["kind"] == "creative"
