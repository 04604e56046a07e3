"""Executes a notebook's code cells in order against a running service, without Jupyter.

    python3 notebooks/run_notebook.py notebooks/bimix-walkthrough.ipynb           # check: every cell runs
    python3 notebooks/run_notebook.py --write notebooks/bimix-walkthrough.ipynb   # and store the outputs

Cells share one namespace, as in a kernel; each cell's printed text becomes its stream output. Jupyter is
not needed (nor installed in CI): the notebooks only print, so stdout is all there is to capture.
"""
import contextlib
import io
import json
import sys
import traceback


def run(path: str, write: bool) -> int:
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    namespace = {"__name__": "__main__"}
    count = 0
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        count += 1
        source = "".join(cell["source"])
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(source, f"{path} cell {index}", "exec"), namespace)
        except Exception:
            sys.stderr.write(out.getvalue())
            traceback.print_exc()
            print(f"cell {index} failed", file=sys.stderr)
            return 1
        cell["execution_count"] = count
        cell["outputs"] = [{"name": "stdout", "output_type": "stream", "text": out.getvalue().splitlines(keepends=True)}] if out.getvalue() else []
        print(f"cell {index}: ok", file=sys.stderr)
    if write:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(notebook, f, indent=1, ensure_ascii=False)
            f.write("\n")
    print(f"{count} code cells ran", file=sys.stderr)
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--write"]
    sys.exit(run(args[0], "--write" in sys.argv))
