"""The editor's desk: the review items of a chronicle, the editor's decisions written into
the content files, and corrections made once.

- `listing`: every review item of the chronicle, ranked by how much deciding it changes the
  published chronicle (`chronicle review`).
- `decide`: an editor's decision on one item (accept, pick a candidate, not a place, not a
  date, merge into another place, set the date), written into the entry and place files.
- `incidents`: the incident merges near the threshold (two incidents the site's merging
  almost joined), as review items; "merge" or "apart" written into `content/incidents.yml`.
- `places`: `chronicle places merge | rename | prune`.
- `web`: the review page and its actions, routes of `chronicle serve` (local only: never a
  page of the site), protected against cross-site requests.

A top room, like `check` and `cli`: it may read extraction (to place a candidate in its
chain of places, to date events again) and the site (its model's near merges), and hands
its routes to the site's server (which never imports it).
"""
