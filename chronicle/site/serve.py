"""`chronicle serve`: build, serve on localhost, rebuild and reload the browser on change."""
from __future__ import annotations

import sys
from pathlib import Path

from chronicle.config import CONFIG_NAME, load_config
from chronicle.errors import ChronicleError
from chronicle.site.build import BuildOptions, build


def _server_class() -> type:
    from livereload import Server
    from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
    from livereload.server import LiveScriptInjector
    from tornado import web

    class CspFriendlyServer(Server):
        """livereload's server, injecting the reload client as an external same-origin
        script: the pages' Content-Security-Policy (script-src 'self') refuses the inline
        snippet livereload injects by default, and must not be weakened for development."""

        def application(self, port, host, liveport=None, debug=None, live_css=True):
            # livereload drops a change that comes less than a few seconds after the last
            # reload; every save must show, so rebuild and reload at once.
            LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
            LiveReloadHandler.watcher = self.watcher
            LiveReloadHandler.live_css = live_css
            script = f'<script src="/livereload.js?port={port}"></script>'.encode()

            class Injector(LiveScriptInjector):
                pass

            Injector.script = script
            handlers = [(r"/livereload", LiveReloadHandler),
                        (r"/forcereload", ForceReloadHandler),
                        (r"/livereload.js", LiveReloadJSHandler),
                        *self.get_web_handlers(script)]
            app = web.Application(handlers=handlers, debug=bool(debug), transforms=[Injector])
            app.listen(port, address=host)

    return CspFriendlyServer


def serve(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000,
          open_browser: bool = False) -> None:
    def rebuild() -> None:
        try:
            options.config = load_config(options.config.root)
            result = build(options)
            print(f"rebuilt: {result.summary()}", flush=True)
        except ChronicleError as exc:
            # Keep serving the last good site; the error is on the console.
            print(f"error: {exc}", file=sys.stderr, flush=True)

    rebuild()
    server = _server_class()()
    root = options.config.root
    for watched in (options.content_dir, root / "themes", root / CONFIG_NAME):
        if Path(watched).exists():
            server.watch(str(watched), rebuild)
    print(f"serving {options.out_dir} at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    server.serve(root=str(options.out_dir), host=host, port=port,
                 open_url_delay=0.5 if open_browser else None, restart_delay=0)
