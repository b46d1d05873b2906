"""The open-data dump: every public record of the portal as CSV files with a
Frictionless Data Package descriptor, in one ZIP (docs/open-data.md).

tables.py is the machinery of a file and its Table Schema, with the columns
and link tables several files share; partner_resources.py,
event_resources.py, hearing_resources.py, working_group_resources.py and
statistics.py say what is published and how each field is described, and
resources.py puts their files in order; build.py writes the ZIP and reads
back what the page shows; rebuild.py throttles the rebuilds that public
changes ask for.
"""
