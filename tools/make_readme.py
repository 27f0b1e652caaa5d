"""Build README.md from nbs/index.ipynb without Quarto (`nbdev_readme` needs it).

Markdown cells are copied; code cells are shown as python blocks unless marked `#| hide`; `#|` directive lines are
dropped; outputs are not included (the notebook is committed clean). Usage: python tools/make_readme.py [--check]
"""
import sys, nbformat
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = "<!-- generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook, not this file -->\n\n"

def render(nb_path=ROOT/"nbs"/"index.ipynb") -> str:
    nb = nbformat.read(str(nb_path), as_version=4)
    parts = []
    for c in nb.cells:
        lines = c.source.splitlines()
        directives = [l for l in lines if l.startswith('#|')]
        if any(d.replace(' ', '') in ('#|hide', '#|include:false') for d in directives): continue
        body = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
        if not body: continue
        parts.append(body if c.cell_type == 'markdown' else f"```python\n{body}\n```")
    return HEADER + '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    text = render()
    if '--check' in sys.argv:
        ok = (ROOT/'README.md').read_text() == text
        print('README.md is up to date' if ok else 'README.md is stale: run python tools/make_readme.py')
        sys.exit(0 if ok else 1)
    (ROOT/'README.md').write_text(text)
    print(f"wrote {ROOT/'README.md'}")
