#!/usr/bin/env python3
"""Turns caniemail's data (the npm package's data/caniemail.json) into the compact file
Herald compiles in: per feature what in a template uses it (elements, attributes, CSS
properties, at-rules, media features, property values, functions) and, per client
(family.platform), the support of the latest tested version as caniemail writes it
("y", "n", "a", "u", with "#N" note numbers). Usage: caniemail-convert.py DATA VERSION DATE"""

import json
import re
import sys

SKIP = {
    # Detected by no rule in Herald yet (see data/caniemail/README.md).
    "css-comments", "css-important", "css-nesting", "css-variables", "css-sytem-ui",
    "css-intrinsic-size", "css-unit-initial", "html-doctype", "html-comments",
    "html-anchor-links", "html-mailto-links", "html-meta-color-scheme",
    "html-button-reset", "html-button-submit", "html-input-checkbox", "html-input-hidden",
    "html-input-radio", "html-input-reset", "html-input-submit", "html-input-text",
}

SPECIAL = {
    "css-display-flex": {"values": [["display", "flex"], ["display", "inline-flex"]]},
    "css-display-grid": {"values": [["display", "grid"], ["display", "inline-grid"]]},
    "css-display-none": {"values": [["display", "none"]]},
    "css-flex-direction": {"values": [["flex-direction", "column"],
                                      ["flex-direction", "column-reverse"]]},
    "css-flex-wrap": {"values": [["flex-wrap", "wrap"], ["flex-wrap", "wrap-reverse"]]},
    "css-at-media-prefers-color-scheme": {"media_features": ["prefers-color-scheme"]},
    "css-at-media-prefers-reduced-motion": {"media_features": ["prefers-reduced-motion"]},
    "css-at-media-hover": {"media_features": ["hover", "any-hover"]},
    "css-at-media-orientation": {"media_features": ["orientation"]},
    "css-at-media-device-pixel-ratio": {"media_features": [
        "-webkit-device-pixel-ratio", "-webkit-min-device-pixel-ratio",
        "-webkit-max-device-pixel-ratio"]},
    "css-function-clamp": {"functions": ["clamp"]},
    "css-function-max": {"functions": ["max"]},
    "css-function-min": {"functions": ["min"]},
    "css-function-light-dark": {"functions": ["light-dark"]},
    "css-linear-gradient": {"functions": ["linear-gradient", "repeating-linear-gradient"]},
    "css-radial-gradient": {"functions": ["radial-gradient", "repeating-radial-gradient"]},
    "css-conic-gradient": {"functions": ["conic-gradient", "repeating-conic-gradient"]},
    "css-rgb": {"functions": ["rgb"]},
    "css-rgba": {"functions": ["rgba"]},
    "css-unit-calc": {"functions": ["calc"]},
    "css-modern-color": {"functions": ["lch", "oklch", "lab", "oklab"]},
    "css-inert-attribute": {"attributes": ["inert"]},
    "css-padding": {"properties": ["padding", "padding-top", "padding-right",
                                   "padding-bottom", "padding-left"]},
    "css-left-right-top-bottom": {"properties": ["left", "right", "top", "bottom"]},
    "css-block-inline-size": {"properties": ["block-size", "inline-size"]},
    "css-animation": {"properties": ["animation", "animation-name", "animation-duration"]},
    "css-font": {"properties": ["font"]},
    "css-color-scheme": {"properties": ["color-scheme"]},
    "css-scroll-snap": {"properties": ["scroll-snap-type", "scroll-snap-align"]},
    "html-lists": {"elements": ["ul", "ol", "dl"]},
    "html-h1-h6": {"elements": ["h1", "h2", "h3", "h4", "h5", "h6"]},
    "html-address": {"elements": ["address"]},
    "html-base": {"elements": ["base"]},
    "html-svg": {"elements": ["svg"]},
    "html-image-maps": {"elements": ["map"]},
    "html-srcset": {"attributes": ["srcset", "sizes"]},
}

# Properties named in the keywords rather than the title.
KEYWORD_PROPERTIES = {
    "css-border", "css-margin", "css-column-layout-properties", "css-gap",
    "css-grid-template", "css-border-inline-block", "css-border-inline-block-individual",
    "css-border-inline-block-longhand", "css-border-radius-logical",
    "css-margin-block-start-end", "css-margin-inline-block", "css-margin-inline-start-end",
    "css-padding-block-start-end", "css-padding-inline-block", "css-padding-inline-start-end",
    "css-inset", "css-overflow",
}

NAME = re.compile(r"^[a-z-]+$")


def keywords(feature):
    return [k.strip() for k in (feature.get("keywords") or "").split(",") if NAME.match(k.strip())]


def matchers(feature):
    slug, title = feature["slug"], feature["title"].strip()
    if slug in SPECIAL:
        return dict(SPECIAL[slug])
    if feature["category"] == "css":
        if slug.startswith(("css-pseudo-", "css-selector-", "css-unit-")):
            return {}
        if slug.startswith("css-at-"):
            return {"at_rules": [title.lstrip("@")]}
        names = []
        if slug in KEYWORD_PROPERTIES:
            names = keywords(feature)
        bare = re.sub(r" (property|CSS property)$", "", title)
        if NAME.match(bare):
            names = [bare] + [n for n in names if n != bare]
        return {"properties": names} if names else {}
    m = re.match(r"^<([a-z0-9]+)> element$", title)
    if m:
        return {"elements": [m.group(1)]}
    m = re.match(r"^([a-z-]+) attribute$", title)
    if m:
        return {"attributes": [m.group(1)]}
    if slug == "html-semantics":
        return {"elements": keywords(feature)}
    if re.match(r"^<[a-z0-9]+>$", title):
        return {"elements": [title[1:-1]]}
    if NAME.match(title) and slug == "html-" + title:
        return {"elements": [title]}
    return {}


def latest(versions):
    return versions[sorted(versions)[-1]]


def main():
    source, version, date = sys.argv[1:4]
    with open(source, encoding="utf-8") as f:
        data = json.load(f)
    features = []
    unmatched = []
    for feature in data["data"]:
        if feature["category"] not in ("html", "css") or feature["slug"] in SKIP:
            continue
        match = matchers(feature)
        if not match:
            unmatched.append(feature["slug"])
            continue
        stats = {}
        for family, platforms in sorted(feature["stats"].items()):
            for platform, versions in sorted(platforms.items()):
                if versions:
                    stats[family + "." + platform] = latest(versions)
        entry = {"slug": feature["slug"], "title": feature["title"].strip(),
                 "category": feature["category"], "url": feature["url"]}
        entry.update(match)
        entry["stats"] = stats
        entry["notes"] = {k: v for k, v in (feature.get("notes_by_num") or {}).items() if v}
        features.append(entry)
    out = {
        "source": {"package": "caniemail", "version": version, "snapshot_date": date,
                   "data_updated": data.get("last_update_date"),
                   "licence": "MIT", "homepage": "https://www.caniemail.com/"},
        "families": data["nicenames"]["family"],
        "platforms": data["nicenames"]["platform"],
        "not_detected": sorted(unmatched),
        "features": features,
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=0, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
