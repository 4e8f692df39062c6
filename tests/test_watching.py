"""`mkdocs serve` watching through the system's notifications (generators/site/watching.py): MkDocs' own
live-reload server, its watches moved to the native observer, asks for a rebuild when a watched record
is saved, created or deleted, and not when the build only reads one; where the native observer cannot
watch, the server keeps polling."""
from __future__ import annotations

import time

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from generators.site import watching


def _server(tmp_path):
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    (tmp_path / "content").mkdir()
    server.watch(str(tmp_path / "content"))  # what MkDocs watches before the hook's on_serve
    return server


def _wants_rebuild(server, timeout=5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with server._rebuild_cond:
            if server._want_rebuild:
                server._want_rebuild = False
                return True
        time.sleep(0.05)
    return False


@pytest.fixture
def served(tmp_path):
    clients = tmp_path / "clients" / "huaxin-foods" / "meetings"
    clients.mkdir(parents=True)
    record = clients / "2026-11-16-review.md"
    record.write_text("---\ntype: meeting\n---\n", encoding="utf-8")
    settings = tmp_path / "archive.toml"
    settings.write_text('name = "档案"\n', encoding="utf-8")
    server = _server(tmp_path)
    assert watching.native(server, [tmp_path / "clients", settings])
    assert not isinstance(server.observer, PollingObserver)
    assert set(server._watched_paths) == {str(tmp_path / "content"), str(tmp_path / "clients"), str(settings)}
    server.observer.start()
    try:
        yield server, record, settings, tmp_path
    finally:
        server.observer.stop()
        server.observer.join(timeout=5)


def test_a_saved_created_or_deleted_file_asks_for_a_rebuild_and_a_read_does_not(served):
    server, record, settings, root = served
    assert not _wants_rebuild(server, 0.5)
    record.read_text(encoding="utf-8")  # the build reads every record: no rebuild for that
    assert not _wants_rebuild(server, 1.0)
    with open(record, "a", encoding="utf-8") as f:
        f.write("\n新的一段。\n")
    assert _wants_rebuild(server)
    new = record.with_name("2026-11-18-merger.md")
    new.write_text("---\ntype: meeting\n---\n", encoding="utf-8")
    assert _wants_rebuild(server)
    new.unlink()
    assert _wants_rebuild(server)
    settings.write_text('name = "新档案"\n', encoding="utf-8")  # a watched file, not a folder
    assert _wants_rebuild(server)
    (root / "content" / "index.md").write_text("# 手册\n", encoding="utf-8")
    assert _wants_rebuild(server)


def _refusing():
    """A native observer that cannot start (the system's inotify watch limit reached)."""
    real = watching._native_class()

    class Refusing(real):
        def start(self):
            raise OSError(28, "inotify watch limit reached")
    return Refusing


@pytest.mark.parametrize("native", [lambda: None, _refusing], ids=["no native observer", "native cannot start"])
def test_without_a_working_native_observer_the_server_keeps_polling(tmp_path, monkeypatch, native):
    observer = native()  # made before the patch: _refusing subclasses the real one
    monkeypatch.setattr(watching, "_native_class", lambda: observer)
    server = _server(tmp_path)
    (tmp_path / "clients").mkdir()
    assert not watching.native(server, [tmp_path / "clients"])
    assert isinstance(server.observer, PollingObserver)
    assert set(server._watched_paths) == {str(tmp_path / "content"), str(tmp_path / "clients")}
