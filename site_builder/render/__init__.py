"""Render: the page plan, the Jinja environment, and the producers of data files (feeds, calendars, ledger, charts)."""
