"""The server-rendered pages (Jinja2 templates, htmx, Vega-Lite charts)."""

__all__: list[str] = []
