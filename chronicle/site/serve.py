"""`chronicle serve`: build, serve on localhost, rebuild and reload the browser on change."""
from __future__ import annotations

import sys
from pathlib import Path

from chronicle.config import CONFIG_NAME, load_config
from chronicle.errors import ChronicleError
from chronicle.site.build import BuildOptions, build


def serve(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000,
          open_browser: bool = False) -> None:
    from livereload import Server

    def rebuild() -> None:
        try:
            options.config = load_config(options.config.root)
            result = build(options)
            print(f"rebuilt: {result.summary()}", flush=True)
        except ChronicleError as exc:
            # Keep serving the last good site; the error is on the console.
            print(f"error: {exc}", file=sys.stderr, flush=True)

    rebuild()
    server = Server()
    root = options.config.root
    for watched in (options.content_dir, root / "themes", root / CONFIG_NAME):
        if Path(watched).exists():
            server.watch(str(watched), rebuild, delay=0.1)
    print(f"serving {options.out_dir} at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    server.serve(root=str(options.out_dir), host=host, port=port,
                 open_url_delay=0.5 if open_browser else None, restart_delay=0)
