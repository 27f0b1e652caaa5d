"""Write a notebook as a percent-format script (the inverse of `py2nb.py`; an authoring aid for editing in a text editor).

Usage: python tools/nb2py.py SRC.ipynb DST.py
"""
import json, sys, nbformat

def nb_to_percent(nb) -> str:
    out = []
    for c in nb.cells:
        tags = c.metadata.get('tags', [])
        head = '# %%' + (' [markdown]' if c.cell_type == 'markdown' else '') + (f' tags={json.dumps(tags)}' if tags else '')
        body = '\n'.join(('# ' + l if l else '#') for l in c.source.splitlines()) if c.cell_type == 'markdown' else c.source
        out.append(f'{head}\n{body}\n')
    return '\n'.join(out)

if __name__ == '__main__':
    src, dst = sys.argv[1], sys.argv[2]
    open(dst, 'w').write(nb_to_percent(nbformat.read(src, as_version=4)))
    print(f'wrote {dst}')
