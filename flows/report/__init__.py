"""`dipevents report`: the stored events as one offline HTML page of charts and a table.

`db.report` gathers the data from the views; this package draws it: `charts` (plotly
figures), `outlines` (country outlines for the map) and `page` (the HTML around them).
"""

from flows.report.page import render_page

__all__ = ["render_page"]
