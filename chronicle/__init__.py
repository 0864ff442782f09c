"""Chronicle: a static-site generator for conflict reporting.

The pipeline, one sub-package per stage:

    read/     article files -> Article (clean body, title, publication date)
    extract/  Article text -> dates, places, events
    entries   Article + extraction -> front-matter Markdown entries in content/
    site/     content/ -> model -> rendered pages -> site/
"""

__version__ = "0.1.0"
