"""One report: its text → tokens → template rows and cells, the repairs, its identity (agency, year,
template, layout), as a ``Report`` (``parse_report``).
"""
