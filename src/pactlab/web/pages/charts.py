"""Vega-Lite specifications of the pages' charts, built from a result's own numbers.

Each function returns a plain dict (Vega-Lite v6 JSON); the page embeds it as JSON data (never as
script) and ``static/app.js`` renders it with the vendored vega-embed.
"""

from __future__ import annotations

from typing import Any

__all__ = ["forecast_chart", "gantt_chart", "ledger_chart", "risk_chart"]

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier only: nothing is fetched


def _base(description: str, width: int | str = "container") -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": width,
        "config": {"view": {"stroke": None}},
    }


def forecast_chart(forecasts: list[dict[str, Any]], issues: list[dict[str, Any]]) -> dict[str, Any]:
    """Forecast per issue per model (points), the status quo (black tick), the consensus win-set (band)."""
    quo = [
        {"issue": i["issue"], "status_quo": i["status_quo"]} for i in issues if i["status_quo"] is not None
    ]
    wins = [
        {"issue": i["issue"], "lo": i["win_set"][0], "hi": i["win_set"][1]} for i in issues if i["win_set"]
    ]
    y = {"field": "issue", "type": "nominal", "title": None}
    x_scale = {"domain": [0, 100]}
    spec = _base("Forecast per issue and model, status quo and consensus win-set")
    spec["height"] = {"step": 28}
    spec["layer"] = [
        {
            "data": {"values": wins},
            "mark": {"type": "bar", "color": "#cde6cd", "height": 14},
            "encoding": {
                "y": y,
                "x": {
                    "field": "lo",
                    "type": "quantitative",
                    "scale": x_scale,
                    "title": "position on the issue's scale (0-100)",
                },
                "x2": {"field": "hi"},
                "tooltip": [
                    {"field": "issue"},
                    {"field": "lo", "title": "win-set from"},
                    {"field": "hi", "title": "win-set to"},
                ],
            },
        },
        {
            "data": {"values": quo},
            "mark": {"type": "tick", "color": "black", "thickness": 3},
            "encoding": {
                "y": y,
                "x": {"field": "status_quo", "type": "quantitative", "scale": x_scale},
                "tooltip": [{"field": "issue"}, {"field": "status_quo", "title": "status quo"}],
            },
        },
        {
            "data": {"values": forecasts},
            "mark": {"type": "point", "filled": True, "size": 70},
            "encoding": {
                "y": y,
                "x": {"field": "forecast", "type": "quantitative", "scale": x_scale},
                "color": {"field": "model", "type": "nominal", "title": "model"},
                "shape": {"field": "model", "type": "nominal"},
                "tooltip": [{"field": "issue"}, {"field": "model"}, {"field": "forecast", "format": ".1f"}],
            },
        },
    ]
    return spec


def risk_chart(options: list[dict[str, Any]]) -> dict[str, Any]:
    """P(deter) and P(direct clash) per option, each with its 90% spread over the priors."""
    values = []
    for o in options:
        for measure, key, span in (
            ("P(deter)", "p_deterrence", "i_deterrence"),
            ("P(clash)", "p_clash", "i_clash"),
        ):
            if o.get(key) is None:
                continue
            interval = (o.get(span) or {}).get("spread90") or [o[key], o[key]]
            values.append(
                {"option": o["option"], "measure": measure, "p": o[key], "lo": interval[0], "hi": interval[1]}
            )
    spec = _base("P(deter) and P(clash) per option with 90% intervals over the priors")
    spec["data"] = {"values": values}
    spec["facet"] = {"column": {"field": "measure", "type": "nominal", "title": None}}
    spec["resolve"] = {"scale": {"x": "independent"}}
    spec.pop("width")
    y = {"field": "option", "type": "nominal", "title": None}
    spec["spec"] = {
        "width": 260,
        "layer": [
            {
                "mark": {"type": "rule"},
                "encoding": {
                    "y": y,
                    "x": {"field": "lo", "type": "quantitative", "title": "probability"},
                    "x2": {"field": "hi"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 70},
                "encoding": {
                    "y": y,
                    "x": {"field": "p", "type": "quantitative"},
                    "tooltip": [
                        {"field": "option"},
                        {"field": "measure"},
                        {"field": "p", "format": ".3f"},
                        {"field": "lo", "format": ".3f", "title": "90% from"},
                        {"field": "hi", "format": ".3f", "title": "90% to"},
                    ],
                },
            },
        ],
    }
    return spec


def gantt_chart(steps: list[dict[str, Any]], period: str = "period") -> dict[str, Any]:
    """The roadmap as a Gantt chart: one bar per step from its start to its end period."""
    spec = _base("Roadmap: when each guarantee step starts and ends")
    spec["data"] = {"values": steps}
    spec["height"] = {"step": 20}
    spec["mark"] = {"type": "bar", "cornerRadius": 2}
    spec["encoding"] = {
        "y": {
            "field": "title",
            "type": "nominal",
            "sort": {"field": "start"},
            "title": None,
            "axis": {"labelLimit": 320},
        },
        "x": {"field": "start", "type": "quantitative", "title": f"{period} (from the start)"},
        "x2": {"field": "end"},
        "color": {"field": "kind", "type": "nominal", "title": "kind"},
        "tooltip": [{"field": "title"}, {"field": "start"}, {"field": "end"}],
    }
    return spec


def ledger_chart(months: list[dict[str, Any]]) -> dict[str, Any]:
    """Pledged (committed, allocated) and delivered EUR per month for one selection."""
    values = []
    for m in months:
        if m["month"] == "undated":
            continue
        for stage in ("committed", "allocated", "delivered"):
            values.append({"month": m["month"], "stage": stage, "eur_bn": m[f"{stage}_eur"] / 1e9})
    spec = _base("EUR by month and stage for the selection")
    spec["height"] = 220
    spec["data"] = {"values": values}
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "x": {"field": "month", "type": "ordinal", "title": "month"},
        "y": {"field": "eur_bn", "type": "quantitative", "title": "EUR bn", "stack": None},
        "xOffset": {"field": "stage"},
        "color": {
            "field": "stage",
            "type": "nominal",
            "scale": {"domain": ["committed", "allocated", "delivered"]},
        },
        "tooltip": [
            {"field": "month"},
            {"field": "stage"},
            {"field": "eur_bn", "format": ".3f", "title": "EUR bn"},
        ],
    }
    return spec
