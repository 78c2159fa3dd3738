"""The benchmark corpus as a Hugo site: taxonomies city/partner/destination/tag, related content, RSS, sitemap."""

from __future__ import annotations

from pathlib import Path

import yaml

CONFIG = """baseURL = "http://127.0.0.1:8000/"
languageCode = "ko"
title = "briefings"
disableKinds = []
[taxonomies]
  city = "cities"
  partner = "partners"
  destination = "destinations"
  tag = "tags"
[related]
  includeNewer = true
  threshold = 1
  toLower = false
  [[related.indices]]
    name = "partners"
    weight = 6
  [[related.indices]]
    name = "destinations"
    weight = 3
  [[related.indices]]
    name = "cities"
    weight = 3
  [[related.indices]]
    name = "tags"
    weight = 1
  [[related.indices]]
    name = "date"
    weight = 1
"""

LAYOUTS = {
    "_default/baseof.html": '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
                            '</head><body>{{ block "main" . }}{{ end }}</body></html>\n',
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>'
                            '{{ range .Params.cities }}<a href="{{ "cities/" | relURL }}{{ . | urlize }}/">{{ . }}</a>{{ end }}'
                            '{{ .Content }}<h2>관련</h2><ul>{{ range first 5 (.Site.RegularPages.Related .) }}'
                            '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
                          '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>'
                          '{{ end }}</ul>{{ end }}\n',
    "_default/terms.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}'
                           '<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>'
                           '{{ end }}</ul>{{ end }}\n',
    "index.html": '{{ define "main" }}<ul>{{ range first 10 .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">'
                  '{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
}


def write_hugo_site(source_root: Path, target: Path) -> None:
    """Convert our briefings (same titles, dates, terms and bodies) into a Hugo site at ``target``."""
    (target / "content" / "briefings").mkdir(parents=True, exist_ok=True)
    (target / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        path = target / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for path in sorted((source_root / "content" / "briefings").glob("*.md")):
        _, front_text, body = path.read_text(encoding="utf-8").split("---\n", 2)
        front = yaml.safe_load(front_text)
        hugo_front = {"title": front["title"], "date": str(front["date"]), "slug": path.stem[11:],
                      "cities": front.get("city", []), "partners": front.get("partners", []),
                      "destinations": front.get("destinations", []), "tags": front.get("tags", []),
                      "summary": front.get("summary", "")}
        text = "---\n" + yaml.safe_dump(hugo_front, allow_unicode=True, sort_keys=False) + "---\n" + body
        (target / "content" / "briefings" / path.name).write_text(text, encoding="utf-8")
