"""Build a clean notebook from a percent-format script (authoring aid; the notebook is the source of truth).

Cells start with `# %%` (code) or `# %% [markdown]` (markdown; each line starts with `# `).
Tags: `# %% tags=["parameters"]`.  Usage: python tools/py2nb.py SRC.py DST.ipynb
"""
import hashlib, json, re, sys, nbformat

def percent_to_nb(text):
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "python3", "language": "python", "name": "python3"}}
    cells, cur = [], None
    for line in text.splitlines():
        m = re.match(r'^# %%(.*)$', line)
        if m:
            if cur is not None: cells.append(cur)
            head = m.group(1)
            tags = re.search(r'tags=(\[.*?\])', head)
            cur = dict(kind='markdown' if '[markdown]' in head else 'code', lines=[],
                       tags=json.loads(tags.group(1)) if tags else [])
            continue
        if cur is None: continue
        cur['lines'].append(line)
    if cur is not None: cells.append(cur)
    for c in cells:
        lines = c['lines']
        while lines and not lines[-1].strip(): lines.pop()
        while lines and not lines[0].strip(): lines.pop(0)
        if c['kind'] == 'markdown':
            src = '\n'.join(l[2:] if l.startswith('# ') else l.lstrip('#') for l in lines)
            cell = nbformat.v4.new_markdown_cell(src)
        else:
            cell = nbformat.v4.new_code_cell('\n'.join(lines))
        if c['tags']: cell.metadata['tags'] = c['tags']
        # deterministic ids: reconverting an unchanged cell keeps its id (clean diffs)
        cell.id = hashlib.sha1(f"{len(nb.cells)}:{cell.source}".encode()).hexdigest()[:8]
        nb.cells.append(cell)
    return nb

if __name__ == '__main__':
    src, dst = sys.argv[1], sys.argv[2]
    nb = percent_to_nb(open(src).read())
    nbformat.write(nb, dst)
    print(f'wrote {dst} ({len(nb.cells)} cells)')
