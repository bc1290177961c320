#!/usr/bin/env python3
"""House rules the compiler does not check, for `src/`:

- no import cycles between modules (a child that uses its parent's items counts as a cycle:
  shared types live in a sibling module);
- no function over 80 lines unless its doc comment says why ("Long on purpose").

    python3 bench/house-check.py        # exit 1 and a list when a rule is broken
"""
import glob
import re
import sys


def modpath(fn):
    p = fn[len("src/"):-3].split("/")
    if p[-1] == "mod":
        p = p[:-1]
    if p == ["lib"]:
        return "crate"
    if p[0] in ("main", "cli"):
        return "bin::" + "::".join(p)
    return "crate::" + "::".join(p)


def import_graph(files):
    mods = {modpath(f): f for f in files}
    edges = {}
    for f in files:
        me = modpath(f)
        src = open(f, encoding="utf-8").read()
        src = re.sub(r"#\[cfg\(test\)\]\s*mod tests \{.*", "", src, flags=re.S)
        deps = set()
        for m in re.finditer(r"\b(crate|super|lede)::((?:[a-z_0-9]+::)*[a-z_0-9]+)", src):
            root, rest = m.group(1), m.group(2).split("::")
            path = me.split("::")[:-1] if root == "super" else ["crate"]
            for r in rest:
                if "::".join(path + [r]) in mods:
                    path = path + [r]
                else:
                    break
            target = "::".join(path)
            if target != me and target in mods:
                deps.add(target)
        for m in re.finditer(r"^\s*(?:pub )?use ([a-z_]+)::", src, re.M):
            cand = me + "::" + m.group(1)
            if cand in mods:
                deps.add(cand)
        edges[me] = deps
    return edges


def cycles(edges):
    found = set()

    def dfs(n, stack):
        for d in edges.get(n, ()):
            if d in stack:
                found.add(" -> ".join(stack[stack.index(d):] + [d]))
            else:
                dfs(d, stack + [d])

    for n in edges:
        dfs(n, [n])
    return sorted(found)


def long_functions(files, limit=80):
    out = []
    for fn in files:
        lines = open(fn, encoding="utf-8").read().split("\n")
        for i, line in enumerate(lines):
            m = re.match(r"^(\s*)(pub(\([a-z]+\))? )?fn (\w+)", line)
            if not m or line.rstrip().endswith(";"):
                continue
            ind = m.group(1)
            j = i
            while j < len(lines) and lines[j].rstrip() != ind + "}":
                j += 1
            doc = "\n".join(lines[max(0, i - 8):i])
            if j - i + 1 > limit and "Long on purpose" not in doc:
                out.append(f"{fn}:{i + 1} {m.group(4)}: {j - i + 1} lines")
    return out


def main():
    files = sorted(glob.glob("src/**/*.rs", recursive=True))
    problems = [f"import cycle: {c}" for c in cycles(import_graph(files))]
    problems += [f"long function: {f}" for f in long_functions(files + glob.glob("benches/*.rs"))]
    for p in problems:
        print(p)
    print(f"{len(files)} files: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
