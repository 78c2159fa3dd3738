"""site_builder: a static site builder for a public archive of Korean local governments' work abroad."""

__version__ = "0.1.0"
