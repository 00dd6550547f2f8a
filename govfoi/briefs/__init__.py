"""Charts, notebooks and HTML briefs from the frames (the ``briefs`` extra: Altair, papermill, IPython)."""
