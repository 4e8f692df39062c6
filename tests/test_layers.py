"""The package's folders show the flow, reading → rules → pages, and no module imports one that
imports it back (issue 10): archive/ reads and types records and knows nothing of rules or pages;
rules/ knows the archive but not the site; site/ turns both into pages. Imports inside functions count."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generators"
LAYERS = {"archive": 0, "rules": 1, "site": 2}  # the commands (cli, check, scaffold, bench) sit on top


def module_of(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Every generators module and the generators modules it imports (anywhere in its code)."""
    mods = {module_of(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        pkg = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        out = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = pkg.split(".")[: len(pkg.split(".")) - (node.level - 1)]
                    base = ".".join(up + ([node.module] if node.module else []))
                for a in node.names:
                    target = f"{base}.{a.name}"
                    out.add(target if target in mods else base)
            elif isinstance(node, ast.Import):
                out |= {a.name for a in node.names}
        # importing generators.rules.registry runs generators/rules/__init__.py first: count the package too
        out |= {m.rsplit(".", k)[0] for m in set(out) for k in range(1, m.count(".")) if m.count(".") > 1}
        graph[name] = {m for m in out if m in mods and m != name and not name.startswith(m + ".")}
    return graph


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_no_module_imports_a_higher_layer():
    wrong = [f"{a} → {b}" for a, deps in imports().items() for b in deps
             if layer(a) is not None and layer(b) is not None and layer(b) > layer(a)]
    wrong += [f"{a} → {b}" for a, deps in imports().items() for b in deps
              if layer(a) is not None and layer(b) is None and b not in ("generators",)]
    assert not wrong, "下层模块引用了上层：\n" + "\n".join(sorted(wrong))


def test_no_import_cycles():
    graph = imports()
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycles.append(" → ".join(stack[stack.index(dep):] + [dep]))
            elif dep not in state:
                visit(dep, stack + [dep])
        state[node] = 2

    for mod in sorted(graph):
        if mod not in state:
            visit(mod, [mod])
    assert not cycles, "循环引用：\n" + "\n".join(cycles)
