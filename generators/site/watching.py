"""`mkdocs serve` told of saved files by the operating system instead of by polling, when it can be.

MkDocs' live-reload server polls every watched folder twice a second: at 10,000 records that is a
listing and a stat of some 13,000 files each time, a quarter of a core taken all the time, and during a
rebuild it competes with the build itself (a rebuild after one save took 7.7 s instead of 5.0 s). The
platform's native observer (inotify on Linux, FSEvents on macOS) costs nothing between saves. `native`
moves every watch of the server to it, reacting to the same events the polling did (files created,
changed, moved or deleted; not a file merely opened or read, which inotify also reports and the build
itself does). Where the native observer cannot watch (no such observer, too few inotify watches), the
server keeps polling as before."""
from __future__ import annotations

import logging

log = logging.getLogger("mkdocs.hooks.archive")


def _changes():
    from watchdog import events
    return [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
            events.FileClosedEvent, events.FileAttribEvent, events.DirCreatedEvent, events.DirDeletedEvent,
            events.DirMovedEvent, events.DirModifiedEvent]


def _native_class():
    """The platform's native observer class reporting only changes, or None where there is none."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver
    if Observer is PollingObserver:
        return None
    changes = _changes()

    class ChangesObserver(Observer):
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, **kwargs):
            return super().schedule(event_handler, path, recursive=recursive,
                                    event_filter=event_filter or changes, **kwargs)
    return ChangesObserver


def native(server, extra=()) -> bool:
    """Move the live-reload server's watches, and `extra` paths to watch, to the native observer.
    True when it did; False when the server keeps polling (then `extra` are watched by polling)."""
    watched = getattr(server, "_watched_paths", None)
    old = getattr(server, "observer", None)
    cls = _native_class() if isinstance(watched, dict) and old is not None and hasattr(server, "unwatch") else None
    paths = [p for p, n in dict(watched or {}).items() for _ in range(n)] + [str(p) for p in extra]
    if cls is None or old.is_alive() or not _works(cls, sorted(set(paths))):
        _watch_all(server, extra)
        return False
    _unwatch_all(server, dict(watched))
    server.observer = cls()
    _watch_all(server, paths)
    return True


def _works(cls, paths) -> bool:
    """Whether the native observer can watch every path here (it fails on starting, e.g. past the
    system's limit of inotify watches): tried once with an observer of its own, then stopped."""
    from watchdog.events import FileSystemEventHandler
    probe = cls()
    try:
        for p in paths:
            probe.schedule(FileSystemEventHandler(), p, recursive=True)
        probe.start()
    except OSError as exc:
        log.info(f"文件变化改为定时检查（系统不能直接通知：{exc}）。")
        return False
    finally:
        if probe.is_alive():
            probe.stop()
            probe.join(timeout=5)
    return True


def _watch_all(server, paths) -> None:
    for p in paths:
        server.watch(str(p))


def _unwatch_all(server, counts: dict) -> None:
    for p, n in counts.items():
        for _ in range(n):
            server.unwatch(p)
