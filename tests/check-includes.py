#!/usr/bin/env python3
"""Keeps src/core layered and src/core and src/gui free of include cycles.

src/core/README.md gives the rule: each folder of src/core is a layer and includes only the
layers below it (and itself); nothing in src/core includes GTK, GDK or libadwaita. A module is
a .c with its .h and -private.h; no two modules may include each other, however indirectly.
Only store/ talks to SQLite (<sqlite3.h>, sqlite3_*, SQLITE_*): the layers above go through
store/csl-db.h, so that another database backend can be added in store/ alone.

Usage: check-includes.py SRC_DIR   (exit 1 and one line per problem when the rule is broken)
"""

import os
import re
import sys

# Lowest first; a folder may include only folders of a lower rank, or its own.
LAYERS = {
    "base": 0,
    "store": 1,
    "label": 1,
    "records": 2,
    "documents": 3,
    "lifecycle": 4,
    "bundle": 5,
    "workspace": 6,
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
TOOLKIT = re.compile(r"^(gtk/|gdk/|adwaita\.h|gsk/)")
DATABASE_FOLDER = "store"
DATABASE_TOKEN = re.compile(r"\b(sqlite3\w*|SQLITE_\w+)")
# Comments and literals are not calls; includes are reported on their own.
NOT_CODE = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|^\s*#\s*include[^\n]*',
                      re.S | re.M)


def module_of(path):
    stem = os.path.splitext(os.path.basename(path))[0]
    return stem[: -len("-private")] if stem.endswith("-private") else stem


def sources(top):
    for dirpath, _dirs, files in os.walk(top):
        for name in sorted(files):
            if name.endswith((".c", ".h")):
                yield os.path.join(dirpath, name)


def includes(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # Commented-out includes are not includes.
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return INCLUDE.findall(text)


def database_tokens(path):
    """(line, token) for each use of SQLite's own API in the file's code."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # Blank out what is not code, keeping the line breaks so that line numbers stay right.
    code = NOT_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    for m in DATABASE_TOKEN.finditer(code):
        yield code.count("\n", 0, m.start()) + 1, m.group(1)


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def check_core(src, problems):
    core = os.path.join(src, "core")
    graph = {}
    headers = {}
    for path in sources(core):
        rel = os.path.relpath(path, core)
        if os.sep in rel:
            headers[rel.replace(os.sep, "/")] = rel.split(os.sep)[0]
    for path in sources(core):
        rel = os.path.relpath(path, core).replace(os.sep, "/")
        folder = rel.split("/")[0] if "/" in rel else None
        if folder is None:
            problems.append(f"src/core/{rel}: every source belongs in a layer folder")
            continue
        if folder not in LAYERS:
            problems.append(f"src/core/{rel}: {folder}/ is not a layer listed in {__file__}")
            continue
        module = f"{folder}/{module_of(rel)}"
        graph.setdefault(module, set())
        for kind, name in includes(path):
            if kind == "<" and TOOLKIT.match(name):
                problems.append(f"src/core/{rel}: includes <{name}>; core has no GTK")
                continue
            if kind == "<" and name == "sqlite3.h" and folder != DATABASE_FOLDER:
                problems.append(f"src/core/{rel}: includes <sqlite3.h>; only {DATABASE_FOLDER}/ "
                                f"talks to SQLite (use store/csl-db.h)")
                continue
            if kind != '"' or name == "config.h" or name.endswith("-resources.h"):
                continue
            if name not in headers:
                problems.append(f'src/core/{rel}: includes "{name}", which is not a core header '
                                f'named by its folder ("store/csl-db.h")')
                continue
            target = headers[name]
            if target != folder and LAYERS[target] >= LAYERS[folder]:
                problems.append(f"src/core/{rel}: {folder}/ includes {name}, "
                                f"but {target}/ is not a layer below {folder}/")
            graph[module].add(f"{target}/{module_of(name)}")
        if folder != DATABASE_FOLDER:
            for line, token in database_tokens(path):
                problems.append(f"src/core/{rel}:{line}: uses {token}; only {DATABASE_FOLDER}/ "
                                f"talks to SQLite (use CslStmt from store/csl-db.h)")
    for component in cycles(graph):
        problems.append("src/core: include cycle between " + ", ".join(component))


def check_gui(src, problems):
    gui = os.path.join(src, "gui")
    graph = {}
    for path in sources(gui):
        module = module_of(path)
        graph.setdefault(module, set())
        for kind, name in includes(path):
            if kind == '"' and "/" not in name and os.path.exists(os.path.join(gui, name)):
                graph[module].add(module_of(name))
    for component in cycles(graph):
        problems.append("src/gui: include cycle between " + ", ".join(component))


def check(src):
    problems = []
    check_core(src, problems)
    check_gui(src, problems)
    return problems


def self_test():
    """The checker itself must see each kind of break: an upward include, a cycle, GTK."""
    import tempfile

    def tree(files):
        top = tempfile.mkdtemp()
        for rel, text in files.items():
            path = os.path.join(top, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        return top

    clean = {"core/base/csl-a.h": "", "core/store/csl-b.h": '#include "base/csl-a.h"\n',
             "core/store/csl-d.c": "#include <sqlite3.h>\nint f (sqlite3_stmt *s) { return sqlite3_step (s) == SQLITE_ROW; }\n",
             "core/records/csl-r.c": '/* not sqlite3_step () */\n// SQLITE_ROW\nconst char *m = "sqlite3_open";\n',
             "gui/csl-w.h": '#include "csl-v.h"\n', "gui/csl-v.h": ""}
    cases = {
        "upward": dict(clean, **{"core/base/csl-a.c": '#include "store/csl-b.h"\n'}),
        "cycle": dict(clean, **{"core/base/csl-c.h": '#include "base/csl-a.h"\n',
                                "core/base/csl-a.c": '#include "base/csl-c.h"\n'}),
        "gtk": dict(clean, **{"core/store/csl-b.c": "#include <gtk/gtk.h>\n"}),
        "gui cycle": dict(clean, **{"gui/csl-v.c": '#include "csl-w.h"\n'}),
        "flat include": dict(clean, **{"core/store/csl-b.c": '#include "csl-a.h"\n'}),
        "sqlite3.h": dict(clean, **{"core/records/csl-r.c": "#include <sqlite3.h>\n"}),
        "SQLite call": dict(clean, **{"core/lifecycle/csl-l.c": "int g (void) {\n  return csl_x () == SQLITE_DONE;\n}\n"}),
    }
    failures = []
    if check(tree(clean)):
        failures.append("a clean tree was reported: " + "; ".join(check(tree(clean))))
    for name, files in cases.items():
        if not check(tree(files)):
            failures.append(f"a tree with the {name} case was not reported")
    for failure in failures:
        print("self-test:", failure)
    return failures


def main():
    if self_test():
        return 1
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src")
    problems = check(src)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} include problems; see src/core/README.md", file=sys.stderr)
        return 1
    print("includes: layered, no cycles, no GTK in core, SQLite only in core/store")
    return 0


if __name__ == "__main__":
    sys.exit(main())
