"""The site's generated pages, as plain functions over records (`records -> list[Page]`).

`build.generate` runs the check once and returns every page: record pages (`record_pages`),
client and brand pages (`client_pages`, `brand_pages`), the archive home and registers
(`registers`), the rule catalogue (`rule_pages`), the record templates (`template_pages`) and
the dashboards (`generators.site.dashboards`). `reach` checks RET-INDEX on the built HTML;
`public` is SEC-CONFIDENTIAL's public view; `render` holds the escaping helpers.
"""
