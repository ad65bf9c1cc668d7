"""Workflow diagrams drawn from the declarations in workflows/, in Chinese, as plain SVG: one
renderer for the API (`/api/v1/workflows/{name}.svg`) and the pages."""

from service.diagrams.svg import diagram

__all__ = ["diagram"]
