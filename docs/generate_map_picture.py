"""Draw docs/img/partnerships-map.png, the map in README.md, from the bundled data.

Run it after changing how maps are drawn:

    python docs/generate_map_picture.py
"""

from __future__ import annotations

from pathlib import Path

import s3graph

PICTURE = Path(__file__).with_name("img") / "partnerships-map.png"

if __name__ == "__main__":
    with s3graph.open_built_store("memory") as store:
        s3graph.region_map(store).write(PICTURE)
