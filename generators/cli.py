"""The command line: `python -m generators COMMAND`. Each command's docstring is its help."""
from __future__ import annotations

import argparse
import re
import sys
from datetime import date, datetime
from pathlib import Path

from generators.archive.config import SettingsError, find_root
from generators.archive.schema import SchemaError


# argparse's own (English) messages, said in Chinese.
_ARGPARSE = [
    (r"the following arguments are required: command", "缺少命令：写 check（检查档案）或 new（新建记录）"),
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"argument (\S+): invalid choice: '([^']*)' \(choose from (.*)\)", r"参数 \1 不能取“\2”，可选：\3"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面要写一个值"),
    (r"unrecognized arguments: (.*)", r"不认识的参数：\1"),
    (r"argument (\S+): (.*)", r"参数 \1：\2"),
]


class Parser(argparse.ArgumentParser):
    """argparse that says usage errors in Chinese and exits 2."""

    def error(self, message):
        for pattern, chinese in _ARGPARSE:
            if re.fullmatch(pattern, message, re.S):
                message = re.sub(pattern, chinese, message, flags=re.S)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"用法错误：{message}\n运行 `{self.prog} --help` 查看用法和例子。\n")


def _date(text: str) -> date:
    from generators.archive.config import AS_OF_YEARS
    try:
        day = date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII) else None
    except ValueError:
        day = None
    if day is None:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期，应写成 2026-11-20（年-月-日，真实存在的日子）")
    if not AS_OF_YEARS[0] <= day.year <= AS_OF_YEARS[1]:
        raise argparse.ArgumentTypeError(f"年份 {day.year} 不可能，应在 {AS_OF_YEARS[0]} 到 {AS_OF_YEARS[1]} 年之间")
    return day


def _id(text: str) -> str:
    from generators.archive.scaffold import UsageError, check_id
    try:
        return check_id("编号", text)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("编号 "))


def cmd_check(args) -> int:
    """检查档案：必填字段、YAML、存放位置、编号唯一、引用与附件，以及工作流程规则。

    读入整个档案（引用需要全部记录），一次报告所有问题。没有错误时退出码为 0（可以有警告），
    有错误为 1，用法错误为 2。给出 PATH 时只报告这些文件或文件夹的问题。

    例子:
      python -m generators check
      python -m generators check clients/huaxin-foods/jobs/HXF-2026-0042/job.md
      python -m generators check --as-of 2026-11-20 --format json
      python -m generators check --staged      (git 提交前钩子用：只查暂存区里的记录)
    """
    from generators.rules.check import check_archive, only_paths
    from generators.archive.findings import format_json, format_text
    from generators.archive.listing import display_path

    root = find_root()
    paths = list(args.paths)
    missing = [p for p in paths if not Path(p).exists() and not (root / p).exists()]
    if missing:  # a mistyped path must not look like "no errors"
        print(f"用法错误：找不到 {'、'.join(map(shown, missing))}。PATH 要写档案里的文件或文件夹，"
              f"例如 clients/huaxin-foods（相对于当前文件夹或项目根目录 {root}）。", file=sys.stderr)
        return 2
    outside = [p for p in paths if not in_archive(root, p)]
    if outside:  # a path check never reads would also look like "no errors"
        print(f"用法错误：{'、'.join(map(shown, outside))} 不在档案里。check 只检查项目 {root} 的 clients/ "
              f"文件夹（客户档案）和 archive.toml；PATH 要写其中的文件或文件夹，例如 clients/huaxin-foods。", file=sys.stderr)
        return 2
    snapshot = None
    if args.staged:
        snapshot = staged_snapshot(root)
        paths += [display_path(p) for p in snapshot.contents]  # as findings name them
        if not paths:
            return 0
    focus = set(snapshot.contents) if snapshot is not None and not args.paths else None
    try:
        archive, findings, _ctx = check_archive(root, args.as_of, use_git=not args.no_git, snapshot=snapshot, focus=focus)
    except SettingsError as exc:  # nothing can be checked with broken settings: say where, in the asked format
        archive, findings = None, [exc.finding()]
    else:
        if paths:
            findings = only_paths(findings, root, paths)
    code = 1 if any(f.level == "error" for f in findings) else 0
    if args.format == "json":
        emit_utf8(_json_safe(format_json(findings)))
    else:
        emit(format_text(findings, _labeller(archive)))
    return code


def _labeller(archive):
    """The Chinese name of a finding's field, from the schema of the record it is about."""
    from generators.archive.schema import label_of

    schemas_ = {r.path: r.schema for r in archive.records} if archive is not None else {}
    return lambda f: label_of(schemas_[f.path].fields, f.field) if f.path in schemas_ else ""


def in_archive(root: Path, path: str) -> bool:
    """Whether a PATH argument names the project itself, clients/ or something in it, or archive.toml."""
    import os
    full = Path(path) if Path(path).exists() else root / path
    try:
        rel = Path(os.path.abspath(full)).relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return False
    return rel in (".", "clients", "archive.toml") or rel.startswith("clients/")


def shown(text: str) -> str:
    """A path or value for a message: bytes that are not UTF-8 (a GBK file name) shown as \\xNN."""
    return re.sub(r"[\ud800-\udfff]", lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}" if ord(m.group()) >= 0xDC80
                  else "\ufffd", text)


def _json_safe(text: str) -> str:
    # Inside JSON strings a lone surrogate is not UTF-8: write the byte as the text \xNN (backslash escaped).
    return re.sub(r"[\ud800-\udfff]", lambda m: "\\" + shown(m.group()), text)


def emit(text: str) -> None:
    """Print for people; a closed pipe (`check | head`) ends the output quietly."""
    try:
        print(shown(text))
        sys.stdout.flush()
    except BrokenPipeError:
        _close_stdout()


def emit_utf8(text: str) -> None:
    """Write UTF-8 whatever the terminal's locale (machines read --format json); quiet on a closed pipe."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        _close_stdout()


def _close_stdout() -> None:
    """After EPIPE: point stdout at /dev/null so the interpreter's final flush does not complain."""
    import os
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def staged_snapshot(root: Path):
    """The archive as the next commit will hold it: the index's file list and the staged records' bytes."""
    import subprocess

    from generators.archive.records import Snapshot

    def git(*argv) -> bytes:
        return subprocess.run(["git", *argv], cwd=root, capture_output=True, check=False).stdout

    def names(raw: bytes) -> list[str]:
        # names that are not UTF-8 keep their bytes (as surrogates): check names them, `git show` finds them
        return [p for p in raw.decode("utf-8", "surrogateescape").split("\0") if p]

    staged = [p for p in names(git("diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--relative", "--", "clients"))
              if p.endswith(".md")]
    files = names(git("ls-files", "--cached", "-z", "--", "clients"))
    return Snapshot(files, {p: git("show", f":./{p}") for p in staged})


def cmd_new(args) -> int:
    """新建一份记录：按档案规划的位置，用该类型的模板文件生成，打印文件路径，绝不覆盖已有文件。

    自动填入今天的日期、客户团队、下一个工作号（new job）、ISO 周次（new weekly-status）、
    月份（new budget-report），以及手册要求的正文小节。生成后把空着的字段填好，再运行 check。

    例子:
      python -m generators new job --client huaxin-foods --brand huaxin-yogurt --set title=春节促销海报
      python -m generators new meeting --client huaxin-foods --slug winter-review --set "held_at=2026-11-20 14:30"
      python -m generators new weekly-status --client qingshan-auto
    """
    from generators.archive.config import load_settings
    from generators.archive.records import load_archive
    from generators.archive.scaffold import Request, ScaffoldError, UsageError, create

    root = find_root()
    if not (root / "archive.toml").is_file():  # not inside an archive: never scatter a clients/ folder here
        print(f"用法错误，没有创建：{root} 及其上级文件夹里都没有 archive.toml，这里不是档案项目。"
              "请先进入档案项目的文件夹（有 archive.toml 和 clients/ 的那一层）再运行。", file=sys.stderr)
        return 2
    values = {}
    for item in args.set or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            print(f"用法错误：--set 要写成 字段=值，例如 --set title=春节促销海报（收到的是“{item}”）", file=sys.stderr)
            return 2
        values[key.strip()] = value
    try:
        settings = load_settings(root)
    except SettingsError as exc:
        print(f"没有创建：设置文件有错。\n{exc.text()}", file=sys.stderr)
        return 1
    clock = datetime.now(settings.tz)  # the agency's time zone, as check's "today" (not the machine's)
    today = args.date or clock.date()
    now = datetime.combine(today, clock.time().replace(second=0, microsecond=0))
    archive = load_archive(settings)
    try:
        path = create(Request(args.type, args.client, args.brand, values, args.slug, today, now), archive)
    except UsageError as exc:
        print(f"用法错误，没有创建：{exc}", file=sys.stderr)
        return 2
    except ScaffoldError as exc:
        print(f"没有创建：{exc}", file=sys.stderr)
        return 1
    emit(path.relative_to(root).as_posix())
    return 0


def build_parser() -> argparse.ArgumentParser:
    from generators.archive.schema import schemas

    parser = Parser(prog="python -m generators", description="客户服务部档案工具。每个命令都有 --help。",
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    parser.commands = {}

    def command(fn, name):
        doc = fn.__doc__
        parser.commands[name] = sub.add_parser(name, help=doc.splitlines()[0], description=doc,
                                               formatter_class=argparse.RawDescriptionHelpFormatter)
        return parser.commands[name]

    p = command(cmd_check, "check")
    p.add_argument("paths", nargs="*", metavar="PATH", help="只报告这些文件或文件夹")
    p.add_argument("--as-of", type=_date, help="把这一天当作“今天”（默认：archive.toml 的 as_of，否则真实日期）")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式（默认 text）")
    p.add_argument("--staged", action="store_true", help="只报告 git 暂存区里的记录（提交前钩子用）")
    p.add_argument("--no-git", action="store_true", help="不读 git 历史（没有 sent_at 的会议报告不按提交时间判断）")
    p.set_defaults(func=cmd_check)

    p = command(cmd_new, "new")
    types = schemas(find_root())  # the project's own types (schemas/) too
    p.add_argument("type", choices=list(types), metavar="TYPE", help="记录类型：" + "、".join(types))
    p.add_argument("--client", required=True, type=_id, help="客户编号，如 huaxin-foods")
    p.add_argument("--brand", type=_id, help="品牌编号，如 huaxin-yogurt")
    p.add_argument("--slug", help="文件名里的短名（会议、品牌轨迹、调研、客户问题），如 winter-review")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="预先填入字段，可重复")
    p.add_argument("--date", type=_date, help="把这一天当作今天（默认真实日期）")
    p.set_defaults(func=cmd_new)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):  # a GBK terminal gets ? for what it cannot show, never a traceback
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    try:
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        if extra:  # let the command's own parser say it, with its own usage line
            parser.commands[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
        return args.func(args)
    except BrokenPipeError:  # the reader of our output went away (`| head`): nothing more to say
        _close_stdout()
        return 1
    except KeyboardInterrupt:
        print("\n已中断（Ctrl+C），没有完成。", file=sys.stderr)
        return 130
    except SchemaError as exc:  # a record type's definition (generators/schemas/ or the project's schemas/)
        print(f"记录类型定义有错，没有运行：{exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug of ours, not the user's input: a Chinese line, the details in a file
        import os
        if os.environ.get("ARCHIVE_DEBUG"):
            raise
        where = _save_traceback()
        print(f"程序内部出错（不是档案写错了）：{type(exc).__name__}: {shown(str(exc))}\n"
              f"请把这条信息{('和 ' + where) if where else ''}交给维护档案的同事；设 ARCHIVE_DEBUG=1 重新运行可看到详细出错位置。",
              file=sys.stderr)
        return 3


def _save_traceback() -> str:
    """Write the current exception's traceback to build/last-error.txt; its project path, or "" if it cannot."""
    from generators.site.failsafe import save_traceback
    try:
        return save_traceback(find_root())
    except Exception:  # no project root: nowhere to save it
        return ""
