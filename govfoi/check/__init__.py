"""The checks of one report beyond the parse: the template's identities over its cells, and the narrative's
figures against the table.
"""
