#!/usr/bin/env python3
"""Checks that Package.swift's target graph is what the sources import.

Every module a target's files import must be a declared dependency of that target (a module that is only
reachable through another dependency does not count: the graph would then lie about who needs what), and
every declared dependency on one of our own targets must be imported by at least one of its files (an edge
kept only for dead code links modules the target does not use). System libraries and Swift's own modules
are not checked. Also checks that the CPU-only targets reach no Vulkan through their dependencies.
Run from the repository root: python3 Scripts/check-module-graph.py  (exit 1 and a list when they differ).
"""
import json
import pathlib
import re
import subprocess
import sys

# Modules of the toolchain and the system, not targets of this package.
EXTERNAL = {"Foundation", "FoundationEssentials", "Dispatch", "Glibc", "Musl", "Darwin", "XCTest",
            "Synchronization", "PackagePlugin", "ArgumentParser"}
# Targets that must build without Vulkan (docs/ARCHITECTURE.md: stage 1 and the body model are CPU code).
CPU_ONLY = ["Motion", "Body", "Media", "Landmarks", "ModelFiles", "Drawing"]
IMPORT = re.compile(r"^\s*(?:@testable\s+|@_implementationOnly\s+)?import\s+(?:(?:struct|class|enum|func)\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.M)


def package() -> dict:
    output = subprocess.run(["swift", "package", "dump-package"], check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def target_folder(target: dict) -> pathlib.Path:
    if target.get("path"):
        return pathlib.Path(target["path"])
    root = "Tests" if target["type"] == "test" else "Sources"
    if target["type"] == "plugin":
        root = "Plugins"
    return pathlib.Path(root) / target["name"]


def dependency_names(target: dict) -> set:
    names = set()
    for dependency in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                names.add(dependency[kind][0])
    return names


def main() -> int:
    manifest = package()
    targets = {t["name"]: t for t in manifest["targets"]}
    ours = set(targets)
    problems = []
    for name, target in sorted(targets.items()):
        if target["type"] in ("system", "plugin", "binary"):
            continue
        folder = target_folder(target)
        imported = {}
        for file in sorted(folder.rglob("*.swift")):
            for module in IMPORT.findall(file.read_text(encoding="utf-8")):
                imported.setdefault(module, file)
        declared = dependency_names(target)
        for module, file in sorted(imported.items()):
            if module in EXTERNAL or module == name:
                continue
            if module not in declared:
                problems.append(f"{name}: {file} imports {module}, which Package.swift does not list as its dependency")
        for module in sorted(declared & ours):
            if targets[module]["type"] in ("system",):
                # A system library is imported through its module map; a target may depend on it only to link it.
                if module not in imported:
                    problems.append(f"{name}: depends on the system library {module} but no file imports it")
                continue
            if targets[module]["type"] == "plugin" or module not in targets:
                continue
            if module not in imported:
                problems.append(f"{name}: depends on {module} but none of its files imports it")

    def reaches(start: str) -> set:
        seen, stack = set(), [start]
        while stack:
            current = stack.pop()
            for module in dependency_names(targets.get(current, {})) & ours:
                if module not in seen:
                    seen.add(module)
                    stack.append(module)
        return seen

    for name in CPU_ONLY:
        if name in targets and "CVulkan" in reaches(name):
            path = [m for m in reaches(name) if "CVulkan" in reaches(m) or m == "CVulkan"]
            problems.append(f"{name} is CPU-only but reaches Vulkan through {', '.join(sorted(path))}")

    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} difference(s) between Package.swift and the imports", file=sys.stderr)
        return 1
    print(f"module graph: {len(targets)} targets, every import declared, every dependency used; "
          f"{', '.join(CPU_ONLY)} reach no Vulkan")
    return 0


if __name__ == "__main__":
    sys.exit(main())
