# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # peacekg in a notebook
#
# Build the sample corpus (`examples/corpus`) into a temporary store, load the tidy table
# of commitments into pandas, draw the states × A4P heatmap and one state's timeline.
#
# Open it with `jupytext --to notebook examples/notebook.py` (or Jupyter with jupytext
# installed); it needs peacekg with the `frames` extra (pandas). The tests run it from top to
# bottom (`tests/test_notebook.py`).

# %%
# %matplotlib inline
import tempfile
from pathlib import Path

import peacekg
from peacekg.graph.ingest.documents import build

here = Path.cwd()
corpus = here / "corpus" if (here / "corpus").is_dir() else here / "examples" / "corpus"
store = Path(tempfile.mkdtemp(prefix="peacekg-notebook-")) / "store"
report = build([corpus], store, jobs=1)
print(report.summary())

# %% [markdown]
# ## The tidy table
#
# One row per commitment: who (`actor`, `iso3`), on what (`target`, `target_kind`), which
# `stance`, the `year`, the model's `confidence`, the `document` and the evidence's
# character offsets (`start`, `end`) in it. By default only commitments at or above the
# confidence model's threshold are kept (`min_confidence=0` keeps every one).

# %%
kg = peacekg.open(store)
df = kg.table().to_frame()
print(f"{len(df)} commitments, {df['iso3'].nunique()} states")
df[["actor", "iso3", "target", "target_kind", "stance", "year", "confidence", "document",
    "start", "end"]].head(10)  # fmt: skip

# %% [markdown]
# Counting speeches (distinct documents) per state and target is one `groupby` away:

# %%
speeches = (
    df[df["target_kind"] == "Priority"]
    .groupby(["actor", "target_code"])["document"]
    .nunique()
    .unstack(fill_value=0)
)
speeches

# %% [markdown]
# ## States × A4P priorities
#
# The heatmap of `peacekg chart backers`: speeches backing (left) and opposing (right) each
# of the eight thematic areas.

# %%
kg.heatmap()

# %% [markdown]
# ## One state over time
#
# `peacekg timeline India`: India's commitments per year and thematic area, with the
# commitments one step away (`timeline.to_frame()`).

# %%
timeline = kg.timeline("India")
timeline.to_frame()

# %%
timeline.figure()

# %%
kg.close()
