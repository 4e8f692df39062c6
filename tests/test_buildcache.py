"""Caches in build/ are read back only when they are this machine's own: files committed under build/
(or build/ as a link) are never loaded, so a planted pickle cannot run and a planted page cannot skip
the sanitizer."""
from __future__ import annotations

import os
import pickle
import subprocess

from generators.archive import buildcache


class _Planted:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):  # what a hostile pickle does on load
        return (os.makedirs, (str(self.marker),))


def _git(root, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def _plant(project, marker):
    project.write("build/cache/records.pickle", pickle.dumps(_Planted(marker)))


def test_a_pickle_committed_under_build_is_never_loaded(project, tmp_path):
    marker = tmp_path / "ran"
    _plant(project, marker)
    project.write(".gitignore", "/build/\n")
    _git(project.root, "init", "-q")
    _git(project.root, "add", "-A")
    _git(project.root, "add", "-f", "build")
    _git(project.root, "commit", "-qm", "archive with a planted cache")
    code, findings = project.check_json()
    assert not marker.exists()
    assert code == 0, findings


def test_the_same_file_made_on_this_machine_is_read_as_a_cache(project, tmp_path):
    marker = tmp_path / "ran"
    _plant(project, marker)  # untracked: what a build of this machine would have written
    project.write(".gitignore", "/build/\n")
    _git(project.root, "init", "-q")
    _git(project.root, "add", "-A")
    _git(project.root, "commit", "-qm", "archive")
    project.check_json()
    assert marker.exists()  # the guard above is what keeps the committed copy from running


def test_build_as_a_link_is_not_trusted(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "build").symlink_to(tmp_path / "elsewhere")
    buildcache.reset()
    assert not buildcache.trusted(tmp_path)
    assert not buildcache.readable(tmp_path / "build" / "pages" / "x.html")
    assert buildcache.readable(tmp_path / "cache-of-a-test" / "x.json")


def test_held_writes_are_written_on_release_and_plain_data_only_is_read_back(tmp_path):
    path = tmp_path / "build" / "x.pickle"
    buildcache.hold_writes()
    try:
        buildcache.write_plain(path, {"a": (1, "二")})
        buildcache.write_plain(path, {"a": (2, "三")})  # the last value wins
        assert not path.exists()  # held while a serve rebuild is shown
    finally:
        buildcache.release_writes()
    assert buildcache.read_plain(path) == {"a": (2, "三")}
    buildcache.write_plain(path, [1])  # not held any more: written at once
    assert buildcache.read_plain(path) == [1]
    path.write_bytes(pickle.dumps(_Planted(tmp_path / "ran")))
    assert buildcache.read_plain(path) is None and not (tmp_path / "ran").exists()  # a class is refused
